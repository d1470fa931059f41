#!/usr/bin/env python
"""HTTP benchmark: Fucai's list pages served as in production, against a bare baseline.

    make bench                              # runs this after bench/run.py
    .venv/bin/python bench/http_pages.py    # on its own
    BENCH_HTTP_SECONDS=5 BENCH_HTTP_ROUNDS=2 .venv/bin/python bench/http_pages.py

Serves the demo (PostgreSQL database BENCH_HTTP_DATABASE_URL, default
postgres:///fucai_bench_http, created and loaded with ``manage.py demo`` when it is
absent, reused otherwise; BENCH_HTTP_FRESH=1 reloads it) with gunicorn as production
does (2 sync workers, DEBUG off, persistent database connections, WhiteNoise serving
collected static files, production keys), signs in as ``leader`` for a session cookie
and an API bearer token, then loads each page with 32 concurrent connections.

The baseline is a plain 50-row table of the same stations (bench/baseline.py) through
the same middleware and session authentication: a page's throughput is reported as a
ratio to it, measured in the same run. Pages are measured in interleaved rounds (every
page once per round) so a noisy minute on a shared machine hits them all alike; each
figure is the median of the rounds, the ratio the median of the rounds' ratios.
Target: every list page and API list at ≥ 0.5× the baseline with p99 under 100 ms.

Throughput on a machine shared with other work is noisy; the server's CPU per request
(user + system time of the gunicorn processes over a run ÷ requests served) is not, so
each page also gets a ``cpu_ratio``: the baseline's CPU per request ÷ the page's.

Uses wrk (Debian package ``wrk``) when installed, else a small thread-based load
generator (slower: it competes with the server for the CPU, so ratios still compare).
Prints a table and writes bench/results_http.json. After the timed rounds each page is
loaded once more at fewer connections (BENCH_HTTP_LATENCY_CONNECTIONS, default 2 and 8)
for its latency without the queue. If the baseline serves nothing in a round, that
round gives no ratio; with no round left the run reports an error and exits non-zero.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results_http.json"
DATABASE_URL = os.environ.get("BENCH_HTTP_DATABASE_URL", "postgres:///fucai_bench_http")
SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "3"))  # per page per round
ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_HTTP_CONNECTIONS", "32"))
# Latency at fewer connections, one round per page each after the timed rounds: at 32
# connections on 2 workers a request mostly waits in the queue, at 2 it does not.
LATENCY_CONNECTIONS = [
    int(n) for n in os.environ.get("BENCH_HTTP_LATENCY_CONNECTIONS", "2,8").split(",") if n
]
WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_HTTP_PORT", "8110"))
FRESH = os.environ.get("BENCH_HTTP_FRESH", "") in {"1", "true", "yes"}
USERNAME, PASSWORD = "leader", "fucai-demo"
TARGET_RATIO, TARGET_P99_MS = 0.5, 100.0

# (name, path, how it authenticates). The baseline first; /healthz for reference only.
PAGES = [
    ("baseline", "/_bench/baseline/", "session"),
    ("stations", "/stations/", "session"),
    ("sales", "/sales/?year=2019", "session"),
    ("portal", "/public/", "none"),
    ("api_stations", "/api/stations", "token"),
    ("healthz", "/healthz", "none"),
]
TARGETED = {"stations", "sales", "portal", "api_stations"}

# Fixed keys: the demo is encrypted with them at load time and read with them when
# served. Bench-only values for a throw-away database, not secrets.
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-http-only-" + "k" * 48,
    "FIELD_ENCRYPTION_KEY": "YmVuY2gtaHR0cC1maWVsZC1lbmNyeXB0aW9uLWtleSE=",
    "BLIND_INDEX_KEY": "bench-http-blind-index-key-" + "b" * 37,
    "SECURE_COOKIES": "0",  # plain HTTP on the loopback
    "AXES_ENABLED": "0",
    "LOG_LEVEL": "ERROR",
}

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", flush=True)


# --- the database ------------------------------------------------------------------


def _db_name(url: str = DATABASE_URL) -> str:
    name = urlparse(url).path.lstrip("/")
    if not re.search(r"(^|_)bench(_|$)", name):
        sys.exit(f"refusing to use {name!r}: a bench database's name has 'bench' as a word")
    return name


def _admin(sql: str, params=(), url: str = DATABASE_URL) -> list:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


LOADED_MARK = "fucai demo loaded"


def manage(env: dict, *args: str, quiet: bool = True) -> None:
    subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def ensure_database(env: dict, url: str = DATABASE_URL) -> None:
    """The demo in its own database (``url``, which ``env`` names too), loaded once (a
    comment marks a complete load). bench/screen.py reads the same one."""
    name = _db_name(url)
    rows = _admin(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
        url,
    )
    loaded = bool(rows) and rows[0][0] == LOADED_MARK
    if loaded and not FRESH:
        log(f"database {name}: reusing the loaded demo (BENCH_HTTP_FRESH=1 reloads it)")
        manage(env, "migrate", "--no-input", "-v", "0")
        return
    log(f"database {name}: creating and loading the demo (a minute or two)")
    _admin(f'DROP DATABASE IF EXISTS "{name}"', url=url)
    _admin(f'CREATE DATABASE "{name}"', url=url)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "demo")
    _admin(f"COMMENT ON DATABASE \"{name}\" IS '{LOADED_MARK}'", url=url)


# --- the server --------------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def start_gunicorn(env: dict) -> subprocess.Popen:
    if not port_free(PORT):
        sys.exit(f"port {PORT} is in use (set BENCH_HTTP_PORT)")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    server = subprocess.Popen(  # noqa: S603 -- the virtualenv's gunicorn
        [
            *command,
            "fucai.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            "--backlog=2048",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn exited at start-up")
        try:
            if request("GET", "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def request(method: str, path: str, headers=None, body: bytes | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def _cookies(headers) -> dict:
    jar = {}
    for key, value in headers:
        if key.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def sign_in() -> dict[str, dict[str, str]]:
    """Headers per kind of authentication: a session cookie (with CSRF) and a token."""
    status, headers, body = request("GET", "/accounts/login/")
    jar = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None or "csrftoken" not in jar:
        sys.exit(f"login page: HTTP {status}, no CSRF token")
    form = urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    status, headers, _ = request(
        "POST",
        "/accounts/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Referer": f"http://127.0.0.1:{PORT}/accounts/login/",
        },
        form.encode(),
    )
    jar |= _cookies(headers)
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"signing in as {USERNAME}: HTTP {status}, no session")
    status, _, body = request(
        "POST",
        "/api/token",
        {"Content-Type": "application/json"},
        json.dumps({"username": USERNAME, "password": PASSWORD}).encode(),
    )
    if status != 200:
        sys.exit(f"POST /api/token: HTTP {status}")
    cookie = f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"
    return {
        "session": {"Cookie": cookie},
        "token": {"Authorization": "Bearer " + json.loads(body)["token"]},
        "none": {},
    }


def check_pages(auth: dict) -> dict[str, int]:
    """Every page answers 200 with its content before it is timed; returns body sizes."""
    sizes = {}
    for name, path, kind in PAGES:
        status, _, body = request("GET", path, auth[kind])
        if status != 200:
            sys.exit(f"{name} {path}: HTTP {status} (expected 200)")
        if name in {"baseline", "stations", "api_stations"} and body.count(b"330") < 50:
            sys.exit(f"{name} {path}: fewer stations than expected in the response")
        sizes[name] = len(body)
    return sizes


# --- load ----------------------------------------------------------------------------


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * _UNITS[unit]


NOTHING_SERVED = {"req_per_s": 0.0, "requests": 0, "p50_ms": 0.0, "p99_ms": 0.0}


def run_wrk(path: str, headers: dict, seconds: float, connections: int = CONNECTIONS) -> dict:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--latency"]
    command += ["--timeout", "10s"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    output = subprocess.run(  # noqa: S603 -- wrk on the loopback
        [*command, f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE))
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    requests = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if not requests or int(requests.group(1)) == 0 or "50" not in percentiles:
        return NOTHING_SERVED | {"non_2xx": 0, "socket_errors": errors.group(1) if errors else ""}
    return {
        "req_per_s": float(rate.group(1)),
        "requests": int(requests.group(1)),
        "p50_ms": _ms(percentiles["50"]),
        "p99_ms": _ms(percentiles["99"]),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def run_threads(path: str, headers: dict, seconds: float, connections: int = CONNECTIONS) -> dict:
    """Fallback load generator: ``connections`` threads, one request at a time each."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = request("GET", path, headers)[0]
            except OSError:
                status = 0
            mine.append((time.perf_counter() - started) * 1000)
            bad += not 200 <= status < 400
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return NOTHING_SERVED | {"non_2xx": failures[0], "socket_errors": ""}
    return {
        "req_per_s": len(latencies) / elapsed,
        "requests": len(latencies),
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "non_2xx": failures[0],
        "socket_errors": "",
    }


