"""Permission-matrix rows of the charity app (see fucai.core.testing.matrix)."""


def make_world(cast) -> dict:
    return {}


URL_SPECS: dict = {}
