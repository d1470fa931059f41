"""Permission-matrix rows of the owner's portal (see fucai.core.testing.matrix).

The world: a 鹿城 station of another owner that sold in March 2019. Its owner's pages
are read by the center and 鹿城's branch; 瑞安's branch and ``owner`` (who owns a
瑞安 station, stations' world) find no such station (404, never 403). The hub is the
owners' and the station readers'; the party office, the inspector (no sales), sellers,
applicants and outsiders are refused."""

import datetime

from fucai.core.testing.matrix import CENTER_READERS, DISTRICTS, expect
from fucai.core.tests.factories import region
from fucai.sales.models import SalesMonth
from fucai.sales.tests.factories import game
from fucai.stations.tests.factories import StationFactory

READERS = CENTER_READERS | {"lucheng"}
HIDDEN = {"ruian", "owner"}
MONTH = "2019-03"


def make_world(cast) -> dict:
    station = StationFactory(region=region("330302"))
    SalesMonth.objects.create(
        station=station,
        game=game("SSQ"),
        month=datetime.date(2019, 3, 1),
        sales_fen=1_000_000,
        issuance_fen=130_000,
        commission_fen=70_000,
        welfare_fen=370_000,
        prize_fen=500_000,
        days=31,
    )
    return {"mystation_station": station}


def _station(world):
    return [world["mystation_station"].code]


def _month(world):
    return [world["mystation_station"].code, MONTH]


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


URL_SPECS = {
    "mystation:home": expect(ok=CENTER_READERS | DISTRICTS | {"owner"}),
    "mystation:station": expect(ok=READERS, hidden=HIDDEN, args=_station),
    "mystation:commission": expect(ok=READERS, hidden=HIDDEN, args=_station),
    "mystation:statement": expect(ok=READERS, hidden=HIDDEN, args=_month),
    "mystation:statement_pdf": expect(ok=READERS, hidden=HIDDEN, args=_month),
    "GET /api/my/stations": _api(ok=CENTER_READERS | DISTRICTS | {"owner"}),
    "GET /api/my/stations/{code}/commission": _api(
        ok=READERS,
        hidden=HIDDEN,
        args=lambda world: {"code": world["mystation_station"].code},
        data={"month": MONTH},
    ),
}
