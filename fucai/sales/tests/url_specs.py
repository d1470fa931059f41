"""Permission-matrix entries of the sales app: the import pages and the game catalogue
(url_specs_imports.py) and the analytics pages (url_specs_analytics.py)."""

from . import url_specs_analytics, url_specs_imports


def make_world(cast) -> dict:
    world = {}
    world.update(url_specs_imports.make_world(cast))
    world.update(url_specs_analytics.make_world(cast))
    return world


URL_SPECS = {**url_specs_imports.URL_SPECS, **url_specs_analytics.URL_SPECS}
