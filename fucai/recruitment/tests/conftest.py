import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their English msgids, whatever the catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
