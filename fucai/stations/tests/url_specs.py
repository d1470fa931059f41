"""Permission-matrix rows of the stations app (see fucai.core.testing.matrix).

The world: a 鹿城 station (the object the URLs name) and a 瑞安 one owned by ``owner``.
鹿城's branch staff and the inspector attached to the 鹿城 branch reach the 鹿城
station; 瑞安's staff and the owner (of a 瑞安 station) find no such station (404).
The party office has the staff site but not the station registry (403)."""

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region
from fucai.stations.tests import specs_staff
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory


def make_world(cast) -> dict:
    StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    return {"station": StationFactory(region=region("330302"))}


def _station(world):
    return [world["station"].code]


# Read the registry: the center, both districts, the inspector and an owner.
READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
# Edit it: the station management department, the administrator, the districts.
EDITORS = {"stations", "admin", "lucheng", "ruian"}

_on_station = {"args": _station}

URL_SPECS = {
    "stations:list": expect(ok=READERS),
    "stations:create": expect(ok=EDITORS),
    "stations:next_code": expect(
        ok={"stations", "admin", "lucheng"},
        hidden={"ruian"},
        data=lambda world: {"region": world["station"].region_id},
    ),
    "stations:insurance": expect(ok=READERS),
    # Importing an insurer's renewal list: the station management department only.
    "stations:insurance_import": expect(ok={"stations"}),
    "stations:insurance_import_template": expect(ok={"stations"}),
    "stations:detail": expect(
        ok=CENTER_READERS | {"lucheng", "inspector"}, hidden={"ruian", "owner"}, **_on_station
    ),
    "stations:edit": expect(ok={"stations", "admin", "lucheng"}, hidden={"ruian"}, **_on_station),
    "stations:transition": expect(
        ok={"stations", "admin", "lucheng"}, hidden={"ruian"}, **_on_station
    ),
    "stations:contract_add": expect(
        ok={"stations", "admin", "lucheng"}, hidden={"ruian"}, **_on_station
    ),
    "stations:insurance_add": expect(
        ok={"stations", "admin", "lucheng"}, hidden={"ruian"}, **_on_station
    ),
    "stations:owner_reveal": expect(
        ok={"stations", "admin", "lucheng"}, hidden={"ruian"}, method="post", **_on_station
    ),
}

# Sales staff and certificates (specs_staff.py), on the 鹿城 station above.
_registry_world = make_world


def make_world(cast) -> dict:
    world = _registry_world(cast)
    world.update(specs_staff.make_world(cast, world))
    return world


URL_SPECS.update(specs_staff.URL_SPECS)
