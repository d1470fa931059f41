import pytest
from django.utils import translation

from fucai.sales.tests.factories import ensure_games


@pytest.fixture
def importer(cast):
    """The finance user, allowed to import sales."""
    ensure_games()
    return cast["finance"]


@pytest.fixture(autouse=True)
def english():
    """Error reasons are asserted in their English msgids, whatever the locale files say."""
    with translation.override("en"):
        yield
