"""The API docs page works offline: Swagger UI comes from static/vendor, never a CDN,
and the page runs under the Content-Security-Policy (no inline script)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

pytestmark = pytest.mark.django_db

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def _docs(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    return response.content.decode()


def test_the_docs_page_references_no_other_host(client):
    html = _docs(client)
    assert re.findall(r"https?://", html) == []  # not even a protocol-relative twin
    assert "//" not in "".join(URL.findall(html))


def test_the_docs_page_loads_the_vendored_swagger_ui(client):
    html = _docs(client)
    refs = URL.findall(html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in refs
    assert "/static/vendor/swagger-ui/swagger-ui.css" in refs
    for ref in refs:
        assert ref.startswith("/static/"), ref
        assert finders.find(ref.removeprefix("/static/")), f"{ref} is not a static file"


def test_the_docs_page_has_no_inline_script(client):
    html = _docs(client)
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if 'type="application/json"' in attributes:
            continue  # data, not code (json_script)
        assert "src=" in attributes and body.strip() == "", attributes


def test_the_docs_settings_point_at_the_schema_without_the_validator_badge(client):
    html = _docs(client)
    assert '"url": "/api/openapi.json"' in html
    assert '"validatorUrl": null' in html  # the badge would load validator.swagger.io


@override_settings(CSP_ENABLED=True)
def test_the_docs_page_is_served_with_the_csp(client):
    response = client.get("/api/docs")
    assert "script-src 'self'" in response["Content-Security-Policy"]
