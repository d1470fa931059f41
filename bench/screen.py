#!/usr/bin/env python
"""What the big screen's payload costs against a bare page, on the demo.

    DATABASE_URL=postgres:///fucai .venv/bin/python bench/screen.py [--renders 40]

Renders through the whole middleware stack (Django's test client, signed in as
``leader``) against a database holding the demo (``manage.py demo``), in one process:

    baseline        the benchmark's bare 50-row page (bench/baseline.py)
    payload         GET /api/dashboard/screen, the sales figures in the cache (a refresh)
    payload cold    the same after clearing the cache (the first refresh after an import)
    drilled         GET /api/dashboard/screen?region=330381 (瑞安), warm
    page            GET /screen/ (the page with the payload embedded), warm

and prints per render the minimum and median milliseconds, the ratio of the median to
the baseline's, the queries and the response size. ``--json FILE`` writes them too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
os.environ.setdefault("DEBUG", "1")  # development keys; DEBUG's extras are off below

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fucai.core.models import User  # noqa: E402

CASES = [
    ("baseline", "/_bench/baseline/", False),
    ("payload", "/api/dashboard/screen", False),
    ("payload cold", "/api/dashboard/screen", True),
    ("drilled", "/api/dashboard/screen?region=330381", False),
    ("page", "/screen/", False),
]


def measure(client: Client, url: str, cold: bool, renders: int) -> dict:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings.DEBUG = False
    reset_queries()
    user = User.objects.filter(username="leader").first()
    if user is None:
        sys.exit("No user 'leader': load the demo first (manage.py demo).")
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
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
