#!/usr/bin/env python
"""Fucai benchmarks: the sales import against a fair COPY, and the analytics queries.

    make bench                                  # 1,275 stations × 8 games × 3 years ≈ 11 M rows
    BENCH_YEARS=1 BENCH_STATIONS=200 make bench
    BENCH_STATIONS=15000 BENCH_YEARS=1 BENCH_RESULTS=bench/results_province.json \\
        .venv/bin/python bench/run.py           # province scale, ≈ 44 M rows

Everything runs in PostgreSQL databases of its own (BENCH_DATABASE_URL, default
postgres:///fucai_bench, and the same name with _1y; dropped and created each run,
dropped again at the end unless BENCH_KEEP=1), and every ratio is taken against a
baseline measured in the same run, on the same rows.

The baseline is PostgreSQL's own ``COPY`` of the same rows, already typed as the fact
table stores them (station id, game id, date, fen), into ``bench_salesday``: a table made
``LIKE sales_salesday INCLUDING ALL`` and checked to have its exact columns, types,
keys, constraints and indexes (``bench/shape.py``), in the same database. After the
loads both tables are checked to hold the same data. Fucai's import reads the
terminal-system file (station codes, game codes, yuan), types and checks every row,
writes the facts with COPY and maintains the rollups, in one transaction.

Measured:
  bulk     the whole file (every day but the last BENCH_DAYS) into an empty table: the
           baseline COPY before and after Fucai's import (their mean is the baseline),
           rows/s of each and ``import_vs_copy``, the ratio of throughputs
  steady   the daily routine: each of the last BENCH_DAYS days' file into the database
           holding all the earlier days (years of data), and the same day's rows COPYed
           into the baseline table holding the same earlier days; seconds of each and
           the ratio (median over the days)
  queries  every analytics query (bench/queries.py) on BENCH_SAMPLES (240) varied
           questions (years, months, districts, games, kinds; the leader city-wide and
           branch users' districts; BENCH_FACT_SAMPLES (36) for the daily page, which
           reads the daily facts), each with the figures cache missed, then those
           answered through it again, cached: p50 / p95 / p99 of each, and the first
           call in a fresh process on its own; on the 1-year and the full database
           (target: uncached p95 ≤ 50 ms and ≤ 1.5 × the 1-year p95)
  measured the git commit (and whether the tree had changes), the date, the machine,
           PostgreSQL's version and settings, and the load average before and after

Writes BENCH_RESULTS (default bench/results.json). Then bench/memory.py: peak RSS of
CSV / XLSX imports of growing size and of a zip bomb (bench/memory.json; BENCH_MEMORY=0
skips it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import files as bench_files  # noqa: E402
from bench import machine, shape  # noqa: E402

DATA = ROOT / "bench" / "data"
RESULTS = ROOT / os.environ.get("BENCH_RESULTS", "bench/results.json")
YEARS = int(os.environ.get("BENCH_YEARS", "3"))
STATIONS = int(os.environ.get("BENCH_STATIONS", "1275"))
DAILY = int(os.environ.get("BENCH_DAYS", "3"))  # days imported one by one (steady state)
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "240"))  # questions per query and database
# Questions for the queries of the daily facts (seconds each at scale).
FACT_SAMPLES = int(os.environ.get("BENCH_FACT_SAMPLES", "36"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "6"))  # fresh processes, alternating databases
KEEP = os.environ.get("BENCH_KEEP", "") in {"1", "true", "yes"}
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres:///fucai_bench")
DATABASE_URL_1Y = f"{DATABASE_URL}_1y"  # the last year alone, beside the full data
LAST_YEAR = 2019
# The demo builds up to 9,000 active stations (4-digit serials); a larger network is the
# demo's stations and copies of them (see copy_stations).
DEMO_STATIONS = int(os.environ.get("BENCH_DEMO_STATIONS", "7500"))
GAMES = ("SSQ", "QLC", "3D", "KL8", "GGL", "ZFZX", "K3", "DF61")
SALES_TABLES = (
    "sales_salesday",
    "sales_salesmonth",
    "sales_salesregionmonth",
    "sales_salesregiontotal",
    "sales_salesstationmonth",
    "sales_salesstationyear",
)

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", flush=True)


# --- the databases -------------------------------------------------------------------


def bench_name(url: str) -> str:
    """The database name of ``url``, which the run drops: only a bench database's."""
    name = urlparse(url).path.lstrip("/")
    if not re.search(r"(^|_)bench(_|$)", name):
        sys.exit(f"refusing to drop {name!r}: a bench database's name has 'bench' as a word")
    return name