_TICK = os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(master: int) -> float:
    """User + system CPU of the gunicorn master and its workers so far: what a page costs
    the server, whatever else the machine is doing (throughput on a shared machine is
    not; the CPU per request is)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == master or ppid == master:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICK


def measure(auth: dict, master: int) -> tuple[dict, str]:
    load, tool = (run_wrk, "wrk") if shutil.which("wrk") else (run_threads, "python threads")
    log(f"load generator: {tool}; {CONNECTIONS} connections, {ROUNDS} rounds of {SECONDS:g} s")
    for _name, path, kind in PAGES:  # warm-up: templates, connections, caches
        load(path, auth[kind], 1)
    samples: dict[str, list[dict]] = {name: [] for name, _, _ in PAGES}
    for round_number in range(1, ROUNDS + 1):
        order = PAGES if round_number % 2 else PAGES[::-1]  # alternate the order too
        for name, path, kind in order:
            cpu = server_cpu_seconds(master)
            sample = load(path, auth[kind], SECONDS)
            sample["cpu_ms_per_req"] = (
                (server_cpu_seconds(master) - cpu) * 1000 / max(sample["requests"], 1)
            )
            if sample["non_2xx"]:
                sys.exit(f"{name} {path}: {sample['non_2xx']} responses were not 2xx/3xx")
            samples[name].append(sample)
        log(f"round {round_number}/{ROUNDS} done")
    for connections in LATENCY_CONNECTIONS:
        for name, path, kind in PAGES:
            sample = load(path, auth[kind], SECONDS, connections)
            samples[name].append(sample | {"connections": connections})
        log(f"latency at {connections} connections done")
    return samples, tool


# --- report --------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "load_avg_1m": os.getloadavg()[0]}


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return ""


class BaselineServedNothing(Exception):
    """No round has a baseline to compare the pages with."""


def _median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else 0.0


def summarize(samples: dict, sizes: dict) -> dict:
    """Each page's figures at CONNECTIONS (the median of the rounds) and its ratios to the
    baseline; raises BaselineServedNothing when no round of the baseline served a request
    (the pages still get their figures, ratios None)."""
    pages = {}
    for name, path, _kind in PAGES:
        rounds = [s for s in samples[name] if "connections" not in s]
        fewer = [s for s in samples[name] if "connections" in s]
        pages[name] = {
            "url": path,
            "req_per_s": round(_median(s["req_per_s"] for s in rounds), 1),
            "p50_ms": round(_median(s["p50_ms"] for s in rounds), 1),
            "p99_ms": round(_median(s["p99_ms"] for s in rounds), 1),
            "cpu_ms_per_req": round(_median(s["cpu_ms_per_req"] for s in rounds), 2),
            "bytes": sizes[name],
            "rounds": [
                {k: round(s[k], 2) for k in ("req_per_s", "p50_ms", "p99_ms", "cpu_ms_per_req")}
                | {"requests": s["requests"]}
                for s in rounds
            ],
            "at_fewer_connections": {
                str(s["connections"]): {
                    k: round(s[k], 1) for k in ("req_per_s", "p50_ms", "p99_ms")
                }
                | {"requests": s["requests"]}
                for s in fewer
            },
        }
    base_rounds = [s for s in samples["baseline"] if "connections" not in s]
    base_cpu = pages["baseline"]["cpu_ms_per_req"]
    served = [i for i, b in enumerate(base_rounds) if b["req_per_s"] > 0]
    for name, page in pages.items():
        # Each round's throughput over the baseline's in the same round (measured
        # seconds apart), then the median: steadier than a ratio of medians. Rounds in
        # which the baseline served nothing have no ratio.
        rounds = [s for s in samples[name] if "connections" not in s]
        ratios = [rounds[i]["req_per_s"] / base_rounds[i]["req_per_s"] for i in served]
        page["ratio"] = round(statistics.median(ratios), 2) if ratios else None
        # The same ratio from the server's CPU per request: baseline cost ÷ page cost.
        cpu = page["cpu_ms_per_req"]
        page["cpu_ratio"] = round(base_cpu / cpu, 2) if cpu and base_cpu else None
        if name in TARGETED:
            page["meets_target"] = (
                page["ratio"] is not None
                and page["ratio"] >= TARGET_RATIO
                and 0 < page["p99_ms"] < TARGET_P99_MS
            )
    if not served:
        error = BaselineServedNothing(
            f"the baseline {pages['baseline']['url']} served no request in any of "
            f"{len(base_rounds)} rounds: no ratio to it can be given"
        )
        error.pages = pages
        raise error
    return pages


def print_table(pages: dict) -> None:
    print()
    print(
        f"{'page':<14}{'url':<20}{'req/s':>8}{'ratio':>7}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'cpu ms/req':>11}{'cpu ratio':>10}  target"
    )

    def times(value) -> str:
        return "     -" if value is None else f"{value:>6.2f}×"

    for name, page in pages.items():
        target = {True: "ok", False: "MISSED"}.get(page.get("meets_target"), "")
        print(
            f"{name:<14}{page['url']:<20}{page['req_per_s']:>8.1f}{times(page['ratio']):>7}"
            f"{page['p50_ms']:>9.1f}{page['p99_ms']:>9.1f}{page['cpu_ms_per_req']:>11.2f}"
            f"{times(page['cpu_ratio']):>10}  {target}"
        )
    for connections in LATENCY_CONNECTIONS:
        print(f"\nat {connections} connections:")
        for name, page in pages.items():
            fewer = page["at_fewer_connections"].get(str(connections))
            if fewer:
                print(
                    f"{name:<14}{page['url']:<20}{fewer['req_per_s']:>8.1f}{'':>7}"
                    f"{fewer['p50_ms']:>9.1f}{fewer['p99_ms']:>9.1f}"
                )
    print(
        f"\ntarget: list pages and API list ≥ {TARGET_RATIO}× the baseline, "
        f"p99 < {TARGET_P99_MS:g} ms\n"
        f"ratio: req/s ÷ the baseline's; cpu ratio: the baseline's server CPU per request ÷ "
        f"the page's (steadier on a busy machine)\n"
        f"latency at {CONNECTIONS} connections is mostly queueing (p50 ≈ {CONNECTIONS} ÷ req/s): "
        f"p99 < {TARGET_P99_MS:g} ms needs ≳ {CONNECTIONS * 1000 / TARGET_P99_MS:.0f} req/s\n"
        f"load average (1 min) at the end: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


LOAD_AT_START = os.getloadavg()[0]


def main() -> int:
    static_root = tempfile.mkdtemp(prefix="fucai-bench-http-")
    env = dict(
        os.environ,
        **BENCH_ENV,
        DATABASE_URL=DATABASE_URL,
        CONN_MAX_AGE="600",
        FUCAI_VAR_DIR=static_root,  # collected static files and media in a temp dir
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    server = None
    try:
        ensure_database(env)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        server = start_gunicorn(env)
        log(f"gunicorn: {WORKERS} sync workers on 127.0.0.1:{PORT}")
        auth = sign_in()
        sizes = check_pages(auth)
        samples, tool = measure(auth, server.pid)
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(static_root, ignore_errors=True)
    error = ""
    try:
        pages = summarize(samples, sizes)
    except BaselineServedNothing as exc:
        error = str(exc)
        pages = exc.pages
    results = {
        "commit": commit(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_avg_1m_at_start": LOAD_AT_START,
        "load_generator": tool,
        "connections": CONNECTIONS,
        "latency_connections": LATENCY_CONNECTIONS,
        "workers": WORKERS,
        "seconds_per_round": SECONDS,
        "rounds": ROUNDS,
        "target": {"ratio": TARGET_RATIO, "p99_ms": TARGET_P99_MS},
        "pages": pages,
    } | ({"error": error} if error else {})
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(pages)
    log(f"wrote {RESULTS.relative_to(ROOT)}")
    if error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
