#!/usr/bin/env python
"""What the big screen's payload costs against a bare page, on the demo.

    make bench                                  # runs this after bench/http_pages.py
    .venv/bin/python bench/screen.py [--renders 40] [--json FILE]
    BENCH_SCREEN_DATABASE_URL=postgres:///fucai_bench_mine .venv/bin/python bench/screen.py

Reads the demo in a PostgreSQL database of its own: BENCH_SCREEN_DATABASE_URL, by
default bench/http_pages.py's (postgres:///fucai_bench_http), created and loaded with
``manage.py demo`` the same way and with the same bench-only keys when absent, reused
otherwise (BENCH_HTTP_FRESH=1 reloads it). Renders through the whole middleware stack
(Django's test client, signed in as ``leader``), in one process:

    baseline        the benchmark's bare 50-row page (bench/baseline.py)
    payload         GET /api/dashboard/screen, the sales figures in the cache (a refresh)
    payload cold    the same after clearing the cache (the first refresh after an import)
    drilled         GET /api/dashboard/screen?region=330381 (瑞安), warm
    page            GET /screen/ (the page with the payload embedded), warm

and prints per render the minimum and median milliseconds, the ratio of the median to
the baseline's (measured in the same run), the queries and the response size. Writes
them with the commit, date, machine and load average to bench/results_screen.json
(``--json FILE`` elsewhere).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import http_pages, machine  # noqa: E402

RESULTS = ROOT / "bench" / "results_screen.json"
DATABASE_URL = os.environ.get("BENCH_SCREEN_DATABASE_URL", http_pages.DATABASE_URL)
# The keys the demo was encrypted with when http_pages.ensure_database loaded it.
KEYS = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY")

CASES = [
    ("baseline", "/_bench/baseline/", False),
    ("payload", "/api/dashboard/screen", False),
    ("payload cold", "/api/dashboard/screen", True),
    ("drilled", "/api/dashboard/screen?region=330381", False),
    ("page", "/screen/", False),
]


def measure(client, url: str, cold: bool, renders: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the cache and the code paths
    times = []
    for _ in range(renders):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "min_ms": round(min(times), 1),
        "median_ms": round(statistics.median(times), 1),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def prepare() -> None:
    """The demo's database (loaded if absent), then Django set up on it."""
    var_dir = tempfile.mkdtemp(prefix="fucai-bench-screen-")  # the demo's media files
    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    env = dict(
        os.environ,
        **http_pages.BENCH_ENV,
        DATABASE_URL=DATABASE_URL,
        FUCAI_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    http_pages.ensure_database(env, DATABASE_URL)
    os.environ.update({key: http_pages.BENCH_ENV[key] for key in KEYS})
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
    os.environ.setdefault("DEBUG", "1")  # development settings; DEBUG's extras are off below
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args()
    measured = {**machine.code(), "date": machine.now(), "load_before": machine.load()}
    prepare()
    from django.conf import settings
    from django.db import reset_queries
    from django.test import Client

    from fucai.core.models import User

    measured["machine"] = machine.machine()
    measured["database"] = machine.database(DATABASE_URL)
    settings.DEBUG = False
    reset_queries()
    user = User.objects.filter(username="leader").first()
    if user is None:
        sys.exit(f"No user 'leader' in {DATABASE_URL}: not the demo's database?")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    results = {name: measure(client, url, cold, args.renders) for name, url, cold in CASES}
    base = results["baseline"]["median_ms"]
    print(f"{'':14}{'min ms':>9}{'median':>9}{'× base':>8}{'queries':>9}{'bytes':>10}")
    for name, row in results.items():
        row["ratio"] = round(row["median_ms"] / base, 1) if base else None
        print(
            f"{name:14}{row['min_ms']:>9}{row['median_ms']:>9}{row['ratio']:>8}"
            f"{row['queries']:>9}{row['bytes']:>10}"
        )
    measured["load_after"] = machine.load()
    report = {"measured": measured, "renders": args.renders, "cases": results}
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.json} (commit {(measured['commit'] or '?')[:10]})")


if __name__ == "__main__":
    main()
