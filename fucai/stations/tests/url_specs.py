"""Permission-matrix entries of the stations app (see fucai.core.testing.matrix)."""

from fucai.core import roles
from fucai.core.testing.matrix import spec
from fucai.core.tests.factories import region
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory


def make_world(cast) -> dict:
    """A 鹿城 station (the object the URLs name) and a 瑞安 one owned by `owner`."""
    StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    return {"station": StationFactory(region=region("330302"))}


def _station(world):
    return [world["station"].code]


def _sees_station(user, world) -> bool:
    return Station.objects.visible_to(user).filter(pk=world["station"].pk).exists()


def _on_station(permission, **kwargs):
    return spec(permission, args=_station, visible=_sees_station, **kwargs)


URL_SPECS = {
    "stations:list": spec(roles.VIEW_STATION),
    "stations:create": spec(roles.CHANGE_STATION),
    "stations:detail": _on_station(roles.VIEW_STATION),
    "stations:edit": _on_station(roles.CHANGE_STATION),
    "stations:transition": _on_station(roles.CHANGE_STATION),
    "stations:contract_add": _on_station(roles.CHANGE_STATION),
    "stations:insurance_add": _on_station(roles.CHANGE_STATION),
    "stations:owner_reveal": _on_station(roles.REVEAL_PERSONAL_DATA, method="post"),
}
