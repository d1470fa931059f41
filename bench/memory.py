#!/usr/bin/env python
"""Peak memory of imports as files grow: it must stay flat, whatever the file.

    python bench/memory.py          # CSV 10k/100k/1M(/3M fast path), XLSX 10k/100k rows
    BENCH_MEMORY_XLSX_ROWS=10000,100000,1000000 python bench/memory.py
    BENCH_MEMORY_DATABASE_URL=postgres:///mydb python bench/memory.py

Each import runs in a fresh process (so ``ru_maxrss`` is that import's own peak) and in
a transaction that is rolled back, so runs do not see each other's rows and the
database stays as it was. Measured per file: peak RSS, its ratio to the peak of the
smallest file of the same kind (flat ≈ 1.0) and the time. Kinds: CSV in canonical form
(PostgreSQL's polars/COPY fast path), CSV with ``¥`` amounts (the row-by-row path), XLSX
(openpyxl, streaming), and a zip bomb (a valid XLSX whose 50 MB sheet is ~200 KB on
disk), which must be refused at once. The database (default postgres:///fucai_bench_memory)
is created and given a small station network if it has none. Writes
bench/memory.json and prints a table; `bench/run.py` calls it at its end.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "memory.json"
DATABASE_URL = os.environ.get("BENCH_MEMORY_DATABASE_URL", "postgres:///fucai_bench_memory")
STATIONS = int(os.environ.get("BENCH_MEMORY_STATIONS", "200"))
# The fast path reads 8 MB chunks, a few in flight: its peak plateaus once a file is
# past ~30 MB (1M rows), which the 3M-row file shows.
FAST_ROWS = [
    int(n)
    for n in os.environ.get("BENCH_MEMORY_FAST_ROWS", "10000,100000,1000000,3000000").split(",")
]
CSV_ROWS = [int(n) for n in os.environ.get("BENCH_MEMORY_ROWS", "10000,100000,1000000").split(",")]
XLSX_ROWS = [int(n) for n in os.environ.get("BENCH_MEMORY_XLSX_ROWS", "10000,100000").split(",")]
BOMB_MB = int(os.environ.get("BENCH_MEMORY_BOMB_MB", "50"))
GAMES = ("SSQ", "QLC", "3D", "KL8", "GGL", "ZFZX", "K3", "DF61")
FIRST_DAY = datetime.date(2010, 1, 1)

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", flush=True)


def _env() -> dict:
    return dict(
        os.environ,
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="fucai.settings",
        PYTHONPATH=str(ROOT),
        DEBUG="1",
    )


def ensure_database() -> None:
    import psycopg

    name = urlparse(DATABASE_URL).path.lstrip("/")
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


_PREPARE = """
import datetime, os
import django
django.setup()
from django.core.management import call_command
from fucai.stations.models import Station
call_command("migrate", verbosity=0)
if not Station.objects.exists():
    with open(os.devnull, "w") as quiet:
        call_command("demo", stations={stations}, no_sales=True, stdout=quiet)
