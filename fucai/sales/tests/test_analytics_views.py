"""The overview, ranking, daily and welfare pages, their Excel exports, the station's
sales tab and the sales figures on the home page."""

import datetime
import io
import json
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core.scope import county_regions
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from .test_selectors import build_world, month_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    return build_world(cast)


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def _sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _json_script(response, element_id):
    body = response.content.decode()
    match = re.search(rf'<script id="{element_id}"[^>]*>(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_the_overview_shows_kpis_charts_and_tables(client, cast, world):
    response = _get(client, cast["leader"], "sales:overview", year=2019)
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals["sales_fen"], totals["last_sales_fen"]) == (640_000, 400_000)
    body = response.content.decode()
    assert 'data-testid="kpi-sales">0.6<' in body  # 640,000 fen = 0.64 万元
    trend = _json_script(response, "chart-trend")
    assert trend["series"][0]["name"] == "2019" and trend["series"][0]["values"][:2] == [
        440_000,
        200_000,
    ]
    values = {d["name"]: d["value"] for d in _json_script(response, "chart-map")}
    assert values["鹿城区"] == 400_000 and values["瑞安市"] == 240_000
    assert "龙港市" not in values  # drawn inside 苍南县 on the map
    assert sum(values.values()) == 640_000
    assert [g["code"] for g in response.context["games"]] == ["SSQ", "GGL"]


def test_the_default_period_is_the_latest_year_up_to_its_latest_month(client, cast, world):
    period = _get(client, cast["leader"], "sales:overview").context["period"]
    assert (period.year, period.month_from, period.month_to) == (2019, 1, 2)


def test_filters_narrow_the_figures(client, cast, world):
    response = _get(client, cast["leader"], "sales:overview", year=2019, region="330381")
    assert response.context["totals"]["sales_fen"] == 240_000
    response = _get(client, cast["leader"], "sales:overview", year=2019, kind="instant")
    assert response.context["totals"]["sales_fen"] == 50_000
    response = _get(client, cast["leader"], "sales:overview", year=2019, game="GGL")
    assert response.context["totals"]["sales_fen"] == 50_000
    response = _get(client, cast["leader"], "sales:overview", year=2019, month_from=2)
    assert response.context["totals"]["sales_fen"] == 200_000


@pytest.mark.parametrize("name", ["sales:overview", "sales:welfare", "sales:ranking"])
def test_a_branch_user_sees_only_their_district_even_by_url_guessing(client, cast, world, name):
    for params in ({"year": 2019}, {"year": 2019, "region": "330381"}):
        response = _get(client, cast["lucheng"], name, **params)
        assert response.status_code == 200
        body = response.content.decode()
        assert "瑞安" not in body, params
        if "totals" in response.context:
            assert response.context["totals"]["sales_fen"] == 400_000
    choices = [c for c, _label in response.context["form"].fields["region"].choices if c]
    assert [str(c) for c in choices] == ["330302"]


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("sales:overview", "region"),
        ("sales:overview", "game"),
        ("sales:overview", "month"),
        ("sales:overview", "kind"),
        ("sales:welfare", "region"),
        ("sales:welfare", "game"),
        ("sales:welfare", "month"),
        ("sales:ranking", "ranking"),
    ],
)
def test_exports_honour_scope_even_with_a_guessed_district(client, cast, world, name, table):
    rows = _sheet(_get(client, cast["lucheng"], name, year=2019, region="330381", export=table))
    text = repr(rows)
    assert "瑞安" not in text and "33038101" not in text
    assert len(rows) > 1


