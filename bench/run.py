#!/usr/bin/env python
"""Fucai benchmarks: sales import vs raw COPY, and the dashboard queries at 1 and 3 years.

    make bench                      # 1,275 stations × 8 games × 3 years ≈ 11 M rows
    BENCH_YEARS=1 BENCH_STATIONS=200 make bench

Everything runs in one PostgreSQL database of its own (BENCH_DATABASE_URL, default
postgres:///fucai_bench, dropped and created each run), so the figures of one run are
comparable with each other: every result is reported with the baseline measured in the
same run. Prints a table and writes bench/results.json.

Measured:
  copy_rows_per_s     raw COPY of the file into a bare table carrying the sales table's
                      unique key — the ceiling for any import
  import_rows_per_s   Fucai's import (parse, validate every row, merge, rollups)
  import_vs_copy      the ratio (target ≥ 0.5)
  import_peak_rss_mb  peak memory of the import, for the 1-year and the full file (a
                      streaming import stays flat as the file grows)
  daily_import_s      the last day of the full file imported on its own into a month
                      that holds its other 30 days (the daily routine)
  <query>.p50/p95_ms_1y / _3y   each dashboard and analytics query (target p95 ≤ 50 ms
                      at 3 years and ≤ 1.5 × its 1-year p95)

Then bench/memory.py: peak RSS of CSV / XLSX imports of growing size and of a zip bomb,
each in a fresh process (bench/memory.json; BENCH_MEMORY=0 skips it).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results.json"
YEARS = int(os.environ.get("BENCH_YEARS", "3"))
STATIONS = int(os.environ.get("BENCH_STATIONS", "1275"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres:///fucai_bench")
LAST_YEAR = 2019
REPEAT = int(os.environ.get("BENCH_REPEAT", "60"))  # samples of each query
ROUNDS = 6  # alternating rounds over the 1-year and the full database
GAMES = ("SSQ", "QLC", "3D", "KL8", "GGL", "ZFZX", "K3", "DF61")


_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", flush=True)


# --- the database ------------------------------------------------------------------


DATABASE_URL_1Y = f"{DATABASE_URL}_1y"  # the 1-year data, beside the full data


def _name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not name.startswith("fucai_bench"):
        sys.exit(f"refusing to drop {name!r}: the bench database name must start with fucai_bench")
    return name


def _admin(statements: list[str]) -> None:
    import psycopg

    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def recreate_database() -> None:
    full, one = _name(DATABASE_URL), _name(DATABASE_URL_1Y)
    _admin([f'DROP DATABASE IF EXISTS "{one}"', f'DROP DATABASE IF EXISTS "{full}"'])
    _admin([f'CREATE DATABASE "{full}"'])


def clone_for_one_year() -> None:
    """The 1-year database: a copy of the prepared network (same ids), no sales."""
    from django.db import connections

    connections.close_all()
    _admin([f'CREATE DATABASE "{_name(DATABASE_URL_1Y)}" TEMPLATE "{_name(DATABASE_URL)}"'])


def django_setup() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fucai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_network() -> list[str]:
    """The demo network without sales; every station open over the whole bench period
    so that every generated row is valid."""
    from django.core.management import call_command

    from fucai.stations.models import Station

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", stations=STATIONS, no_sales=True, stdout=quiet)
    Station.objects.update(
        status="active", opened_on=datetime.date(2000, 1, 1), closed_on=None, close_reason=""
    )
    return list(Station.objects.order_by("code").values_list("code", flat=True))


# --- the files ---------------------------------------------------------------------


def generate(path: Path, codes: list[str], years: int) -> int:
    """A terminal-system export: one row per station × game × day, day by day."""
    rng = random.Random(2019)
    first = datetime.date(LAST_YEAR - years + 1, 1, 1)
    days = (datetime.date(LAST_YEAR + 1, 1, 1) - first).days
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["站点编号", "游戏", "日期", "销售额", "票数"])
        for n in range(days):
            day = (first + datetime.timedelta(days=n)).isoformat()
            for code in codes:
                for game in GAMES:
                    tickets = rng.randint(1, 400)
                    writer.writerow([code, game, day, f"{tickets * 2}.00", tickets])
                    rows += 1
    return rows


# --- measurements ------------------------------------------------------------------


def measure_copy(path: Path) -> float:
    """Raw COPY into a bare table with the sales table's unique key; seconds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_raw (station text, game text, date date, "
            "sales numeric(14, 2), tickets integer, UNIQUE (date, station, game))"
        )
        cursor.execute("ALTER TABLE bench_raw SET LOGGED")
        started = time.perf_counter()
        with (
            cursor.cursor.copy("COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as handle,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return seconds


_IMPORT_SCRIPT = """
import json, resource, sys, time
import django
django.setup()
from fucai.sales.services import sales_import
path = sys.argv[1]
started = time.perf_counter()
with open(path, "rb") as handle:
    batch = sales_import(acting_user=None, file=handle, filename=path.rsplit("/", 1)[-1])
seconds = time.perf_counter() - started
assert batch.status == "succeeded", (batch.status, batch.errors[:5])
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rows": batch.rows, "peak_rss_mb": rss}))
"""


def _django_env(url: str) -> dict:
    return dict(
        os.environ,
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        DJANGO_SETTINGS_MODULE="fucai.settings",
        PYTHONPATH=str(ROOT),
    )


def measure_import(path: Path, url: str) -> dict:
    """Fucai's import of ``path`` in a fresh process (so its peak memory is its own)."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="fucai.settings",
        PYTHONPATH=str(ROOT),
    )
    out = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-c", _IMPORT_SCRIPT, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"import failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_daily_import(full: Path, url: str) -> float:
    """A day's file into a month that already holds 30 days (the daily routine): the
    last day of ``full`` is written to a file of its own, its rows are deleted, and the
    file is imported, which recomputes that month from all its days. Seconds."""
    import psycopg

    day = (datetime.date(LAST_YEAR, 12, 31)).isoformat()
    path = DATA / f"sales-day-{day}.csv"
    with full.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        target.write(next(source))
        target.writelines(line for line in source if f",{day}," in line)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM sales_salesday WHERE date = %s", [day])
    return measure_import(path, url)["seconds"]


def settle(url: str) -> None:
    """Vacuumed tables with fresh statistics and the import's dirty pages written out,
    so that the queries are timed on a quiet database, not beside an autovacuum of the
    freshly loaded fact table or a checkpoint's writes."""
    import psycopg

    tables = ("salesday", "salesmonth", "salesregionmonth", "salesstationmonth")
    with psycopg.connect(url, autocommit=True) as conn:
        for table in (*tables, "salesstationyear", "salesregiontotal"):
            conn.execute(f"VACUUM ANALYZE sales_{table}")
        conn.execute("CHECKPOINT")


_TIME_SCRIPT = """
import gc, json, sys, time
import django
django.setup()
from bench.queries import QUERIES, context
ctx = context(int(sys.argv[1]))
samples = {}
for name, query in QUERIES.items():
    query(ctx)  # warm the cache and the plan
gc.collect()
gc.disable()  # as timeit does: no collector pauses inside the samples
for name, query in QUERIES.items():
    samples[name] = []
    for _ in range(int(sys.argv[2])):
        started = time.perf_counter()
        query(ctx)
        samples[name].append((time.perf_counter() - started) * 1000)
print(json.dumps(samples))
"""


def time_queries(urls: dict[str, str]) -> dict[str, dict[str, dict[str, float]]]:
    """p50 and p95 of every query on each database. The databases are sampled in
    alternating rounds, each in a fresh process, so that a slow minute of the machine
    weighs on the 1-year and the 3-year figures alike."""
    samples: dict[str, dict[str, list[float]]] = {label: {} for label in urls}
    per_round = max(1, REPEAT // ROUNDS)
    for _round in range(ROUNDS):
        for label, url in urls.items():
            out = subprocess.run(  # noqa: S603 -- our own interpreter and script
                [sys.executable, "-c", _TIME_SCRIPT, str(LAST_YEAR), str(per_round)],
                env=_django_env(url),
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                sys.exit(f"query timing failed:\n{out.stderr[-3000:]}")
            for name, values in json.loads(out.stdout.strip().splitlines()[-1]).items():
                samples[label].setdefault(name, []).extend(values)
    return {
        label: {name: _percentiles(values) for name, values in by_query.items()}
        for label, by_query in samples.items()
    }


def _percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[max(0, int(len(samples) * 0.95) - 1)],
    }


# --- the run -------------------------------------------------------------------------


def main() -> int:
    DATA.mkdir(parents=True, exist_ok=True)
    log(f"database {DATABASE_URL}: recreating")
    recreate_database()
    django_setup()
    codes = prepare_network()
    log(f"{len(codes)} stations")

    one_year = DATA / f"sales-{len(codes)}x8-1y.csv"
    full = DATA / f"sales-{len(codes)}x8-{YEARS}y.csv"
    rows_1y = generate(one_year, codes, 1)
    rows = generate(full, codes, YEARS) if YEARS > 1 else rows_1y
    log(f"generated {rows:,} rows ({full.stat().st_size / 1e6:.0f} MB)")

    copy_seconds = measure_copy(full)
    log(f"raw COPY: {copy_seconds:.1f} s")
    clone_for_one_year()

    first = measure_import(one_year, DATABASE_URL_1Y)
    log(f"import 1 year: {first['seconds']:.1f} s, peak {first['peak_rss_mb']:.0f} MB")
    settle(DATABASE_URL_1Y)
    if YEARS > 1:
        second = measure_import(full, DATABASE_URL)
        log(f"import {YEARS} y: {second['seconds']:.1f} s, peak {second['peak_rss_mb']:.0f} MB")
        settle(DATABASE_URL)
        timed = time_queries({"1y": DATABASE_URL_1Y, "3y": DATABASE_URL})
    else:
        second = first
        timed = time_queries({"1y": DATABASE_URL_1Y})
        timed["3y"] = timed["1y"]
    log("queries timed")
    daily_seconds = measure_daily_import(full, DATABASE_URL if YEARS > 1 else DATABASE_URL_1Y)
    log(f"a day's file into a loaded month: {daily_seconds:.1f} s")
    queries_1y, queries_3y = timed["1y"], timed["3y"]

    copy_rate = rows / copy_seconds
    import_rate = second["rows"] / second["seconds"]
    results = {
        "stations": len(codes),
        "years": YEARS,
        "rows": rows,
        "copy_rows_per_s": round(copy_rate),
        "import_rows_per_s": round(import_rate),
        "import_vs_copy": round(import_rate / copy_rate, 3),
        "daily_import_s": round(daily_seconds, 2),
        "import_peak_rss_mb_1y": round(first["peak_rss_mb"]),
        f"import_peak_rss_mb_{YEARS}y": round(second["peak_rss_mb"]),
        "queries": {
            name: {
                "p50_ms_1y": round(queries_1y[name]["p50_ms"], 2),
                "p95_ms_1y": round(queries_1y[name]["p95_ms"], 2),
                "p50_ms_3y": round(queries_3y[name]["p50_ms"], 2),
                "p95_ms_3y": round(queries_3y[name]["p95_ms"], 2),
            }
            for name in queries_1y
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)
    if os.environ.get("BENCH_MEMORY", "1") != "0":
        # Peak memory of imports as files grow, and a zip bomb (bench/memory.py).
        subprocess.run([sys.executable, str(ROOT / "bench" / "memory.py")], check=True)  # noqa: S603
    return 0


def print_table(results: dict) -> None:
    years = results["years"]
    ratio = results["import_vs_copy"]
    print()
    print(f"{results['rows']:,} rows: {results['stations']} stations x 8 games x {years} y")
    print(f"  raw COPY        {results['copy_rows_per_s']:>12,} rows/s  (baseline)")
    verdict = "ok" if ratio >= 0.5 else "below the 0.5 target"
    print(f"  Fucai import    {results['import_rows_per_s']:>12,} rows/s  x{ratio:.3f}  {verdict}")
    peak_1y = results["import_peak_rss_mb_1y"]
    peak_full = results[f"import_peak_rss_mb_{years}y"]
    print(f"  import peak RSS {peak_1y} MB (1 y) -> {peak_full} MB ({years} y)")
    print(f"  a day's file into a month of {years} y data: {results['daily_import_s']} s")
    print()
    header = ("query", "p50 1y", "p95 1y", "p50 3y", "p95 3y", "3y/1y", "target")
    print("  {:<28} {:>8} {:>8} {:>8} {:>8} {:>6}  {}".format(*header))
    for name, q in results["queries"].items():
        growth = q["p95_ms_3y"] / q["p95_ms_1y"] if q["p95_ms_1y"] else 0
        ok = "ok" if q["p95_ms_3y"] <= 50 and growth <= 1.5 else "MISSED"
        row = (name, q["p50_ms_1y"], q["p95_ms_1y"], q["p50_ms_3y"], q["p95_ms_3y"], growth, ok)
        print("  {:<28} {:>8.1f} {:>8.1f} {:>8.1f} {:>8.1f} {:>6.2f}  {}".format(*row))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