Station.objects.update(
    status="active", opened_on=datetime.date(2000, 1, 1), closed_on=None, close_reason=""
)
codes = list(Station.objects.order_by("code").values_list("code", flat=True)[:{stations}])
print(",".join(codes))
"""


def prepare() -> list[str]:
    out = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-c", _PREPARE.format(stations=STATIONS)],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.exit(f"preparing the database failed:\n{out.stderr[-3000:]}")
    return out.stdout.strip().splitlines()[-1].split(",")


def _rows(codes: list[str], count: int, money: str):
    """One row per station × game × day, day by day, ``count`` rows."""
    n = 0
    day = FIRST_DAY
    while True:
        text = day.isoformat()
        for code in codes:
            for game in GAMES:
                tickets = 1 + (n * 7919) % 400
                yield code, game, text, money.format(tickets * 2), tickets
                n += 1
                if n == count:
                    return
        day += datetime.timedelta(days=1)


HEADER = ("站点编号", "游戏", "日期", "销售额", "票数")


def write_csv(path: Path, codes: list[str], count: int, money: str = "{}.00") -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(_rows(codes, count, money))


def write_xlsx(path: Path, codes: list[str], count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from fucai.core.testing.workbooks import row_xml, write_workbook

    parts = (row_xml(row) for row in [HEADER, *_rows(codes, count, "{}.00")])
    with path.open("wb") as handle:
        write_workbook(handle, parts)


def write_bomb(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from fucai.core.testing.workbooks import zip_bomb_xlsx

    with path.open("wb") as handle:
        zip_bomb_xlsx(handle, sheet_mb=BOMB_MB)


_IMPORT = """
import json, resource, sys, time
import django
django.setup()
import openpyxl, polars  # loaded before the baseline: libraries are not the file's cost
from django.db import transaction
from fucai.sales.services import sales_import
path = sys.argv[1]
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
with transaction.atomic():
    with open(path, "rb") as handle:
        batch = sales_import(acting_user=None, file=handle, filename=path.rsplit("/", 1)[-1])
    transaction.set_rollback(True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({
    "status": batch.status, "rows": batch.rows, "seconds": seconds,
    "peak_rss_mb": peak, "baseline_mb": baseline,
    "error": (batch.errors[0]["reason"] if batch.errors else ""),
}, ensure_ascii=False))
"""


def measure(path: Path) -> dict:
    out = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-c", _IMPORT, str(path)],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.exit(f"import of {path.name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    DATA.mkdir(parents=True, exist_ok=True)
    ensure_database()
    codes = prepare()
    log(f"database {DATABASE_URL}: {len(codes)} stations")
    plan: list[tuple[str, int, Path]] = []
    for count in FAST_ROWS:
        path = DATA / f"memory-{count}.csv"
        write_csv(path, codes, count)
        plan.append(("csv", count, path))
    for count in CSV_ROWS:
        path = DATA / f"memory-{count}-yuan.csv"
        write_csv(path, codes, count, money="¥{}.00")
        plan.append(("csv row by row", count, path))
    for count in XLSX_ROWS:
        path = DATA / f"memory-{count}.xlsx"
        write_xlsx(path, codes, count)
        plan.append(("xlsx", count, path))
    bomb = DATA / f"memory-bomb-{BOMB_MB}mb.xlsx"
    write_bomb(bomb)
    plan.append(("zip bomb", 0, bomb))
    log("files written")

    results = []
    smallest: dict[str, float] = {}
    for kind, count, path in plan:
        figures = measure(path)
        base = smallest.setdefault(kind if kind != "zip bomb" else "xlsx", figures["peak_rss_mb"])
        entry = {
            "kind": kind,
            "rows": count,
            "file_mb": round(path.stat().st_size / 1e6, 2),
            "status": figures["status"],
            "seconds": round(figures["seconds"], 2),
            "peak_rss_mb": round(figures["peak_rss_mb"]),
            "above_baseline_mb": round(figures["peak_rss_mb"] - figures["baseline_mb"]),
            "ratio_to_smallest": round(figures["peak_rss_mb"] / base, 2),
            "error": figures["error"][:120],
        }
        results.append(entry)
        log(
            f"{kind:<15} {count:>9,} rows: {entry['status']}, peak {entry['peak_rss_mb']} MB "
            f"(x{entry['ratio_to_smallest']}), {entry['seconds']} s"
        )
        if kind != "zip bomb" and figures["status"] != "succeeded":
            sys.exit(f"{path.name} was not imported: {figures['error']}")
        if kind == "zip bomb" and figures["status"] == "succeeded":
            sys.exit("the zip bomb was imported")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)
    return 0


def print_table(results: list[dict]) -> None:
    print()
    print(
        "  {:<15} {:>10} {:>8} {:>9} {:>11} {:>8} {:>8}".format(
            "import", "rows", "file MB", "peak MB", "over base", "x first", "seconds"
        )
    )
    for r in results:
        print(
            "  {:<15} {:>10,} {:>8} {:>9} {:>11} {:>8} {:>8}".format(
                r["kind"],
                r["rows"],
                r["file_mb"],
                r["peak_rss_mb"],
                r["above_baseline_mb"],
                r["ratio_to_smallest"],
                r["seconds"],
            )
        )
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
