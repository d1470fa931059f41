"""Every supervision route answers junk with a 4xx (or the page again), never a 500:
each route of the permission matrix is called as a role allowed to use it, with empty
and hostile form data and query strings (NUL characters, impossible dates, numbers out
of range, unknown choices, overlong text)."""

import pytest
from django.db import transaction

from fucai.core.tests.test_permission_matrix import _make_world, _url

from .url_specs import URL_SPECS

pytestmark = pytest.mark.django_db

JUNK = {
    "version": "x",
    "year": "99999",
    "month": "2019-13",
    "due_on": "2019-02-30",
    "planned_on": "0000-00-00",
    "occurred_on": "1800-01-01",
    "deadline_from": "yesterday",
    "inspector": "abc",
    "station": "99999999",
    "region": "zzz",
    "status": "nope",
    "decision": "maybe",
    "reason": " ",
    "comment": "长" * 20_000,
    "text": "<script>",
    "weight": "1e309",
    "score": "nan",
    "planned_visits": "-1",
    "purposes": ["x", "0"],
    "page": str(10**20),
    "sort": "-bogus",
    "export": "xlsx",
}
EMPTY: dict = {}
# NUL characters: refused before any view runs (core middleware), checked once here.
NUL = {"q": "\x00", "text": "\x00"}


def _role(spec) -> str | None:
    for role in ("stations", "admin", "lucheng", "inspector", "leader", "owner"):
        if spec.expected[role] == "ok":
            return role
    return None


def test_no_route_answers_junk_with_a_500(client, cast):
    world = _make_world(cast)
    failures = {}
    for name, spec in URL_SPECS.items():
        role = _role(spec)
        if role is None or " " in name:
            continue
        client.force_login(cast[role])
        for label, data in (("empty", EMPTY), ("junk", JUNK), ("nul", NUL)):
            with transaction.atomic():
                call = getattr(client, spec.method)
                response = call(_url(name, spec, world), data)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                failures[f"{name} ({role}, {label})"] = response.status_code
    assert failures == {}
