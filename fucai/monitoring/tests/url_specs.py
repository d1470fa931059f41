"""Permission-matrix rows of the monitoring app: alerts, their rules, the cameras, and
the alerts API (see fucai.core.testing.matrix).

The world: an alert and a camera at a 鹿城 station whose owner is the cast's owner.
Alerts are read by the center's departments and the districts (each its own), handled
by the station management department and the districts, their rules set by station
management and the administrator. Cameras are watched by leadership, station
management, the administrator, the districts and an owner (their own station's), and
registered by station management and the administrator."""

from fucai.core.testing.matrix import CENTER_READERS, DISTRICTS, expect
from fucai.core.tests.factories import region
from fucai.stations.models import StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .factories import AlertFactory, CameraFactory


def make_world(cast) -> dict:
    # The owner account holds one StationOwner (one-to-one): another app's world may
    # have made it already.
    owner = StationOwner.objects.filter(user=cast["owner"]).first() or StationOwnerFactory(
        user=cast["owner"]
    )
    station = StationFactory(region=region("330302"), owner=owner)
    return {
        "alert": AlertFactory(station=station, key="matrix:alert"),
        "camera": CameraFactory(station=station),
        "camera_station": station,
    }


ALERT_READERS = CENTER_READERS | DISTRICTS
HANDLERS = {"stations", "lucheng"}
RULE_EDITORS = {"stations", "admin"}
CAMERA_WATCHERS = {"leader", "stations", "admin", "lucheng", "owner"}


def _alert(world):
    return [world["alert"].pk]


def _camera(world):
    return [world["camera"].pk]


def _station(world):
    return [world["camera_station"].pk]


URL_SPECS = {
    "monitoring:alerts": expect(ok=ALERT_READERS),
    "monitoring:alert_detail": expect(ok=ALERT_READERS - {"ruian"}, hidden={"ruian"}, args=_alert),
    "monitoring:alert_acknowledge": expect(
        ok=HANDLERS, hidden={"ruian"}, method="post", args=_alert, success=(302,)
    ),
    "monitoring:alert_resolve": expect(
        ok=HANDLERS,
        hidden={"ruian"},
        method="post",
        args=_alert,
        data={"resolution": "已核实：派奖活动带动。"},
        success=(302,),
    ),
    "monitoring:rules": expect(ok=RULE_EDITORS),
    "monitoring:cameras": expect(ok=CAMERA_WATCHERS | {"ruian"}),
    "monitoring:cameras_offline": expect(ok=CAMERA_WATCHERS | {"ruian"}),
    "monitoring:camera_add": expect(ok=RULE_EDITORS),
    "monitoring:camera_edit": expect(ok=RULE_EDITORS, args=_camera),
    "monitoring:camera_live": expect(ok=CAMERA_WATCHERS, hidden={"ruian"}, args=_camera),
    "monitoring:station_cameras": expect(ok=CAMERA_WATCHERS, hidden={"ruian"}, args=_station),
    "GET /api/alerts": expect(ok=ALERT_READERS, anonymous="unauthorized", data={"status": "open"}),
}
