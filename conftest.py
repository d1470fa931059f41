"""pytest's root. Settings detect pytest (FUCAI_TESTING). The shared cast of users lives
in fucai/conftest.py and is re-exported here so tests/ (browser tests) can use it too."""

from importlib import import_module

import pytest

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


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request, django_db_blocker):
    """A transactional test flushes every table when it ends: it starts with the
    reference data loaded, and loads it again after the flush, so that the tests that
    run after it in the same process (in whatever order a worker gets its files) find
    the database as every other test does."""
    if {"transactional_db", "live_server"} & set(request.fixturenames) or any(
        marker.kwargs.get("transaction") for marker in request.node.iter_markers("django_db")
    ):

        def reload() -> None:
            with django_db_blocker.unblock():
                _ensure_reference_data()

        # The test's finalizers run last registered first: registered before
        # transactional_db is set up, this one runs after its flush.
        request.node.addfinalizer(reload)
        request.getfixturevalue("transactional_db")
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
