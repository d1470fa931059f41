import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Sign-in and code-request throttles count in the cache: start every test at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
