"""The demo shows the 浙里办 sign-in without any outside service: with FUCAI_OIDC_DEMO
(`make run`) the site serves a stand-in identity provider under /dev/gov-idp/; a visitor
on a phone presses 使用浙里办登录, picks one of the made-up citizens and comes back
through the real OpenID Connect code flow, signed in on their applications page."""

import pytest
from playwright.sync_api import expect

from fucai.core.testing import oidc_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_mode(settings, live_server):
    settings.FUCAI_OIDC_DEMO = True
    settings.FUCAI_OIDC_ISSUER = f"{live_server.url}/dev/gov-idp"
    settings.FUCAI_OIDC_CLIENT_ID = "fucai-demo"
    settings.FUCAI_OIDC_CLIENT_SECRET = "fucai-demo-secret"
    settings.ROOT_URLCONF = "fucai.core.tests.oidc_demo_urls"
    return settings


def test_a_visitor_signs_in_through_the_demo_provider_on_a_phone(page, demo_mode):
    person = oidc_demo.citizens()[0]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/account/sign-in/")
    button = page.get_by_test_id("gov-sign-in")
    expect(button).to_have_text("使用浙里办登录")
    button.click()
    page.wait_for_url("**/dev/gov-idp/authorize?**")
    expect(page.get_by_role("heading", name="政务身份认证平台（演示）")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.get_by_test_id("demo-citizen").filter(has_text=person["name"]).click()
    page.wait_for_url("**/public/my/")
    expect(page.get_by_text(person["name"]).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
