"""The benchmark's URLconf: the whole site plus the baseline page (see bench/baseline.py)."""

from django.urls import path

from fucai.urls import urlpatterns as site_urlpatterns

from . import baseline

urlpatterns = [path("_bench/baseline/", baseline.stations, name="bench_baseline")]
urlpatterns += site_urlpatterns
