"""The permission matrix: every route of Fucai — staff pages, the public portal and
every operation of the JSON API — called as every role of the cast, anonymous included.

Each app writes down, in ``<app>/tests/url_specs.py``, the outcome each role must get
for each of its routes (``fucai.core.testing.matrix.expect``): a table of policy, not
derived from ``fucai.core.roles`` or ``visible_to``. This test compares it with what the
views answer. A route without a row fails ``test_every_route_has_a_row``.

Every request runs inside a savepoint that is rolled back (and the session cookie is
restored after it), so one world serves every route: a delete or a sign-out does not
change what the next route sees.
"""

import json
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fucai.api.api import api
from fucai.core.testing.matrix import OUTCOMES, ROLES

# The Django admin's own model pages are guarded by ``admin_site.admin_view`` exactly as
# its index is; the index stands for them in the matrix.
ADMIN_ROW = "admin:index"
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


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
        duplicated = set(specs) & set(module.URL_SPECS)
        assert not duplicated, f"rows declared twice: {duplicated}"
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
            inner = pattern.namespace or namespace
            if inner == "api":
                continue  # the ninja API is listed by operation, from its schema
            yield from _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def _routes() -> set[str]:
    pages = {name for name in _named_urls() if not name.startswith("admin:")}
    return pages | {ADMIN_ROW} | _api_operations()


def test_every_route_has_a_row():
    routes = _routes()
    assert routes - set(URL_SPECS) == set(), "add rows for these routes to their app's url_specs"
    assert set(URL_SPECS) - routes == set(), "rows for routes that no longer exist"


def test_every_row_names_every_role_and_a_known_outcome():
    for name, spec in URL_SPECS.items():
        assert set(spec.expected) == set(ROLES), name
        assert set(spec.expected.values()) <= OUTCOMES, name
        if " " in name:  # an API operation: its method is part of its name
            assert spec.method == name.split(" ")[0].lower(), name


def test_the_matrix_covers_every_outcome():
    """Guard against a vacuous matrix: the table must expect every outcome somewhere."""
    assert {o for spec in URL_SPECS.values() for o in spec.expected.values()} == OUTCOMES


def _url(name: str, spec, world: dict) -> str:
    args = spec.args(world) if spec.args else None
    if " " in name:
        path = name.split(" ", 1)[1]
        return path.format(**(args or {}))
    return reverse(name, args=args or [])


def _call(client, name: str, spec, world: dict):
    data = spec.data(world) if callable(spec.data) else spec.data
    kwargs = {}
    if spec.content_type == "application/json":
        data = json.dumps(data)
        kwargs["content_type"] = spec.content_type
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        response = getattr(client, spec.method)(_url(name, spec, world), data, **kwargs)
        transaction.set_rollback(True)
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
    return response


def _outcome(response, spec) -> str:
    status = response.status_code
    if status == 302 and response["Location"].startswith(reverse(spec.login_url)):
        return "login"
    if status == 302 and response["Location"] == reverse("portal:my_applications"):
        # An applicant refused a staff page is sent to the portal instead of a 403.
        return "forbidden"
    if status in spec.success:
        return "ok"
    return {401: "unauthorized", 403: "forbidden", 404: "hidden"}.get(status, f"HTTP {status}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(client, cast, role):
    world = _make_world(cast)
    if role != "anonymous":
        client.force_login(cast[role])
    mismatches = {}
    for name, spec in URL_SPECS.items():
        actual = _outcome(_call(client, name, spec, world), spec)
        if actual != spec.expected[role]:
            mismatches[name] = f"expected {spec.expected[role]}, got {actual}"
    assert mismatches == {}, "\n".join([role, *(f"{k}: {v}" for k, v in mismatches.items())])
