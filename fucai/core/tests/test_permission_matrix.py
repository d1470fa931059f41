"""The permission matrix: every named staff URL × every role.

The expected outcome is generated from the declared policy — the role table in
``fucai.core.roles`` and the data scope — and compared with what each view actually
answers: anonymous → login redirect, missing permission → 403, object outside the
user's scope → 404 (indistinguishable from a missing object), otherwise success.
A new URL without an entry in URL_SPECS fails ``test_every_url_has_a_spec``.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fucai.core import roles
from fucai.core.roles import role_of
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

# URL namespaces tested here; the API has its own matrix, the admin is Django's.
NAMESPACES = {"core", "stations", "dashboard"}
PUBLIC = {"core:login", "core:logout"}


@dataclass
class Spec:
    permission: str
    method: str = "get"
    scoped: bool = False  # the URL names one station: outside scope → 404
    ok: tuple[int, ...] = (200,)
    data: dict = field(default_factory=dict)


URL_SPECS = {
    "dashboard:home": Spec(roles.USE_STAFF_SITE),
    "stations:list": Spec(roles.VIEW_STATION),
    "stations:create": Spec(roles.CHANGE_STATION),
    "stations:detail": Spec(roles.VIEW_STATION, scoped=True),
    "stations:edit": Spec(roles.CHANGE_STATION, scoped=True),
    "stations:transition": Spec(roles.CHANGE_STATION, scoped=True),
    "stations:contract_add": Spec(roles.CHANGE_STATION, scoped=True),
    "stations:insurance_add": Spec(roles.CHANGE_STATION, scoped=True),
    "stations:owner_reveal": Spec(roles.REVEAL_PERSONAL_DATA, method="post", scoped=True),
    "core:audit": Spec(roles.VIEW_AUDIT),
    "core:login_log": Spec(roles.VIEW_LOGIN_LOG),
    # Jobs are scoped to their owner; tested in test_jobs.py (needs a job to exist).
}
OBJECT_URLS_TESTED_ELSEWHERE = {"core:job_detail"}

ROLE_NAMES = [
    "leader",
    "stations",
    "finance",
    "charity",
    "marketing",
    "party",
    "lucheng",
    "ruian",
    "inspector",
    "admin",
    "owner",
    "applicant",
    "outsider",
]


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            yield f"{namespace}:{pattern.name}"


def test_every_url_has_a_spec():
    names = set(_named_urls())
    missing = names - PUBLIC - set(URL_SPECS) - OBJECT_URLS_TESTED_ELSEWHERE
    assert missing == set(), "add these URLs to URL_SPECS"
    assert set(URL_SPECS) <= names


def _url(name: str, station: Station) -> str:
    if URL_SPECS[name].scoped:
        return reverse(name, args=[station.code])
    return reverse(name)


def _expected(user, spec: Spec, station: Station) -> str:
    if not roles.has_permission(user, spec.permission):
        return "forbidden"
    if spec.scoped and not Station.objects.visible_to(user).filter(pk=station.pk).exists():
        return "not_found"
    return "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URL_SPECS))
def test_anonymous_users_are_sent_to_login(client, cast, name):
    station = StationFactory()
    spec = URL_SPECS[name]
    response = getattr(client, spec.method)(_url(name, station))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_gets_what_the_policy_says(client, cast, role):
    from fucai.core.tests.factories import region

    user = cast[role]
    in_lucheng = StationFactory(region=region("330302"))
    StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    client.force_login(user)
    outcomes = {}
    for name, spec in URL_SPECS.items():
        response = getattr(client, spec.method)(_url(name, in_lucheng), spec.data)
        expected = _expected(user, spec, in_lucheng)
        actual = {403: "forbidden", 404: "not_found"}.get(response.status_code, "ok")
        if actual == "ok":
            assert response.status_code in spec.ok, (name, response.status_code)
        outcomes[name] = (expected, actual)
    mismatches = {name: pair for name, pair in outcomes.items() if pair[0] != pair[1]}
    assert mismatches == {}, f"{role} ({role_of(user)}): {mismatches}"


@pytest.mark.django_db
def test_the_matrix_covers_every_outcome(cast):
    """Guard against a vacuous matrix: the cast must produce all three outcomes."""
    from fucai.core.tests.factories import region

    station = StationFactory(region=region("330302"))
    seen = {
        _expected(cast[role], spec, station) for role in ROLE_NAMES for spec in URL_SPECS.values()
    }
    assert seen == {"ok", "forbidden", "not_found"}
