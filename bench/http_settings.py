"""Settings of the HTTP benchmark's gunicorn: production's, plus the baseline page's URL.

Only the benchmark (bench/http_pages.py) points DJANGO_SETTINGS_MODULE here.
"""

from fucai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
