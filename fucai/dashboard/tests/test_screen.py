"""The big screen's payload: like-for-like KPIs, the days, the ranking and the map within
the user's scope, the drill-down into a district, freshness, supervision and alerts."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.dashboard.screen.selectors import DAILY_DAYS, screen_payload
from fucai.dashboard.screen.views import refresh_seconds
from fucai.governance.tests.factories import RectificationOrderFactory
from fucai.monitoring.models import Alert
from fucai.sales.models import SalesImport
from fucai.sales.tests.test_like_days import build_partial_world
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:screen")
API = "/api/dashboard/screen"


@pytest.fixture
def world(cast):
    # Sales by day up to 2019-11-15 (test_like_days): 鹿城一站 560 yuan this year to
    # date against 600 the same days last year, 瑞安一站 50 against 100.
    stations = build_partial_world()
    for station, lon, lat in (
        (stations["l1"], "120.65", "28.01"),
        (stations["r1"], "120.63", "27.78"),
    ):
        station.longitude, station.latitude = Decimal(lon), Decimal(lat)
        station.stars = 3
        station.save()
    SalesImport.objects.create(
        filename="day.csv", checksum="x", status="succeeded", finished_at=timezone.now()
    )
    cache.clear()
    return stations


def _embedded(response) -> dict:
    body = response.content.decode()
    match = re.search(
        r'<script id="screen-data" type="application/json">(.*?)</script>', body, re.S
    )
    return json.loads(match.group(1))


def test_the_leader_sees_the_year_to_date_against_the_same_days_of_last_year(cast, world):
    data = screen_payload(cast["leader"])
    assert data["data_until"] == "2019-11-15"
    kpis = data["sales"]["kpis"]
    assert (kpis["sales_fen"], kpis["last_sales_fen"]) == (61_000, 70_000)
    assert kpis["yoy_sales_pct"] == "-12.9"
    assert data["sales"]["period_label"]
    daily = data["sales"]["daily"]
    assert len(daily["labels"]) == DAILY_DAYS and daily["labels"][-1] == "11-15"
    assert daily["sales_fen"][daily["labels"].index("11-03")] == 20_000
    assert daily["sales_fen"][-1] == 1_000
    # 2018-11-05 is drawn under 2019-11-05.
    assert daily["last_sales_fen"][daily["labels"].index("11-05")] == 20_000
    ranking = data["sales"]["ranking"]
    assert ranking["level"] == "district"
    assert [item["name"] for item in ranking["items"][:2]] == ["鹿城区", "瑞安市"]
    assert ranking["items"][0]["yoy_pct"] == "-6.7"
    assert {d["name"]: d["sales_fen"] for d in data["sales"]["districts"]}["瑞安市"] == 5_000
    assert [p[1] for p in data["stations"]["points"]] == ["33030001", "33038101"]
    assert data["stations"]["active"] == 2 and data["stations"]["starred"] == 2
    assert not data["stale"] and data["region"] is None


def test_drilling_into_a_district_narrows_every_figure(cast, world):
    data = screen_payload(cast["leader"], region("330381"))
    assert data["region"] == {"code": "330381", "name": "瑞安市"}
    assert (data["sales"]["kpis"]["sales_fen"], data["sales"]["kpis"]["last_sales_fen"]) == (
        5_000,
        10_000,
    )
    assert data["sales"]["ranking"]["level"] == "station"
    assert [item["name"] for item in data["sales"]["ranking"]["items"]] == ["瑞安一站"]
    assert [p[1] for p in data["stations"]["points"]] == ["33038101"]
    assert len(data["regions"]) == 12  # the way back: every district stays clickable


def test_a_branch_user_sees_only_their_district_and_cannot_drill_elsewhere(client, cast, world):
    client.force_login(cast["ruian"])
    data = client.get(API).json()
    assert [r["code"] for r in data["regions"]] == ["330381"]
    assert data["sales"]["kpis"]["sales_fen"] == 5_000
    assert data["sales"]["ranking"]["level"] == "station"  # one district: its stations
    assert [p[2] for p in data["stations"]["points"]] == ["瑞安一站"]
    assert data["welfare"] is None and data["charity"] is None  # no fund access
    assert client.get(API, {"region": "330302"}).status_code == 404
    assert client.get(URL, {"region": "330302"}).status_code == 404
    assert client.get(API, {"region": "999999"}).status_code == 404
    assert client.get(API, {"region": "x"}).status_code == 422


def test_the_page_embeds_the_same_payload_the_api_serves(client, cast, world):
    from fucai.api.dashboard import Screen

    client.force_login(cast["leader"])
    page = _embedded(client.get(URL, {"region": "330381"}))
    api = client.get(API, {"region": "330381"}).json()
    # The API answers the payload as it is: it must fit the schema it documents.
    for user in ("leader", "ruian", "finance", "stations"):
        assert Screen.model_validate(screen_payload(cast[user])).model_dump(mode="json")
    Screen.model_validate(api)
    for payload in (page, api):
        payload.pop("generated_at")
    assert page == api


def test_the_data_are_stale_when_the_imports_stop(cast, world):
    assert not screen_payload(cast["leader"])["stale"]
    SalesImport.objects.update(finished_at=timezone.now() - datetime.timedelta(hours=40))
    data = screen_payload(cast["leader"])
    assert data["stale"] and data["last_import_at"] and data["stale_after_hours"] == 36
    with override_settings(FUCAI_SCREEN_STALE_HOURS=48):
        assert not screen_payload(cast["leader"])["stale"]
    SalesImport.objects.all().delete()
    assert screen_payload(cast["leader"])["stale"]


def test_open_rectifications_and_alerts_are_counted_within_the_scope(cast, world):
    l1, r1 = world["l1"], world["r1"]
    RectificationOrderFactory(station=l1, deadline_on=datetime.date(2000, 1, 1))
    RectificationOrderFactory(station=r1, deadline_on=datetime.date(2999, 1, 1))
    RectificationOrderFactory(station=r1, status="closed")
    for n, (station, status, severity) in enumerate(
        [
            (l1, "open", "critical"),
            (r1, "open", "warning"),
            (r1, "acknowledged", "warning"),
            (r1, "resolved", "critical"),
        ]
    ):
        Alert.objects.create(
            kind="sales_jump",
            key=f"k{n}",
            station=station,
            region=station.region,
            title=f"<b>销量异常 {n}</b>",
            status=status,
            severity=severity,
        )
    leader = screen_payload(cast["leader"])
    assert leader["rectifications"] == {"open": 2, "overdue": 1}
    assert {k: leader["alerts"][k] for k in ("open", "acknowledged", "critical")} == {
        "open": 2,
        "acknowledged": 1,
        "critical": 1,
    }
    assert len(leader["alerts"]["items"]) == 3
    ruian = screen_payload(cast["ruian"])
    assert ruian["rectifications"] == {"open": 1, "overdue": 0}
    assert ruian["alerts"]["open"] == 1 and ruian["alerts"]["acknowledged"] == 1
    assert {item["district"] for item in ruian["alerts"]["items"]} == {"瑞安市"}
    drilled = screen_payload(cast["leader"], region("330302"))
    assert drilled["alerts"]["open"] == 1 and drilled["rectifications"]["open"] == 1


def test_sections_follow_the_role(cast, world):
    assert screen_payload(cast["finance"])["welfare"] is not None
    assert screen_payload(cast["stations"])["welfare"] is None  # no fund access
    # No camera page yet (monitoring builds it) or no camera access: no link.
    assert screen_payload(cast["finance"])["camera_url"] is None


def test_the_payload_costs_a_fixed_number_of_queries(client, cast, world):
    client.force_login(cast["leader"])
    client.get(API)  # fill the sales cache
    with CaptureQueriesContext(connection) as before:
        client.get(API)
    StationFactory.create_batch(
        15, region=region("330303"), longitude=Decimal("120.8"), latitude=Decimal("27.9")
    )
    with CaptureQueriesContext(connection) as after:
        data = client.get(API).json()
    assert len(data["stations"]["points"]) == 17
    assert len(after) == len(before) <= 15


def test_only_screen_readers_open_the_screen(client, cast, world):
    client.force_login(cast["party"])
    assert client.get(URL).status_code == 403
    assert client.get(API).status_code == 403
    client.force_login(cast["leader"])
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-refresh-seconds="60"' in response.content.decode()
    home = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{URL}"' in home


def test_the_refresh_interval_is_bounded():
    assert refresh_seconds("5") == 5
    assert refresh_seconds("0") == 1
    assert refresh_seconds("999999") == 3600
    assert refresh_seconds("abc") == 60
    assert refresh_seconds(None) == 60


def test_a_station_point_links_to_its_cameras_once_that_page_exists(cast, monkeypatch):
    from fucai.dashboard.screen import selectors

    def reverse_cameras(name, args):
        assert name == "monitoring:station_cameras"
        return f"/monitoring/stations/{args[0]}/cameras/"

    monkeypatch.setattr(selectors, "reverse", reverse_cameras)
    assert selectors.camera_url_template(cast["leader"]) == "/monitoring/stations/{id}/cameras/"
    assert selectors.camera_url_template(cast["finance"]) is None  # no camera access


def test_a_point_says_whether_its_station_has_cameras_the_user_may_watch(cast, world):
    from fucai.monitoring.tests.factories import CameraFactory

    CameraFactory(station=world["r1"])

    def flags(user):
        return {p[1]: p[7] for p in screen_payload(user)["stations"]["points"]}

    assert flags(cast["leader"]) == {"33030001": False, "33038101": True}
    # Finance may not watch cameras: no point offers them.
    assert set(flags(cast["finance"]).values()) == {False}