def _admin(statements: list[str]) -> None:
    import psycopg

    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def drop_databases() -> None:
    full, one = bench_name(DATABASE_URL), bench_name(DATABASE_URL_1Y)
    _admin([f'DROP DATABASE IF EXISTS "{one}"', f'DROP DATABASE IF EXISTS "{full}"'])


def clone_for_one_year() -> None:
    """The 1-year database: a copy of the prepared network (same ids), no sales."""
    from django.db import connections

    connections.close_all()
    one, full = bench_name(DATABASE_URL_1Y), bench_name(DATABASE_URL)
    _admin([f'CREATE DATABASE "{one}" TEMPLATE "{full}"'])


# Production settings (DEBUG off: no query log) with fixed keys for the throw-away bench
# databases: bench-only values, not secrets.
_SETTINGS_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-run-only-" + "k" * 48,
    "FIELD_ENCRYPTION_KEY": "YmVuY2gtcnVuLWZpZWxkLWVuY3J5cHRpb24ta2V5ISE=",
    "BLIND_INDEX_KEY": "bench-run-blind-index-key-" + "b" * 38,
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "fucai.settings",
}


def django_env(url: str) -> dict:
    return {**os.environ, **_SETTINGS_ENV, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}


def django_setup() -> None:
    os.environ.update(django_env(DATABASE_URL))
    import django

    django.setup()


def prepare_network() -> tuple[list[str], list[int], list[tuple[str, int]]]:
    """The demo network without sales; every station open over the whole bench period
    so that every generated row is valid. (codes, ids) of the stations, (code, id) of
    the games."""
    import datetime

    from django.core.management import call_command

    from fucai.sales.models import Game
    from fucai.stations.models import Station

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", stations=min(STATIONS, DEMO_STATIONS), no_sales=True, stdout=quiet)
    if (missing := STATIONS - Station.objects.count()) > 0:
        copy_stations(missing)
    Station.objects.update(
        status="active", opened_on=datetime.date(2000, 1, 1), closed_on=None, close_reason=""
    )
    stations = list(Station.objects.order_by("code").values_list("code", "pk"))
    games = dict(Game.objects.filter(code__in=GAMES).values_list("code", "pk"))
    return [c for c, _ in stations], [pk for _, pk in stations], [(c, games[c]) for c in GAMES]


def copy_stations(count: int) -> None:
    """``count`` more stations, copies of the demo's (same district, kind and owner) under
    codes of their own (the code and a two-digit copy number), for networks larger than
    the demo builds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = "
            "'stations_station' AND column_name NOT IN ('id', 'code') ORDER BY ordinal_position"
        )
        columns = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM stations_station")
        copies = -(-count // cursor.fetchone()[0])
        cursor.execute(
            f"INSERT INTO stations_station (code, {', '.join(columns)}) "
            "SELECT s.code || lpad(k::text, 2, '0'), "
            f"{', '.join(f's.{name}' for name in columns)} "
            "FROM stations_station s CROSS JOIN generate_series(1, %s) k "
            "ORDER BY k, s.code LIMIT %s",
            [copies, count],
        )


def quiesce(url: str) -> None:
    """Before each measurement: every table vacuumed and analysed (no autovacuum of the
    previous load running under the next one) and the dirty pages written out (no
    checkpoint of the previous load's writes charged to the next)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        present = {
            name
            for (name,) in conn.execute(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
                [[*SALES_TABLES, shape.BASELINE_TABLE]],
            )
        }
        for table in sorted(present):
            conn.execute(f"VACUUM (ANALYZE) {table}")
        conn.execute("CHECKPOINT")


# --- loads -------------------------------------------------------------------------------


