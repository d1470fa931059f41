#!/usr/bin/env python
"""Where one render of a page goes: its CPU split into Python and the database driver,
and the wait for the database, in one process (the HTTP benchmark's companion).

    .venv/bin/python bench/profile_page.py /_bench/baseline/ /stations/
    .venv/bin/python bench/profile_page.py --explain /stations/     # + each query's plan cost
    .venv/bin/python bench/profile_page.py --profile 40 /stations/  # + cProfile top 40
    PROFILE_RENDERS=600 PROFILE_OUT=stations.prof .venv/bin/python bench/profile_page.py ...

Renders each page through the whole middleware stack (Django's test client, signed in
as ``leader``) against the HTTP benchmark's database (BENCH_HTTP_DATABASE_URL, loaded
and migrated by bench/http_pages.py) with its settings (DEBUG off, a persistent
connection), in interleaved batches, and prints per render:

    cpu ms    this process's CPU (what a gunicorn worker spends on the page)
    python    of which Python: middleware, view, ORM compiling SQL, templates
    driver    of which inside cursor.execute: psycopg sending and reading
    queries   how many
    db wait   wall time inside cursor.execute less its CPU: PostgreSQL's own work
              (planning and executing; ``--explain`` prints both per query)

Each figure is the least disturbed batch's (the minimum) with the median in brackets:
on a shared machine the minimum is the steadier measure of what a render costs.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from http_pages import BENCH_ENV, DATABASE_URL, USERNAME  # noqa: E402

RENDERS = int(os.environ.get("PROFILE_RENDERS", "300"))
BATCHES = int(os.environ.get("PROFILE_BATCHES", "15"))


class QueryTimer:
    """Wall and CPU time inside cursor.execute: the driver's work plus the wait for the
    database (the SQL is compiled before, and counts as Python)."""

    def __init__(self):
        self.wall, self.cpu, self.count, self.sql = 0.0, 0.0, 0, []

    def __call__(self, execute, sql, params, many, context):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu
            self.count += 1
            if len(self.sql) < 50:
                self.sql.append((sql, params))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--profile", type=int, default=0, help="print the cProfile top N")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    args = parser.parse_args()

    os.environ.update(BENCH_ENV)
    os.environ.update(
        DATABASE_URL=DATABASE_URL,
        CONN_MAX_AGE="600",
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        FUCAI_VAR_DIR=tempfile.mkdtemp(prefix="fucai-profile-"),  # collected static files
    )
    os.environ.pop("REDIS_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--no-input", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    for path in args.paths:
        for _ in range(10):  # warm-up: templates, translations, connection
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
    # Interleaved batches: a busy minute on a shared machine hits every page alike, and
    # the least disturbed batch (the minimum) is the steadiest figure of what a render
    # costs; the median is printed beside it.
    batches: dict[str, list[dict]] = {path: [] for path in args.paths}
    per_batch = max(1, RENDERS // BATCHES)
    for _ in range(BATCHES):
        for path in args.paths:
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                wall, cpu = time.perf_counter(), time.process_time()
                for _ in range(per_batch):
                    client.get(path)
                cpu = time.process_time() - cpu
                wall = time.perf_counter() - wall
            batches[path].append(
                {
                    "cpu": cpu * 1000 / per_batch,
                    "wall": wall * 1000 / per_batch,
                    "driver": timer.cpu * 1000 / per_batch,
                    "wait": (timer.wall - timer.cpu) * 1000 / per_batch,
                    "queries": timer.count / per_batch,
                    "sql": timer.sql[: timer.count // per_batch],
                }
            )
    print(
        f"{BATCHES} batches of {per_batch} renders; per render, best batch (median batch):\n"
        f"{'path':<26}{'cpu ms':>15}{'python':>15}{'driver':>8}{'queries':>8}{'db wait':>15}"
    )
    for path in args.paths:
        rows = batches[path]

        def best(key, rows=rows):
            values = [row[key] for row in rows]
            return f"{min(values):.2f} ({statistics.median(values):.2f})"

        for row in rows:
            row["python"] = row["cpu"] - row["driver"]
        print(
            f"{path:<26}{best('cpu'):>15}{best('python'):>15}"
            f"{min(r['driver'] for r in rows):>8.2f}{rows[0]['queries']:>8.1f}{best('wait'):>15}"
        )
        if args.explain:
            for sql, params in rows[0]["sql"]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + sql, params)
                    plan = [row[0] for row in cursor.fetchall()]
                print(f"    {plan[-2]}; {plan[-1]}: {sql[:90]}...")
    if args.profile:
        profiler = cProfile.Profile()
        for path in args.paths:
            profiler.enable()
            for _ in range(RENDERS):
                client.get(path)
            profiler.disable()
        if os.environ.get("PROFILE_OUT"):  # for pstats / snakeviz
            profiler.dump_stats(os.environ["PROFILE_OUT"])
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)
    shutil.rmtree(os.environ["FUCAI_VAR_DIR"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