def test_the_district_export_carries_exact_yuan_and_yoy(client, cast, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # headers asserted in English
    rows = _sheet(_get(client, cast["leader"], "sales:overview", year=2019, export="region"))
    assert rows[0][1:4] == ["Sales (yuan)", "Sales last year (yuan)", "Sales YoY"]
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 12  # every district of the city, zeros included
    # YoY is a number with a percent format (the sheet sums and sorts it), not text
    assert by_name["鹿城区"][1:4] == [4000, 1000, 3]
    assert by_name["瑞安市"][1:4] == [2400, 3000, -0.2]
    assert by_name["鹿城区"][4] == 1360  # welfare fund 136,000 fen


def test_the_welfare_export_by_game_honours_the_game_filter(client, cast, world):
    rows = _sheet(
        _get(client, cast["finance"], "sales:welfare", year=2019, game="GGL", export="game")
    )
    assert [row[0] for row in rows[1:]] == ["刮刮乐"]
    assert rows[1][4] == 100  # 10,000 fen of welfare fund


def test_an_unknown_export_is_not_found(client, cast, world):
    assert _get(client, cast["leader"], "sales:overview", export="secret").status_code == 404


def test_the_welfare_page_explains_the_computation_and_shows_rates(client, cast, world):
    response = _get(client, cast["finance"], "sales:welfare", year=2019)
    assert response.context["totals"]["welfare_fen"] == 222_400
    games = {g["code"]: g for g in response.context["games"]}
    assert str(games["SSQ"]["rate"].welfare_pct) == "36.00"
    body = response.content.decode()
    assert 'data-testid="welfare-note"' in body
    assert reverse("sales:game_detail", args=["SSQ"]) in body


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["sales:overview", "sales:welfare", "sales:ranking"])
def test_pages_cost_a_fixed_number_of_queries(client, cast, world, name):
    client.force_login(cast["lucheng"])
    url = reverse(name) + "?year=2019"
    client.get(url)
    cache.clear()
    county_regions()  # the district options stay cached: only the figures are computed
    before = _count_queries(client, url)  # figures computed
    cached = _count_queries(client, url)  # figures from the cache
    assert cached < before
    if name == "sales:overview":
        # session, user with org unit, the branch's districts (scope), data version,
        # districts (filter and table): the figures, month span, game names and the game
        # filter's options come from the cache.
        assert cached == 5
    for n in range(15):
        station = StationFactory(region=region("330302"))
        for month in (1, 2, 3):
            month_row(station, "3D", datetime.date(2019, month, 1), 5_000 + n, 1_700)
            month_row(station, "KL8", datetime.date(2018, month, 1), 4_000 + n, 1_200)
    assert _count_queries(client, url) == before  # a new data version: computed again
    assert _count_queries(client, url) == cached
    assert before <= 16


def test_the_ranking_page_orders_and_limits(client, cast, world):
    response = _get(client, cast["leader"], "sales:ranking", year=2019, order="bottom", limit=10)
    assert [r["code"] for r in response.context["rows"]] == ["33030002", "33038101", "33030001"]
    response = _get(client, cast["leader"], "sales:ranking", year=2019, order="growth")
    assert [r["code"] for r in response.context["rows"]] == ["33030001", "33038101"]


def test_the_daily_page_refuses_long_ranges_with_a_message(client, cast, world):
    response = _get(client, cast["leader"], "sales:daily", start="2019-01-01", end="2019-12-31")
    assert response.status_code == 200
    assert 'data-testid="daily-error"' in response.content.decode()
    response = _get(client, cast["leader"], "sales:daily", start="2019-03-01", end="2019-03-31")
    assert len(response.context["days"]) == 31


def test_the_station_sales_tab(client, cast, world):
    url = reverse("stations:detail", args=[world["l1"].code]) + "?tab=sales"
    client.force_login(cast["leader"])
    response = client.get(url)
    body = response.content.decode()
    assert 'data-testid="sales-tab"' in body and 'data-testid="station-sales-table"' in body
    months = response.context["sales_months"]
    assert months[0]["month"] == datetime.date(2019, 2, 1) and months[0]["sales_fen"] == 200_000
    assert _json_script(response, "station-sales-chart")["series"][0]["values"][-1] == 200_000


def test_the_owner_sees_the_sales_tab_of_their_station(client, cast, world):
    client.force_login(cast["owner"])
    response = client.get(reverse("stations:detail", args=[world["l1"].code]) + "?tab=sales")
    assert response.status_code == 200
    assert response.context["sales_months"][0]["sales_fen"] == 200_000


def test_the_inspector_has_no_sales_tab(client, cast, world):
    client.force_login(cast["inspector"])
    response = client.get(reverse("stations:detail", args=[world["l1"].code]) + "?tab=sales")
    body = response.content.decode()
    assert 'data-testid="sales-tab"' not in body and "station-sales" not in body


def test_the_home_page_shows_scoped_sales_kpis(client, cast, world):
    response = _get(client, cast["leader"], "dashboard:home")
    assert response.context["sales_totals"]["sales_fen"] == 640_000
    assert response.context["sales_period"].year == 2019
    assert 'data-testid="kpi-welfare"' in response.content.decode()
    response = _get(client, cast["lucheng"], "dashboard:home")
    assert response.context["sales_totals"]["sales_fen"] == 400_000
    response = _get(client, cast["inspector"], "dashboard:home")
    assert not response.context["can_view_sales"]
