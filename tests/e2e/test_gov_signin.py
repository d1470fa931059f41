"""An application started on the government service platform, handled here: the
platform submits it through /api/gov/applications with its service token, and the
applicant, on a phone, signs in on the portal through 浙里办 (a local OpenID Connect
provider standing in for the platform's identity service) and reaches it among their
applications — no one-time code, no password."""

import datetime

import pytest
from django.test import Client
from playwright.sync_api import expect

from fucai.core.testing.oidc_provider import LocalOIDCProvider
from fucai.core.validators import make_id_number
from fucai.recruitment.tests.factories import CallFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ID_NUMBER = make_id_number("330302", datetime.date(1985, 6, 1), 77)
TOKEN = "gov-platform-service-token-for-the-browser-test"


@pytest.fixture
def provider(settings):
    with LocalOIDCProvider(client_id="fucai", client_secret="browser-test-secret") as local:
        local.identity = {"sub": "zlb-e2e", "name": "陈浙里", "id_number": ID_NUMBER}
        settings.FUCAI_OIDC_ISSUER = local.issuer
        settings.FUCAI_OIDC_CLIENT_ID = "fucai"
        settings.FUCAI_OIDC_CLIENT_SECRET = "browser-test-secret"
        settings.FUCAI_GOV_API_TOKENS = [TOKEN]
        yield local


def test_an_applicant_signs_in_through_the_gov_platform_and_finds_their_application(page, provider):
    call = CallFactory(required_documents=["id_card"])
    submitted = Client().post(
        "/api/gov/applications",
        {
            "reference": "ZJZW-E2E-1",
            "call_id": call.pk,
            "name": "陈浙里",
            "id_number": ID_NUMBER,
            "phone": "13957700888",
            "education": "high_school",
            "region": "330302",
            "address": "鹿城区五马街18号",
            "latitude": "27.994000",
            "longitude": "120.655000",
            "area": "28.00",
            "tenure": "owned",
            "intended_class": "dedicated",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert submitted.status_code == 201, submitted.content
    tracking_code = submitted.json()["tracking_code"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/account/sign-in/")
    button = page.get_by_test_id("gov-sign-in")
    expect(button).to_have_text("使用浙里办登录")
    button.click()
    page.wait_for_url("**/public/my/")
    expect(page.get_by_text("陈浙里").first).to_be_visible()
    expect(page.get_by_text(tracking_code)).to_be_visible()
    # The documents the call asks for are added here, on the portal.
    page.get_by_text(tracking_code).click()
    page.wait_for_url(f"**/public/my/{tracking_code}/")
    assert provider.token_requests, "the code was exchanged at the token endpoint"
