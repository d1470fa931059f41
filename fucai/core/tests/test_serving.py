"""How pages are served in production: compiled templates are cached, and the HTTP
benchmark's baseline page is not part of the site."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db


def test_templates_are_compiled_once_per_process():
    # No "loaders" option: Django wraps the filesystem and app loaders in the cached
    # loader (with DEBUG on as well since Django 4.1).
    loaders = engines["django"].engine.template_loaders
    assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]


def test_the_benchmark_baseline_is_not_reachable_on_the_site():
    with pytest.raises(Resolver404):
        resolve("/_bench/baseline/")


@override_settings(ROOT_URLCONF="bench.baseline_urls")
def test_the_benchmark_mounts_its_baseline_beside_the_site():
    assert resolve("/_bench/baseline/").url_name == "bench_baseline"
    assert resolve("/stations/").url_name == "list"
