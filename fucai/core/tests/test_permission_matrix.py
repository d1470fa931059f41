"""The permission matrix: every named URL of every Fucai app × every role.

Each app declares its URLs in ``<app>/tests/url_specs.py`` (URL_SPECS and a
``make_world(cast)`` that creates the objects its URLs name). The expected outcome is
generated from the declared policy — the role table in ``fucai.core.roles`` and the data
scope — and compared with what each view actually answers: anonymous → login (or 401
from the API), missing permission → 403, object outside the user's scope → 404
(indistinguishable from a missing object), otherwise success. A URL without a spec
fails ``test_every_url_has_a_spec``.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fucai.core import roles
from fucai.core.roles import role_of

# Public pages (anyone) and the login/logout pair are not part of the staff matrix.
PUBLIC_NAMESPACES = {"portal"}
PUBLIC = {"core:login", "core:logout"}

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


def _spec_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("fucai."):
            try:
                yield import_module(f"{config.name}.tests.url_specs")
            except ModuleNotFoundError as error:
                if not error.name.startswith(config.name):
                    raise


def _all_specs() -> dict:
    specs = {}
    for module in _spec_modules():
        specs.update(module.URL_SPECS)
    return specs


URL_SPECS = _all_specs()


def _make_world(cast) -> dict:
    world = {}
    for module in _spec_modules():
        world.update(module.make_world(cast))
    return world


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            yield f"{namespace}:{pattern.name}"


def _staff_urls() -> set[str]:
    skip = {"admin", "api"} | PUBLIC_NAMESPACES
    return {name for name in _named_urls() if name.split(":")[0] not in skip} - PUBLIC


def test_every_url_has_a_spec():
    names = _staff_urls()
    assert names - set(URL_SPECS) == set(), "add these URLs to their app's tests/url_specs.py"
    assert set(URL_SPECS) <= names, "specs for URLs that no longer exist"


def _url(name: str, world: dict) -> str:
    spec = URL_SPECS[name]
    return reverse(name, args=spec.args(world) if spec.args else [])


def _expected(user, name: str, world: dict) -> str:
    spec = URL_SPECS[name]
    if not any(roles.has_permission(user, p) for p in spec.permissions):
        return "forbidden"
    if spec.visible is not None and not spec.visible(user, world):
        return "not_found"
    return "ok"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, cast):
    world = _make_world(cast)
    for name, spec in URL_SPECS.items():
        response = getattr(client, spec.method)(_url(name, world))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("core:login")), name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_gets_what_the_policy_says(client, cast, role):
    user = cast[role]
    world = _make_world(cast)
    client.force_login(user)
    mismatches = {}
    for name, spec in URL_SPECS.items():
        response = getattr(client, spec.method)(_url(name, world), spec.data)
        expected = _expected(user, name, world)
        actual = {403: "forbidden", 404: "not_found"}.get(response.status_code, "ok")
        if actual == "ok":
            assert response.status_code in spec.ok, (name, response.status_code)
        if expected != actual:
            mismatches[name] = (expected, actual)
    assert mismatches == {}, f"{role} ({role_of(user)}): {mismatches}"


@pytest.mark.django_db
def test_the_matrix_covers_every_outcome(cast):
    """Guard against a vacuous matrix: the cast must produce all three outcomes."""
    world = _make_world(cast)
    seen = {_expected(cast[role], name, world) for role in ROLE_NAMES for name in URL_SPECS}
    assert seen == {"ok", "forbidden", "not_found"}