def create_baseline(url: str) -> dict:
    """The baseline table (shape checked), in a transaction of its own and committed
    before anything is loaded into it, like the fact table. Its description."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        shape.create_baseline(cursor)
        described = shape.describe(cursor, shape.BASELINE_TABLE)
    return {
        "table": shape.BASELINE_TABLE,
        "created_as": f"CREATE TABLE {shape.BASELINE_TABLE} "
        f"(LIKE {shape.PRODUCT_TABLE} INCLUDING ALL)",
        "shape_matches": True,  # create_baseline raises otherwise
        "indexes": [index for index, _options in described["indexes"]],
        "constraints": [definition for _type, definition, *_ in described["constraints"]],
        "columns": [f"{name} {kind}" for name, kind, *_ in described["columns"]],
    }


def copy_file(url: str, path: Path) -> float:
    """The baseline: ``COPY`` of fact rows into the baseline table, committed; seconds."""
    import psycopg

    columns = ", ".join(bench_files.FACT_COLUMNS)
    statement = f"COPY {shape.BASELINE_TABLE} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(statement) as copy, path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        return time.perf_counter() - started


def truncate_baseline(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {shape.BASELINE_TABLE}")


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


def measure_import(path: Path, url: str, rows: int) -> dict:
    """Fucai's import of ``path`` in a fresh process (so its peak memory is its own),
    timed from the call to its return (the transaction committed)."""
    out = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-c", _IMPORT_SCRIPT, str(path)],
        env=django_env(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"import failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rows"] != rows:
        sys.exit(f"import of {path.name} took {result['rows']} rows, the file has {rows}")
    return result


_FINGERPRINT = """
SELECT count(*), sum(sales_fen), sum(tickets), count(payout_fen), min(date), max(date),
       sum(((station_id * 31 + game_id) * 1000003 + (date - DATE '2000-01-01')) * tickets)
FROM {table}
"""


def same_data(url: str) -> list:
    """The fact table and the baseline hold the same rows (a fingerprint of every key
    and amount); the fingerprint, or exit."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        ours, theirs = (
            conn.execute(_FINGERPRINT.format(table=table)).fetchone()
            for table in (shape.PRODUCT_TABLE, shape.BASELINE_TABLE)
        )
    if ours != theirs:
        sys.exit(f"the baseline does not hold the imported data: {ours} != {theirs}")
    return [str(value) for value in ours]


def bulk_load(url: str, pair: bench_files.Pair) -> dict:
    """COPY, import, COPY again: the baseline brackets the import in time, so a busier
    minute of the shared machine weighs on both."""
    quiesce(url)
    copies = [copy_file(url, pair.typed)]
    log(f"bulk: baseline COPY {copies[0]:.1f} s")
    quiesce(url)
    imported = measure_import(pair.terminal, url, pair.rows)
    log(f"bulk: import {imported['seconds']:.1f} s, peak {imported['peak_rss_mb']:.0f} MB")
    truncate_baseline(url)
    quiesce(url)
    copies.append(copy_file(url, pair.typed))
    log(f"bulk: baseline COPY again {copies[1]:.1f} s")
    copy_seconds = statistics.mean(copies)
    return {
        "rows": pair.rows,
        "copy_s": [round(s, 2) for s in copies],
        "copy_rows_per_s": round(pair.rows / copy_seconds),
        "import_s": round(imported["seconds"], 2),
        "import_rows_per_s": round(pair.rows / imported["seconds"]),
        "import_vs_copy": round(copy_seconds / imported["seconds"], 3),
        "import_peak_rss_mb": round(imported["peak_rss_mb"]),
    }


def steady_loads(url: str, days: list, held: int) -> dict:
    """Each day's file into the tables holding every earlier day."""
    measured = []
    for day, pair in days:
        quiesce(url)
        imported = measure_import(pair.terminal, url, pair.rows)
        quiesce(url)
        copied = copy_file(url, pair.typed)
        log(f"steady: {day} import {imported['seconds']:.2f} s, baseline COPY {copied:.3f} s")
        measured.append(
            {
                "date": day.isoformat(),
                "rows": pair.rows,
                "import_s": round(imported["seconds"], 3),
                "copy_s": round(copied, 4),
                "import_vs_copy": round(copied / imported["seconds"], 4),
            }
        )
    return {
        "held_rows": held,
        "rows_per_day": days[0][1].rows if days else 0,
        "days": measured,
        "import_s_median": statistics.median(d["import_s"] for d in measured),
        "copy_s_median": statistics.median(d["copy_s"] for d in measured),
        "import_vs_copy": statistics.median(d["import_vs_copy"] for d in measured),
    }


