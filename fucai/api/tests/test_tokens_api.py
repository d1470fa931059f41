"""API tokens die with the credentials they were exchanged for, expire, and their owner
can list and revoke them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fucai.core.models import ApiToken, AuditEntry
from fucai.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    response = Client().post(
        "/api/token", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _call(method: str, path: str, token: str):
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _works(token: str) -> bool:
    return _call("get", "/api/tokens", token).status_code == 200


def test_changing_the_password_revokes_every_token(cast):
    first, second = _token("leader"), _token("leader")
    other = _token("finance")
    user = cast["leader"]
    user.set_password("a-new-Passw0rd-for-leader")
    user.save()
    assert not _works(first) and not _works(second)
    assert _works(other)
    assert ApiToken.objects.filter(user=user).count() == 0
    revoked = AuditEntry.objects.filter(action="delete", content_type__model="apitoken")
    assert revoked.count() == 2
    assert "password" in revoked.first().comment or "密码" in revoked.first().comment


def test_deactivating_the_account_revokes_every_token(cast):
    token = _token("leader")
    user = cast["leader"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert ApiToken.objects.filter(user=user).count() == 0
    user.is_active = True
    user.save()
    assert not _works(token)


def test_an_unrelated_save_keeps_tokens(cast):
    token = _token("leader")
    user = cast["leader"]
    user.display_name = "新名字"
    user.save()
    user.save(update_fields=["last_login"])
    assert _works(token)


def test_an_expired_token_is_refused(cast, settings):
    settings.FUCAI_API_TOKEN_DAYS = 7
    token = _token("leader")
    row = ApiToken.objects.get(user=cast["leader"])
    assert (row.expires_at - timezone.now()).days in {6, 7}
    ApiToken.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not _works(token)


def test_a_user_lists_only_their_own_tokens(cast):
    token = _token("leader")
    _token("leader")
    _token("finance")
    body = _call("get", "/api/tokens", token).json()
    assert body["count"] == 2
    mine = set(ApiToken.objects.filter(user=cast["leader"]).values_list("pk", flat=True))
    assert {item["id"] for item in body["items"]} == mine
    assert {item["prefix"] for item in body["items"]} >= {token[:8]}
    assert set(body["items"][0]) == {
        "id",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "expired",
    }
    assert token not in str(body)


def test_a_user_revokes_their_own_token_but_not_someone_elses(cast):
    token = _token("leader")
    spare = _token("leader")
    theirs = _token("finance")
    their_id = ApiToken.objects.get(key_hash=ApiToken.hash_key(theirs)).pk
    assert _call("delete", f"/api/tokens/{their_id}", token).status_code == 404
    assert _works(theirs)
    spare_id = ApiToken.objects.get(key_hash=ApiToken.hash_key(spare)).pk
    assert _call("delete", f"/api/tokens/{spare_id}", token).status_code == 204
    assert not _works(spare)
    assert _call("delete", f"/api/tokens/{spare_id}", token).status_code == 404
    entry = AuditEntry.objects.filter(action="delete", object_id=str(spare_id)).get()
    assert entry.actor == cast["leader"]


def test_issuing_a_token_is_audited(cast):
    _token("leader")
    row = ApiToken.objects.get(user=cast["leader"])
    entry = AuditEntry.objects.filter(action="create", object_id=str(row.pk)).get()
    assert entry.actor == cast["leader"]


def test_the_account_page_lists_and_revokes_tokens(client, cast):
    token = _token("leader")
    _token("finance")
    client.force_login(cast["leader"])
    page = client.get(reverse("core:tokens"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="token-row"') == 1
    assert token[:8] in html and token not in html
    assert reverse("core:tokens") in client.get(reverse("dashboard:home")).content.decode()
    row = ApiToken.objects.get(user=cast["leader"])
    response = client.post(reverse("core:token_revoke", args=[row.pk]))
    assert response.status_code == 302
    assert not _works(token)
    other = ApiToken.objects.get(user=cast["finance"])
    assert client.post(reverse("core:token_revoke", args=[other.pk])).status_code == 404
