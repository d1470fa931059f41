import pytest
from django.test import override_settings
from django.urls import reverse

from fucai.core.models import LoginEvent
from fucai.core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_healthz_reports_a_database_failure(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_the_login_page_is_served_in_chinese_by_default(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


def test_every_response_carries_a_request_id(client):
    response = client.get(reverse("core:login"), HTTP_X_REQUEST_ID="abcdef123456")
    assert response["X-Request-ID"] == "abcdef123456"
    response = client.get(reverse("core:login"), HTTP_X_REQUEST_ID="bad id <script>")
    assert response["X-Request-ID"] != "bad id <script>"


@override_settings(CSP_ENABLED=True)
def test_a_content_security_policy_is_sent(client):
    response = client.get(reverse("core:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy


def test_forms_are_csrf_protected(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("core:login"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 403


def test_logins_and_failures_are_logged_with_the_address(client, cast):
    client.post(
        reverse("core:login"),
        {"username": "leader", "password": "wrong"},
        REMOTE_ADDR="10.1.2.3",
    )
    client.post(
        reverse("core:login"), {"username": "leader", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    events = list(LoginEvent.objects.order_by("id").values_list("username", "success", "ip"))
    assert events == [("leader", False, "10.1.2.3"), ("leader", True, "10.1.2.3")]


def test_only_administrators_read_the_login_log(client, cast):
    LoginEvent.objects.create(username="ghost", success=False, ip="10.9.9.9")
    client.force_login(cast["admin"])
    response = client.get(reverse("core:login_log"), {"q": "ghost"})
    assert "10.9.9.9" in response.content.decode()
    client.force_login(cast["leader"])
    assert client.get(reverse("core:login_log")).status_code == 403


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account(client, db):
    UserFactory(username="victim", role="leadership")
    for _ in range(3):
        client.post(reverse("core:login"), {"username": "victim", "password": "nope"})
    response = client.post(reverse("core:login"), {"username": "victim", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_checked_by_the_validators(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")


def test_chinese_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("core:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()


def test_english_is_available_by_choice(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("core:login"))
    assert 'lang="en"' in response.content.decode()
    assert "Sign in" in response.content.decode()
