"""/healthz: database, Redis and worker state, 200 when all are well, 503 naming what
is not."""

import json
import os
import time

import pytest
import redis
from django.test import override_settings

from fucai.core import health

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("FUCAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
UNREACHABLE = "redis://:hunter2@127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def with_broker():
    """Settings as under `make serve`: a broker, so tasks go to a worker."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    with override_settings(REDIS_URL=REDIS_URL, CELERY_TASK_ALWAYS_EAGER=False):
        redis.Redis.from_url(REDIS_URL).delete(health.HEARTBEAT_KEY)
        yield redis.Redis.from_url(REDIS_URL)
        redis.Redis.from_url(REDIS_URL).delete(health.HEARTBEAT_KEY)


def test_without_a_broker_tasks_run_inline_and_all_is_well(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok", "vendor": response.json()["checks"]["database"]["vendor"]},
            "redis": {"status": "not configured"},
            "worker": {"status": "inline", "detail": "no broker: tasks run in the web process"},
        },
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_database_failure_answers_503_naming_the_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"status": "unavailable", "error": "RuntimeError"}


def test_unreachable_redis_answers_503_and_leaks_no_password(client):
    with override_settings(REDIS_URL=UNREACHABLE, CELERY_TASK_ALWAYS_EAGER=False):
        started = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["redis", "worker"]
    assert body["checks"]["redis"]["status"] == "unavailable"
    assert body["checks"]["worker"]["status"] == "unknown"
    assert "hunter2" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_a_missing_worker_answers_503_naming_the_worker(client, with_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert body["checks"]["redis"] == {"status": "ok"}
    assert body["checks"]["worker"]["status"] == "missing"


def test_a_stale_heartbeat_answers_503(client, with_broker):
    old = time.time() - health.HEARTBEAT_MAX_AGE - 5
    with_broker.set(health.HEARTBEAT_KEY, json.dumps({"at": old, "host": "h", "source": "beat"}))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["status"] == "stale"


def test_an_unreadable_heartbeat_is_reported_not_raised(client, with_broker):
    with_broker.set(health.HEARTBEAT_KEY, b"not json")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"status": "unknown", "error": "JSONDecodeError"}


def test_the_heartbeat_task_makes_the_worker_healthy(client, with_broker):
    from fucai.core.tasks import heartbeat

    heartbeat.apply()  # what the worker does when beat sends it
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["worker"]["status"] == "ok"


def test_beat_sends_the_heartbeat_every_interval():
    from fucai.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["fucai-heartbeat"]
    assert entry["task"] == "fucai.core.heartbeat"
    assert entry["schedule"] == health.HEARTBEAT_INTERVAL
