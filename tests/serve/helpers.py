"""Starting the project's own servers in subprocesses for the serving tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port} within {timeout} s")


def database_url() -> str:
    """A DATABASE_URL naming the database this test session uses (the test database)."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    base = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", "postgres:///"))
    return urllib.parse.urlunsplit(base._replace(path="/" + settings["NAME"]))


def server_env(**overrides: str) -> dict[str, str]:
    """The environment of a server run as a person would run it: not in test mode, no
    broker, this session's database; `overrides` set (or, with "", blank) variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"FUCAI_TESTING", "CONN_MAX_AGE", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update(
        {"DATABASE_URL": database_url(), "FUCAI_TESTING": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    )
    env.update(overrides)
    return env


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


PYTHON = sys.executable
