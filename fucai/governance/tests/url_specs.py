"""Permission-matrix rows of the governance app (see fucai.core.testing.matrix).

Each topic writes its rows in its own ``specs_<topic>.py`` with ``make_world(cast)``
(returning the objects its URLs name, under keys unique to the topic) and
``URL_SPECS``; this module gathers them, so topics never edit one shared table."""

import pkgutil
from importlib import import_module
from pathlib import Path

_HERE = str(Path(__file__).parent)
_PARTS = [
    import_module(f"{__package__}.{info.name}")
    for info in sorted(pkgutil.iter_modules([_HERE]), key=lambda info: info.name)
    if info.name.startswith("specs_")
]


def make_world(cast) -> dict:
    world: dict = {}
    for part in _PARTS:
        world.update(part.make_world(cast))
    return world


URL_SPECS: dict = {}
for _part in _PARTS:
    URL_SPECS.update(_part.URL_SPECS)
