"""The client address comes from REMOTE_ADDR, or from X-Forwarded-For only as far as
our own proxies wrote it: a spoofed leftmost entry is never believed."""

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from fucai.core.context import client_ip
from fucai.core.models import AuditEntry, LoginEvent
from fucai.core.tests.factories import UserFactory
from fucai.stations.tests.factories import StationFactory

SPOOFED = "1.2.3.4, 203.0.113.9"  # a client-written entry, then what our proxy saw


def _request(xff=None, remote="10.0.0.1"):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@override_settings(FUCAI_TRUSTED_PROXIES=0)
def test_without_proxies_the_header_is_ignored():
    assert client_ip(_request(SPOOFED)) == "10.0.0.1"


@override_settings(FUCAI_TRUSTED_PROXIES=1)
def test_one_proxy_takes_the_rightmost_entry_not_the_spoofed_leftmost():
    assert client_ip(_request(SPOOFED)) == "203.0.113.9"
    assert client_ip(_request("203.0.113.9")) == "203.0.113.9"


@override_settings(FUCAI_TRUSTED_PROXIES=2)
def test_two_proxies_take_the_second_entry_from_the_right():
    assert client_ip(_request("1.2.3.4, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


@override_settings(FUCAI_TRUSTED_PROXIES=2)
def test_too_few_or_malformed_entries_fall_back_to_remote_addr():
    assert client_ip(_request("203.0.113.9")) == "10.0.0.1"
    assert client_ip(_request(None)) == "10.0.0.1"
    assert client_ip(_request("not-an-ip, 10.0.0.5")) == "10.0.0.1"


@override_settings(FUCAI_TRUSTED_PROXIES=1)
def test_axes_uses_the_same_function():
    assert get_client_ip_address(_request(SPOOFED)) == "203.0.113.9"


@pytest.mark.django_db
@override_settings(FUCAI_TRUSTED_PROXIES=1)
def test_login_log_and_audit_record_the_trusted_address(client, cast):
    client.post(
        reverse("core:login"),
        {"username": "leader", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=SPOOFED,
    )
    assert LoginEvent.objects.get().ip == "203.0.113.9"
    station = StationFactory()
    client.force_login(cast["admin"])
    client.post(
        reverse("stations:owner_reveal", args=[station.code]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=SPOOFED,
    )
    assert AuditEntry.objects.filter(action="reveal").get().ip == "203.0.113.9"


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2, FUCAI_TRUSTED_PROXIES=1)
def test_rotating_a_spoofed_header_does_not_escape_lockout(client):
    UserFactory(username="victim", role="leadership")
    for n in range(3):
        client.post(
            reverse("core:login"),
            {"username": "victim", "password": "nope"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response = client.post(
        reverse("core:login"),
        {"username": "victim", "password": "whatever"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9",
    )
    assert response.status_code == 429
