"""The API docs page renders its operations offline, under the Content-Security-Policy."""

from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@override_settings(CSP_ENABLED=True)
def test_the_docs_page_renders_the_operations_from_this_site_only(page, live_server):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message),
    )
    response = page.goto("/api/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    ui = page.get_by_test_id("swagger-ui")
    expect(ui.locator(".opblock-summary-path[data-path='/api/stations']").first).to_be_visible()
    expect(ui.locator(".opblock-summary-path[data-path='/api/token']")).to_be_visible()
    assert ui.locator(".opblock").count() > 5
    expect(ui.locator(".info .title")).to_contain_text("Fucai API")
    # Open one operation: its parameters and responses render too.
    ui.locator(".opblock-summary-path[data-path='/api/token']").click()
    expect(ui.locator(".opblock-body .responses-wrapper").first).to_be_visible()
    assert hosts == {urlsplit(live_server.url).netloc}
    assert violations == []
