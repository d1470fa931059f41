"""What a benchmark's figures were measured on: the code (git commit, and whether the
tree had changes), the date, the machine and the database, so that a results file
says what it is a measurement of."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Settings that change a load's or a query's cost; recorded beside the figures.
PG_SETTINGS = (
    "shared_buffers",
    "work_mem",
    "maintenance_work_mem",
    "max_wal_size",
    "checkpoint_timeout",
    "synchronous_commit",
    "wal_level",
    "max_parallel_workers_per_gather",
    "jit",
)


def _git(*args: str) -> str:
    out = subprocess.run(  # noqa: S603 -- git, from PATH, with our own arguments
        ["git", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.rstrip("\n") if out.returncode == 0 else ""


def code() -> dict:
    """The commit the code was at and the files changed beside it (the results files a
    run writes do not count: they are its output)."""
    changed = [
        line[3:]
        for line in _git("status", "--porcelain", "--untracked-files=no").splitlines()
        if not line[3:].startswith("bench/results")
    ]
    return {
        "commit": _git("rev-parse", "HEAD") or None,
        "branch": _git("rev-parse", "--abbrev-ref", "HEAD") or None,
        "dirty": bool(changed),
        "changed": changed,
    }


def _meminfo_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine() -> dict:
    import django
    import polars
    import psycopg

    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gb": _meminfo_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "polars": polars.__version__,
        "psycopg": psycopg.__version__,
    }


def database(url: str) -> dict:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        rows = conn.execute(
            "SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name = ANY(%s)",
            [list(PG_SETTINGS)],
        ).fetchall()
    return {
        "postgresql": version,
        "settings": {name: f"{value}{' ' + unit if unit else ''}" for name, value, unit in rows},
    }


def load() -> list[float]:
    """The load average (1, 5, 15 min): how busy the shared machine was."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
