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


def test_static_urls_come_from_the_manifest_once_per_process(tmp_path, monkeypatch):
    import json

    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

    from fucai.core.storage import StaticFilesStorage

    manifest = {"version": "1.1", "hash": "x", "paths": {"fucai/a.css": "fucai/a.0123.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    with override_settings(DEBUG=False):
        assert storage.url("fucai/a.css") == "/static/fucai/a.0123.css"
        lookups = []
        original = ManifestStaticFilesStorage.stored_name
        monkeypatch.setattr(
            ManifestStaticFilesStorage,
            "stored_name",
            lambda self, name: lookups.append(name) or original(self, name),
        )
        assert storage.url("fucai/a.css") == "/static/fucai/a.0123.css"
        assert lookups == []  # the second time from memory
        for _ in range(2):  # a file missing from the manifest fails every time
            with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
                storage.url("fucai/missing.css")
        assert lookups == ["fucai/missing.css", "fucai/missing.css"]
