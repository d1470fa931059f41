"""`make serve`: production mode (DEBUG off) with collected static files served by
WhiteNoise, gunicorn, a Celery worker and beat under bin/serve, /healthz all ok."""

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import redis
from django.db import connection

from fucai.core.health import HEARTBEAT_KEY

from .helpers import PYTHON, ROOT, free_port, server_env, wait_for_port

REDIS_URL = os.environ.get("FUCAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def _get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    """The status and body; a server still starting (or a machine busy with the rest of
    the suite on every core) may take a while to answer its first requests."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 -- loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (TimeoutError, urllib.error.URLError) as error:
        return 0, json.dumps({"error": str(error)}).encode()


@pytest.fixture
def production_env(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the server and the test share the test database")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    redis.Redis.from_url(REDIS_URL).delete(HEARTBEAT_KEY)
    port = free_port()
    env = server_env(
        DEBUG="0",
        SECRET_KEY="production-test-" + "k" * 40,
        FIELD_ENCRYPTION_KEY="N2ZqZ2Y2d3V4M2Z0b2l6eXVmcWR3eXNsZ2Z0cjZxbWY=",
        BLIND_INDEX_KEY="b" * 64,
        REDIS_URL=REDIS_URL,
        FUCAI_VAR_DIR=str(tmp_path / "var"),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    yield env, port
    redis.Redis.from_url(REDIS_URL).delete(HEARTBEAT_KEY)


@pytest.mark.django_db(transaction=True)
def test_bin_serve_runs_web_worker_and_beat_in_production_mode(production_env):
    env, port = production_env
    base = f"http://127.0.0.1:{port}"
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=180,
    )
    serve = subprocess.Popen(
        [PYTHON, "bin/serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, serve, timeout=90)
        deadline = time.monotonic() + 180
        while True:  # the worker announces itself with a heartbeat once it is ready
            status, body = _get(f"{base}/healthz", timeout=20)
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(1)
        report = json.loads(body)
        assert status == 200, report
        assert report["checks"]["worker"]["status"] == "ok"
        assert report["checks"]["redis"]["status"] == "ok"

        status, page = _get(f"{base}/accounts/login/")
        assert status == 200
        stylesheet = re.search(rb'href="(/static/fucai/fucai\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "production pages link hashed (collected) static files"
        status, css = _get(base + stylesheet.group(1).decode())
        assert status == 200 and css
        status, _ = _get(f"{base}/public/")
        assert status == 200
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            output, _ = serve.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
            output, _ = serve.communicate()
    assert serve.returncode == 0, output[-3000:]
    for name in ("web", "worker", "beat"):
        assert f"serve: started {name}" in output
    pids = [int(pid) for pid in re.findall(r"serve: started \w+ \(pid (\d+)\)", output)]
    for pid in pids:  # every child stopped with the supervisor
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_bin_serve_stops_everything_when_one_process_dies(tmp_path):
    """A crashing process (here: gunicorn cannot start) takes the others down."""
    env = server_env(
        DEBUG="1", FUCAI_VAR_DIR=str(tmp_path / "var"), HOST="127.0.0.1", PORT="not-a-port"
    )
    env["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens: worker and beat retry
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "bin/serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "serve: web exited with" in result.stdout
    assert time.monotonic() - started < 110
    pids = [int(pid) for pid in re.findall(r"serve: started \w+ \(pid (\d+)\)", result.stdout)]
    assert len(pids) == 3
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
