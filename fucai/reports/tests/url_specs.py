"""Permission-matrix rows of the reports: every reader of the reports (the center's
departments, leadership, the administrator and district staff) uses the pages and the
API over their own data scope. The world has 2019 sales in 鹿城 only, so 瑞安's staff
find no 2019 report in their scope (404 from the API)."""

import datetime

from fucai.core.testing.matrix import expect

from .factories import lucheng_station, sales_month

READERS = {"leader", "stations", "finance", "charity", "marketing", "admin", "lucheng", "ruian"}


def make_world(cast) -> dict:
    station = lucheng_station(code="33039901")
    sales_month(station, datetime.date(2019, 3, 1), 1_000_000, 360_000)
    return {"reports_station": station}


def _year(world):
    return {"year": 2019}


URL_SPECS = {
    "reports:index": expect(ok=READERS),
    # Starts the job (or says the period has no data) and redirects.
    "reports:generate": expect(
        ok=READERS, method="post", success=(302,), data={"kind": "annual", "key": "2019"}
    ),
    # Not made yet for the current data: back to the index to generate it.
    "reports:download": expect(
        ok=READERS, success=(302,), args=lambda w: ["annual", "2019", "pdf"]
    ),
    "GET /api/reports/annual/{year}.pdf": expect(
        ok=READERS - {"ruian"},
        hidden={"ruian"},
        anonymous="unauthorized",
        success=(202,),
        args=_year,
    ),
    "GET /api/reports/annual/{year}.xlsx": expect(
        ok=READERS - {"ruian"},
        hidden={"ruian"},
        anonymous="unauthorized",
        success=(202,),
        args=_year,
    ),
}
