"""The portal sign-in does not reveal which mobile numbers have an account, and it is
throttled per number and per client address."""

import re

import pytest
from django.urls import reverse

from fucai.recruitment import otp

pytestmark = pytest.mark.django_db

REGISTERED, UNKNOWN = "13912345678", "13987654321"
PASSWORD = "lottery-2019!"


@pytest.fixture
def registered(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms",
        lambda self, phone, body: sent.append((phone, body)),
    )
    code = otp.otp_request(REGISTERED)
    return otp.applicant_sign_up(phone=REGISTERED, code=code, password=PASSWORD, name="赵六")


def _sign_in(client, phone, *, ip="198.51.100.7", **data):
    return client.post(reverse("portal:sign_in"), {"phone": phone, **data}, REMOTE_ADDR=ip)


def _visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(REGISTERED, "PHONE").replace(UNKNOWN, "PHONE")


@pytest.mark.parametrize("credential", [{"password": "wrong-password"}, {"code": "123456"}])
def test_a_registered_and_an_unknown_number_get_the_same_answer(client, registered, credential):
    known = _sign_in(client, REGISTERED, **credential)
    unknown = _sign_in(client, UNKNOWN, **credential)
    assert known.status_code == unknown.status_code == 400
    assert _visible_text(known) == _visible_text(unknown)
    assert "请先注册" in known.content.decode()


def test_the_right_password_still_signs_in(client, registered):
    response = _sign_in(client, REGISTERED, password=PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == registered.pk


def test_sign_in_attempts_are_throttled_per_number(client, registered, settings):
    settings.PORTAL_SIGN_IN_LIMIT_PER_PHONE = 3
    for n in range(3):
        assert _sign_in(client, REGISTERED, ip=f"198.51.100.{n}", password="x").status_code == 400
    # A fourth try from yet another address is refused, even with the right password.
    response = _sign_in(client, REGISTERED, ip="198.51.100.99", password=PASSWORD)
    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another number is not affected.
    assert _sign_in(client, UNKNOWN, ip="198.51.100.99", password="x").status_code == 400


def test_sign_in_attempts_are_throttled_per_address(client, registered, settings):
    settings.PORTAL_SIGN_IN_LIMIT_PER_IP = 3
    for n in range(3):
        assert _sign_in(client, f"1390000000{n}", password="x").status_code == 400
    assert _sign_in(client, REGISTERED, password=PASSWORD).status_code == 429
    # The same number from another address still works.
    assert _sign_in(client, REGISTERED, ip="203.0.113.1", password=PASSWORD).status_code == 302


def test_unknown_numbers_are_throttled_exactly_like_registered_ones(client, registered, settings):
    settings.PORTAL_SIGN_IN_LIMIT_PER_PHONE = 2
    answers = {}
    for phone in (REGISTERED, UNKNOWN):
        answers[phone] = [
            _sign_in(client, phone, ip=f"198.51.100.{n}", password="x").status_code
            for n in range(3)
        ]
    assert answers[REGISTERED] == answers[UNKNOWN] == [400, 400, 429]


def test_code_requests_are_throttled_per_number_and_per_address(client, settings, monkeypatch):
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms", lambda self, phone, body: None
    )
    # The database limits (one code a minute per number, ...) stay as they are; the cache
    # throttle also caps attempts, per number and per address.
    settings.PORTAL_CODE_LIMIT_PER_IP = 2
    url = reverse("portal:otp_send")
    for n in range(2):
        client.post(url, {"phone": f"1380000000{n}"}, REMOTE_ADDR="198.51.100.7")
    response = client.post(url, {"phone": "13800000009"}, REMOTE_ADDR="198.51.100.7", follow=True)
    assert "尝试次数过多" in response.content.decode()
    from fucai.recruitment.models import PhoneVerification

    assert PhoneVerification.objects.count() == 2
    settings.PORTAL_CODE_LIMIT_PER_IP = 100
    settings.PORTAL_CODE_LIMIT_PER_PHONE = 1
    client.post(url, {"phone": "13700000001"}, REMOTE_ADDR="198.51.100.8")
    response = client.post(url, {"phone": "13700000001"}, REMOTE_ADDR="198.51.100.9", follow=True)
    assert "尝试次数过多" in response.content.decode()


def test_the_code_request_answer_does_not_depend_on_registration(client, registered, monkeypatch):
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms", lambda self, phone, body: None
    )
    url = reverse("portal:otp_send")
    known = client.post(url, {"phone": "13911112222"}, follow=True)
    unknown = client.post(url, {"phone": "13911113333"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