# --- queries -----------------------------------------------------------------------


_TIME_SCRIPT = """
import json, random, sys, time
import django
django.setup()
from bench.queries import CACHED, FACT_QUERIES, QUERIES, Context, uncached
ctx = Context()
seed, count, fact_count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
first = {}
question = ctx.first_question()
for name, query in QUERIES.items():
    uncached()
    started = time.perf_counter()
    query(question)
    first[name] = (time.perf_counter() - started) * 1000
samples = {name: {"uncached": [], "cached": []} for name in QUERIES}
rng = random.Random(seed)
for number in range(count):
    question = ctx.draw(rng)
    for name, query in QUERIES.items():
        if name in FACT_QUERIES and number >= fact_count:
            continue
        uncached()
        started = time.perf_counter()
        query(question)
        middle = time.perf_counter()
        samples[name]["uncached"].append((middle - started) * 1000)
        if name in CACHED:
            query(question)
            samples[name]["cached"].append((time.perf_counter() - middle) * 1000)
print(json.dumps({"first": first, "samples": samples}))
"""


def time_queries(urls: dict[str, str]) -> dict:
    """Every query on each database, in alternating rounds of fresh processes so that a
    slow minute of the machine weighs on every database alike; each round asks its own
    questions (seeded by the round: the same on every database)."""
    from bench.queries import percentiles

    per_round, fact_per_round = -(-SAMPLES // ROUNDS), -(-FACT_SAMPLES // ROUNDS)
    raw: dict[str, dict] = {label: {} for label in urls}
    for number in range(ROUNDS):
        for label, url in urls.items():
            counts = map(str, (number, per_round, fact_per_round))
            out = subprocess.run(  # noqa: S603 -- our own interpreter and script
                [sys.executable, "-c", _TIME_SCRIPT, *counts],
                env=django_env(url),
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                sys.exit(f"query timing failed:\n{out.stderr[-3000:]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            for name, first in result["first"].items():
                entry = raw[label].setdefault(name, {"first": [], "uncached": [], "cached": []})
                entry["first"].append(first)
                entry["uncached"] += result["samples"][name]["uncached"]
                entry["cached"] += result["samples"][name]["cached"]
        log(f"queries: round {number + 1} of {ROUNDS}")
    timed: dict[str, dict] = {}
    for label, by_query in raw.items():
        for name, entry in by_query.items():
            timed.setdefault(name, {})[label] = {
                "uncached": _rounded(percentiles(entry["uncached"])),
                **({"cached": _rounded(percentiles(entry["cached"]))} if entry["cached"] else {}),
                "first_call_ms": {
                    "median": round(statistics.median(entry["first"]), 2),
                    "max": round(max(entry["first"]), 2),
                    "rounds": len(entry["first"]),
                },
            }
    return timed


def _rounded(values: dict) -> dict:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in values.items()}


# --- the run -------------------------------------------------------------------------


def main() -> int:
    results: dict = {
        "measured": {
            **machine.code(),
            "date": machine.now(),
            "machine": machine.machine(),
            "load_before": machine.load(),
        }
    }
    if results["measured"]["dirty"]:
        log(f"note: the tree has changes, recorded as dirty: {results['measured']['changed']}")
    DATA.mkdir(parents=True, exist_ok=True)
    log(f"database {DATABASE_URL}: recreating")
    drop_databases()
    _admin([f'CREATE DATABASE "{bench_name(DATABASE_URL)}"'])
    results["measured"]["database"] = machine.database(DATABASE_URL)
    django_setup()
    codes, station_ids, games = prepare_network()
    log(f"{len(codes)} stations")
    generated = bench_files.generate(
        DATA,
        codes,
        station_ids,
        games,
        last_year=LAST_YEAR,
        years=YEARS,
        daily=DAILY,
        with_last_year=YEARS > 1,
    )
    size = generated.bulk.terminal.stat().st_size
    log(f"generated {generated.rows:,} rows ({size / 1e6:.0f} MB)")
    results["scale"] = {
        "stations": len(codes),
        "games": len(games),
        "years": YEARS,
        "rows": generated.rows,
        "bulk_rows": generated.bulk.rows,
        "daily_files": len(generated.days),
    }
    if YEARS > 1:
        clone_for_one_year()
    results["baseline"] = create_baseline(DATABASE_URL)
    results["bulk"] = bulk_load(DATABASE_URL, generated.bulk)
    results["steady"] = steady_loads(DATABASE_URL, generated.days, generated.bulk.rows)
    results["baseline"]["same_data"] = same_data(DATABASE_URL)
    log("the baseline table and the fact table hold the same rows")
    urls = {f"{YEARS}y": DATABASE_URL}
    if YEARS > 1:
        one_year = measure_import(generated.last_year, DATABASE_URL_1Y, generated.last_year_rows)
        results["import_peak_rss_mb_1y"] = round(one_year["peak_rss_mb"])
        log(f"1-year database: imported in {one_year['seconds']:.1f} s")
        quiesce(DATABASE_URL_1Y)
        urls = {"1y": DATABASE_URL_1Y, **urls}
    quiesce(DATABASE_URL)
    results["queries"] = time_queries(urls)
    results["measured"]["load_after"] = machine.load()
    results["measured"]["duration_s"] = round(time.perf_counter() - _STARTED)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)
    if not KEEP:
        from django.db import connections

        connections.close_all()
        drop_databases()
        shutil.rmtree(DATA, ignore_errors=True)
        log("bench databases and files dropped (BENCH_KEEP=1 keeps them)")
    if os.environ.get("BENCH_MEMORY", "1") != "0":
        # Peak memory of imports as files grow, and a zip bomb (bench/memory.py).
        subprocess.run([sys.executable, str(ROOT / "bench" / "memory.py")], check=True)  # noqa: S603
    return 0


def print_table(results: dict) -> None:
    scale, bulk, steady = results["scale"], results["bulk"], results["steady"]
    print()
    print(
        f"{scale['rows']:,} rows: {scale['stations']:,} stations x {scale['games']} games "
        f"x {scale['years']} y"
    )
    print(f"  bulk ({bulk['rows']:,} rows into an empty table)")
    print(f"    baseline COPY   {bulk['copy_rows_per_s']:>12,} rows/s  (LIKE sales_salesday)")
    print(
        f"    Fucai import    {bulk['import_rows_per_s']:>12,} rows/s  "
        f"x{bulk['import_vs_copy']:.3f} of the baseline"
    )
    print(f"  steady ({steady['rows_per_day']:,} rows a day into {steady['held_rows']:,})")
    print(
        f"    baseline COPY {steady['copy_s_median']:.3f} s, Fucai import "
        f"{steady['import_s_median']:.2f} s: x{steady['import_vs_copy']:.3f} of the baseline"
    )
    labels = list(next(iter(results["queries"].values())))
    full = labels[-1]
    print()
    header = "  {:<22}" + " {:>9}" * 4 + "  {:>8} {:>8}  {}"
    print(
        header.format(
            "query (ms, uncached)",
            f"p50 {full}",
            f"p95 {full}",
            f"p99 {full}",
            f"p95 {labels[0]}",
            "first",
            "cached",
            "target",
        )
    )
    for name, by_label in results["queries"].items():
        q, one = by_label[full]["uncached"], by_label[labels[0]]["uncached"]
        growth = q["p95_ms"] / one["p95_ms"] if one["p95_ms"] else 0
        ok = "ok" if q["p95_ms"] <= 50 and growth <= 1.5 else "MISSED"
        print(
            header.format(
                name,
                f"{q['p50_ms']:.1f}",
                f"{q['p95_ms']:.1f}",
                f"{q['p99_ms']:.1f}",
                f"{one['p95_ms']:.1f}",
                f"{by_label[full]['first_call_ms']['median']:.1f}",
                f"{by_label[full]['cached']['p50_ms']:.2f}" if "cached" in by_label[full] else "-",
                ok,
            )
        )
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
