"""Sign-in through the government identity platform (浙里办) over OpenID Connect,
against a local provider: the verified identity replaces the one-time code, the account
is found or created by the ID number's keyed hash, and a bad ID token is refused with a
message saying why."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse
from django.utils import translation

from fucai.core import crypto
from fucai.core.choices import Role
from fucai.core.models import AuditEntry
from fucai.core.testing.oidc_provider import LocalOIDCProvider
from fucai.core.tests.factories import id_number
from fucai.recruitment.models import ApplicantProfile, GovIdentity
from fucai.recruitment.tests.factories import ApplicantFactory, ApplicationFactory

pytestmark = pytest.mark.django_db

ID = id_number(701)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted by their English msgids (English chosen, as set_language does)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def provider(settings):
    with LocalOIDCProvider(client_id="fucai", client_secret="s3cret-for-tests") as local:
        local.identity = {"sub": "zlb-0001", "name": "王小明", "id_number": ID}
        settings.FUCAI_OIDC_ISSUER = local.issuer
        settings.FUCAI_OIDC_CLIENT_ID = "fucai"
        settings.FUCAI_OIDC_CLIENT_SECRET = "s3cret-for-tests"
        yield local


def _through_provider(client, start="/public/account/gov/"):
    """Start on the portal, let the provider sign in, come back: the callback answer."""
    response = client.get(start)
    assert response.status_code == 302
    authorize = response["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"][0] and query["state"][0]
    back = requests.get(authorize, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def test_the_button_shows_only_when_configured(client, settings):
    settings.FUCAI_OIDC_ISSUER = ""
    assert b'data-testid="gov-sign-in"' not in client.get(reverse("portal:sign_in")).content
    assert client.get(reverse("portal:gov_sign_in")).status_code == 404
    settings.FUCAI_OIDC_ISSUER = "https://idp.example.org"
    settings.FUCAI_OIDC_CLIENT_ID = "fucai"
    assert b'data-testid="gov-sign-in"' in client.get(reverse("portal:sign_in")).content
    assert b'data-testid="gov-sign-in"' in client.get(reverse("portal:sign_up")).content


def test_a_first_visit_creates_the_applicant_by_id_number(client, provider):
    response = _through_provider(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_applications")
    identity = GovIdentity.objects.select_related("user").get()
    assert identity.id_number_digest == crypto.blind_index(ID)
    assert identity.id_number == ID
    assert identity.user.role == Role.APPLICANT
    assert identity.user.display_name == "王小明"
    assert not identity.user.has_usable_password()
    assert identity.subject == "zlb-0001"
    assert ID not in identity.user.username
    page = client.get(reverse("portal:my_applications"))
    assert page.status_code == 200
    assert AuditEntry.objects.filter(object_id=str(identity.pk)).exists()
    # The token request carried the PKCE verifier and the client's secret.
    sent = provider.token_requests[-1]
    assert sent["code_verifier"] and sent["client_secret"] == "s3cret-for-tests"
    assert not sent["_basic"]


def test_the_same_person_comes_back_to_the_same_account(client, provider):
    _through_provider(client)
    client.post(reverse("portal:sign_out"))
    application = ApplicationFactory(applicant=GovIdentity.objects.get().user)
    _through_provider(client, "/public/account/gov/?next=/public/my/")
    assert GovIdentity.objects.count() == 1
    page = client.get(reverse("portal:my_applications"))
    assert application.tracking_code in page.content.decode()


def test_a_verified_phone_joins_the_existing_phone_account(client, provider):
    applicant = ApplicantFactory()
    ApplicantProfile.objects.create(
        user=applicant, phone="13957712345", phone_digest=crypto.blind_index("13957712345")
    )
    provider.identity |= {"phone_number": "13957712345", "phone_number_verified": True}
    _through_provider(client)
    assert GovIdentity.objects.get().user == applicant


def test_an_unverified_phone_does_not_join_an_account(client, provider):
    applicant = ApplicantFactory()
    ApplicantProfile.objects.create(
        user=applicant, phone="13957712345", phone_digest=crypto.blind_index("13957712345")
    )
    provider.identity |= {"phone_number": "13957712345", "phone_number_verified": False}
    _through_provider(client)
    assert GovIdentity.objects.get().user != applicant


@pytest.mark.parametrize(
    ("knob", "message"),
    [
        ({"nonce": "not-the-one-we-sent"}, "nonce mismatch"),
        ({"aud": "another-client"}, "issued for another application"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "has expired"),
        ({"iss": "https://elsewhere.example.org"}, "another issuer"),
        ({"id_number": "33030219900101123"}, "not accepted"),
    ],
)
def test_a_bad_id_token_is_refused_with_the_reason(client, provider, knob, message):
    provider.override = knob
    response = _through_provider(client)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not GovIdentity.objects.exists()


def test_a_token_signed_with_another_key_is_refused(client, provider):
    provider.sign_with_other_key = True
    response = _through_provider(client)
    assert response.status_code == 400
    assert "signature is not valid" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_callback_not_started_here_is_refused(client, provider):
    response = _through_provider(client)
    assert response.status_code == 302
    client.post(reverse("portal:sign_out"))
    replay = client.get(reverse("portal:gov_callback") + "?code=abc&state=forged")
    assert replay.status_code == 400
    assert "was not started here" in replay.content.decode()


def test_a_refusal_from_the_provider_is_shown(client, provider):
    client.get(reverse("portal:gov_sign_in"))
    state = next(k for k in sorted(client.session.keys()) if k.startswith("_state_gov_")).split(
        "_"
    )[-1]
    response = client.get(
        reverse("portal:gov_callback") + f"?error=access_denied&state={state}"
        "&error_description=user+cancelled"
    )
    assert response.status_code == 400
    assert "user cancelled" in response.content.decode()


def test_next_must_stay_on_this_site(client, provider):
    response = _through_provider(client, "/public/account/gov/?next=https://evil.example.org/")
    assert response["Location"] == reverse("portal:my_applications")


def test_an_unreachable_provider_is_said_so(client, settings):
    settings.FUCAI_OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.FUCAI_OIDC_CLIENT_ID = "fucai"
    response = client.get(reverse("portal:gov_sign_in"))
    assert response.status_code == 503
    assert "cannot be reached" in response.content.decode()


def test_the_page_speaks_chinese_by_default(client, provider, settings):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    with translation.override("zh-hans"):
        page = client.get(reverse("portal:sign_in")).content.decode()
        assert "使用浙里办登录" in page
        provider.override = {"aud": "another-client"}
        assert "签发给其他应用" in _through_provider(client).content.decode()


def test_a_deactivated_account_stays_out(client, provider):
    _through_provider(client)
    client.post(reverse("portal:sign_out"))
    GovIdentity.objects.get().user.__class__.objects.update(is_active=False)
    response = _through_provider(client)
    assert response.status_code == 400
    assert "deactivated" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_client_can_authenticate_with_http_basic(client, provider, settings):
    settings.FUCAI_OIDC_TOKEN_AUTH_METHOD = "client_secret_basic"
    assert _through_provider(client).status_code == 302
    assert provider.token_requests[-1]["_basic"]
    assert provider.token_requests[-1]["client_secret"] == "s3cret-for-tests"
    assert GovIdentity.objects.exists()
