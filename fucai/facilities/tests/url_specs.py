"""Permission-matrix rows of the facilities app (see fucai.core.testing.matrix).

The world: 鹿城's service station (with its premises) and a 鹿城 purchase project with
one payment. Leadership, station management, finance and the administrator read
everything; district staff read their district's (鹿城 sees the 鹿城 rows, 瑞安 gets a
404 on them). Station management and the administrator edit service stations; finance
manages the purchases and records payments. The service stations' API is public."""

from fucai.core.testing.matrix import EVERYONE, expect

from .factories import make_project, make_station


def make_world(cast) -> dict:
    station = make_station("330302")
    project = make_project("330302", paid=(1_000_000_00,))
    return {
        "service_station": station,
        "purchase_project": project,
        "purchase_payment": project.payments.get(),
    }


READERS = {"leader", "stations", "finance", "admin", "lucheng", "ruian"}
IN_LUCHENG = READERS - {"ruian"}
EDITORS = {"stations", "admin"}
FINANCE = {"finance"}

_station = {"args": lambda w: [w["service_station"].pk]}
_project = {"args": lambda w: [w["purchase_project"].pk]}

URL_SPECS = {
    "facilities:service_stations": expect(ok=READERS),
    "facilities:service_station": expect(ok=IN_LUCHENG, hidden={"ruian"}, **_station),
    "facilities:service_station_edit": expect(ok=EDITORS, **_station),
    "facilities:service_station_create": expect(ok=EDITORS),
    "facilities:premises": expect(ok=READERS),
    "facilities:project_create": expect(ok=FINANCE),
    "facilities:premises_create": expect(ok=FINANCE),
    "facilities:project": expect(ok=IN_LUCHENG, hidden={"ruian"}, **_project),
    "facilities:project_transition": expect(
        ok=FINANCE, method="post", success=(302,), data={"to": "completed"}, **_project
    ),
    "facilities:payment_reverse": expect(
        ok=FINANCE,
        method="post",
        success=(302,),
        data={"reason": "凭证录错", "paid_on": "2019-09-01"},
        args=lambda w: [w["purchase_project"].pk, w["purchase_payment"].pk],
    ),
    "GET /api/service-stations": expect(ok=EVERYONE - {"anonymous"}, anonymous="ok"),
    "GET /api/premises/projects": expect(ok=READERS, anonymous="unauthorized"),
}
