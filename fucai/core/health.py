"""What /healthz reports: the database, Redis and the Celery worker.

The worker is not pinged from the web request (a broadcast waits for replies): a Celery
beat task every HEARTBEAT_INTERVAL seconds, run by the worker, stores the time in Redis,
and so does the worker as soon as it is ready. A heartbeat older than HEARTBEAT_MAX_AGE
means the worker or beat is gone. Every check answers within about a second and names
no host, URL or password.
"""

import json
import socket
import time

import redis
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "fucai:worker:heartbeat"
HEARTBEAT_INTERVAL = 30
HEARTBEAT_MAX_AGE = 3 * HEARTBEAT_INTERVAL
TIMEOUT = 1.0


def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
    )


def heartbeat_write(source: str) -> None:
    """Record that the worker is alive (called by the worker, never by the web)."""
    if not settings.REDIS_URL:
        return
    value = {"at": time.time(), "host": socket.gethostname(), "source": source}
    _redis().set(HEARTBEAT_KEY, json.dumps(value), ex=24 * 3600)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure of the database means unhealthy
        return {"status": "unavailable", "error": error.__class__.__name__}
    return {"status": "ok", "vendor": connection.vendor}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"status": "not configured"}
    try:
        _redis().ping()
    except Exception as error:  # unreachable, refused, timed out, wrong password
        return {"status": "unavailable", "error": error.__class__.__name__}
    return {"status": "ok"}


def check_worker(redis_check: dict) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "inline", "detail": "no broker: tasks run in the web process"}
    if redis_check["status"] != "ok":
        return _ping_worker()
    try:
        raw = _redis().get(HEARTBEAT_KEY)
        at = None if raw is None else float(json.loads(raw)["at"])
    except (redis.RedisError, ValueError, KeyError, TypeError) as error:
        return {"status": "unknown", "error": error.__class__.__name__}
    if at is None:
        return {"status": "missing", "detail": "no heartbeat from a worker"}
    age = max(0.0, time.time() - at)
    if age > HEARTBEAT_MAX_AGE:
        detail = "no heartbeat lately: is the worker or beat stopped?"
        return {"status": "stale", "age_seconds": round(age), "detail": detail}
    return {"status": "ok", "age_seconds": round(age)}


def _ping_worker() -> dict:
    """Without Redis to read a heartbeat from (another broker), ask the workers."""
    if settings.REDIS_URL:
        return {"status": "unknown", "detail": "Redis is unavailable"}
    from fucai.celery import app

    try:
        replies = app.control.ping(timeout=TIMEOUT)
    except Exception as error:  # broker unreachable
        return {"status": "unavailable", "error": error.__class__.__name__}
    if not replies:
        return {"status": "missing", "detail": "no worker answered"}
    return {"status": "ok", "workers": len(replies)}


HEALTHY = {"ok", "inline", "not configured"}


def health_report() -> tuple[bool, dict]:
    redis_check = check_redis()
    checks = {
        "database": check_database(),
        "redis": redis_check,
        "worker": check_worker(redis_check),
    }
    failing = [name for name, check in checks.items() if check["status"] not in HEALTHY]
    report = {"status": "degraded" if failing else "ok", "checks": checks}
    if failing:
        report["failing"] = failing
    return not failing, report
