"""pytest's root. Settings detect pytest (FUCAI_TESTING). The shared cast of users lives
in fucai/conftest.py and is re-exported here so tests/ (browser tests) can use it too."""

from importlib import import_module

import pytest
from pytest_django.plugin import blocking_manager_key

from fucai.conftest import cast, center  # noqa: F401


def _ensure_reference_data() -> None:
    """Regions, games with their rates, governance defaults (visit purposes, penalty
    table, default checklists), the welfare fund's (retention rate, approval chains), the
    charity activity series, the alert rules and the party's meeting frequencies come
    from data migrations. A transactional test (browser, concurrency) flushes every
    table when it ends, and with --reuse-db the next run would start without them:
    reload them."""
    from django.apps import apps

    from fucai.charity.defaults import load_reference_data as load_charity_reference_data
    from fucai.core.tests.factories import ensure_regions
    from fucai.governance.defaults import load_reference_data
    from fucai.governance.defaults_checklists import load_default_checklists
    from fucai.sales.tests.factories import ensure_games
    from fucai.welfare.defaults import load_reference_data as load_welfare_defaults

    ensure_regions()
    ensure_games()
    load_reference_data(apps)
    load_default_checklists(apps)
    load_welfare_defaults(apps)
    load_charity_reference_data(apps)
    # The alert rules and the party's meeting frequencies, as their data migrations load
    # them.
    import_module("fucai.monitoring.migrations.0002_seed_rules").seed(apps, None)
    import_module("fucai.party.migrations.0002_frequency_rules").load(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus the reference data. Extending the fixture
    (rather than an autouse session fixture) means a run with no database test never
    touches a database at all: pytest-django skips the test database then, and an autouse
    fixture would have written to the configured (real) one."""
    with django_db_blocker.unblock():
        _ensure_reference_data()


def _is_transactional(item) -> bool:
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or any(m.kwargs.get("transaction") for m in item.iter_markers("django_db"))
    )


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """A transactional test starts with the reference data loaded."""
    if _is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        _ensure_reference_data()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test flushes every table when its fixtures are torn down: load
    the reference data again once they all are, so that the tests that run after it in
    the same process (in whatever order a worker gets its files) find the database as
    every other test does. (A fixture cannot do it: pytest-django's own database
    fixture may be set up before it and is then torn down, flushing, after it.)"""
    result = yield
    if _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            _ensure_reference_data()
    return result


def _uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"db", "transactional_db", "live_server"}) or any(
        True for _ in item.iter_markers("django_db")
    )


@pytest.fixture(scope="module", autouse=True)
def _reference_data_for_each_module(request):
    """Each module that uses the database starts with the reference data loaded, outside
    any test's transaction: whatever an earlier module of the same worker did (a flush,
    a demo built and removed), its tests find the database as the migrations left it."""
    module = request.module
    if not any(
        _uses_database(item)
        for item in request.session.items
        if getattr(item, "module", None) is module
    ):
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        _ensure_reference_data()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request made through the test
    client activates its language in this thread, and it would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a test's rolled back database must not meet
    entries another test cached (cached sales figures, rate-limit counters)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _media_in_a_temporary_folder(tmp_path_factory):
    """Uploaded files of tests (photos, evidence, documents) go to a folder of this run,
    not to var/media."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
