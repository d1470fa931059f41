def make_world(cast) -> dict:
    return {}


URL_SPECS: dict = {}
