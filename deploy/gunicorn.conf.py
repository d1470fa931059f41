"""gunicorn settings for `make serve` (bin/serve): `gunicorn -c deploy/gunicorn.conf.py`.

Environment: HOST, PORT (bind), WEB_CONCURRENCY (workers), GUNICORN_TIMEOUT,
FORWARDED_ALLOW_IPS (the TLS proxy's address), CONN_MAX_AGE.
"""

import os

# Sync workers each keep one persistent database connection (about 3x the throughput of
# a page that connects per request, DESIGN.md). Only here: runserver keeps none.
os.environ.setdefault("CONN_MAX_AGE", "600")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fucai.settings")

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# cores + 1 sync workers: on 2 cores it served as many pages per second as 2 * cores + 1
# (the work is CPU-bound in Python and PostgreSQL), with fewer connections (README).
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # long Excel exports
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# X-Forwarded-* are trusted from the proxy only (with FUCAI_BEHIND_PROXY=1 in Django).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "fucai.wsgi:application"
# gunicorn's control socket, beside the other run-time files rather than in $HOME.
_var = os.environ.get("FUCAI_VAR_DIR") or os.path.join(os.path.dirname(__file__), "..", "var")
control_socket = os.path.join(os.path.abspath(_var), "gunicorn.ctl")
