"""When the latest month is incomplete, every comparison stops last year at the same day:
totals, the month table, the breakdown by district (and game and kind) and the
rankings by growth — not whole months against part of one."""

import datetime
from decimal import Decimal

import pytest

from fucai.core.tests.factories import region
from fucai.sales import kpis, selectors
from fucai.sales.rollups import recompute_months
from fucai.sales.selectors import Period
from fucai.sales.selectors.likedays import cut
from fucai.sales.tests.factories import SalesDayFactory, game
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world(cast):
    return build_partial_world()


def build_partial_world() -> dict:
    """Sales (yuan) by day; the data reach 2019-11-15.

    | station | 2018-10-10 | 2018-11-05 | 2018-11-25 | 2019-10-10 | 2019-11-03 | 2019-11-15 |
    | L1 鹿城 | 500        | 100        | 1,000      | 400        | 150        | 10         |
    | R1 瑞安 |            | 100        |            |            | 50         |            |

    Like for like, L1 went from 600 to 560 (−6.7%) and R1 from 100 to 50 (−50%); whole
    months would put L1 at 1,600 last year (−65%), below R1.
    """
    l1 = StationFactory(region=region("330302"), code="33030001", name="鹿城一站")
    r1 = StationFactory(region=region("330381"), code="33038101", name="瑞安一站")
    days = [
        (l1, D(2018, 10, 10), 500),
        (l1, D(2018, 11, 5), 100),
        (l1, D(2018, 11, 25), 1_000),
        (r1, D(2018, 11, 5), 100),
        (l1, D(2019, 10, 10), 400),
        (l1, D(2019, 11, 3), 150),
        (l1, D(2019, 11, 15), 10),
        (r1, D(2019, 11, 3), 50),
    ]
    for station, day, yuan in days:
        SalesDayFactory(station=station, date=day, sales_fen=yuan * 100)
    ssq = game("SSQ").pk
    recompute_months({(station.pk, ssq, day.replace(day=1)) for station, day, _yuan in days})
    return {"l1": l1, "r1": r1}


def test_the_cut_stops_last_year_at_the_same_day():
    period = Period(2019, 1, 11)
    assert cut(period, D(2019, 11, 15)).months == Period(2018, 1, 10)
    assert cut(period, D(2019, 11, 15)).days == (D(2018, 11, 1), D(2018, 11, 15))
    assert cut(period, D(2019, 11, 15)).last_year_until == D(2018, 11, 15)
    assert cut(Period(2019, 11, 11), D(2019, 11, 15)).months is None
    # A complete month inside a longer period: whole months, no days.
    assert cut(Period(2019), D(2019, 10, 31)).months == Period(2018, 1, 10)
    assert cut(Period(2019), D(2019, 10, 31)).days is None
    # Data covering the period, or in another year: nothing to cut.
    assert cut(Period(2019, 1, 10), D(2019, 11, 15)) is None
    assert cut(Period(2018), D(2019, 11, 15)) is None
    assert cut(Period(2019), D(2019, 12, 31)) is None
    assert cut(Period(2020, 3, 3), D(2020, 2, 29)) is None


def test_totals_and_the_month_table_compare_the_same_days(cast, world):
    source = selectors.rollups(cast["leader"])
    totals = selectors.totals(source, Period(2019, 1, 11))
    assert (totals["sales_fen"], totals["last_sales_fen"]) == (61_000, 70_000)
    assert totals["yoy_sales_fen"] == Decimal("-12.9")
    # The welfare fund of last year's days is split at their rate, as the rollup does.
    assert totals["last_welfare_fen"] > 0
    assert totals["prize_fen"] + totals["issuance_fen"] + totals["welfare_fen"] == 61_000
    months = {row["month"]: row for row in selectors.by_month(source, Period(2019, 10, 12))}
    october, november, december = months.values()
    assert (october["last_sales_fen"], october["until"]) == (50_000, None)
    assert (november["sales_fen"], november["last_sales_fen"]) == (21_000, 20_000)
    assert november["until"] == D(2019, 11, 15) and november["yoy_sales_fen"] == Decimal("5.0")
    assert november["mom_sales_fen"] is None  # half a month against a whole one
    assert december["yoy_sales_fen"] is None  # no data yet


def test_each_district_compares_the_same_days(cast, world):
    source = selectors.rollups(cast["leader"])
    regions = selectors.by_region(source, Period(2019, 1, 11), [region("330302"), region("330381")])
    assert [
        (r["code"], r["sales_fen"], r["last_sales_fen"], r["yoy_sales_fen"]) for r in regions
    ] == [
        ("330302", 56_000, 60_000, Decimal("-6.7")),
        ("330381", 5_000, 10_000, Decimal("-50.0")),
    ]
    cube = selectors.Breakdown(source, Period(2019, 1, 11))
    assert cube.totals()["last_sales_fen"] == 70_000
    assert cube.totals() == selectors.totals(source, Period(2019, 1, 11))
    assert [g["last_sales_fen"] for g in cube.by_game()] == [70_000]


@pytest.mark.parametrize("period", [Period(2019, 1, 11), Period(2019)])
def test_the_ranking_by_growth_compares_the_same_days(cast, world, period):
    source = selectors.rollups(cast["leader"])
    growth = selectors.ranking(source, period, "growth", 10)
    assert [(r["code"], r["last_sales_fen"], r["yoy_sales_fen"]) for r in growth] == [
        ("33030001", 60_000, Decimal("-6.7")),
        ("33038101", 10_000, Decimal("-50.0")),
    ]
    decline = selectors.ranking(source, period, "decline", 1)
    assert [r["code"] for r in decline] == ["33038101"]
    top = selectors.ranking(source, period, "top", 10)
    assert [(r["code"], r["sales_fen"], r["last_sales_fen"]) for r in top] == [
        ("33030001", 56_000, 60_000),
        ("33038101", 5_000, 10_000),
    ]


def test_a_district_filter_and_a_branch_scope_cut_the_same_way(cast, world):
    lucheng = selectors.rollups(cast["lucheng"])
    assert [r["last_sales_fen"] for r in selectors.ranking(lucheng, Period(2019), "top")] == [
        60_000
    ]
    ruian = selectors.rollups(cast["leader"], selectors.Filters(region=region("330381")))
    assert selectors.totals(ruian, Period(2019, 1, 11))["last_sales_fen"] == 10_000


def test_a_past_year_compares_whole_months(cast, world):
    source = selectors.rollups(cast["leader"])
    regions = selectors.by_region(source, Period(2018), [region("330302")])
    assert regions[0]["sales_fen"] == 160_000 and regions[0]["last_sales_fen"] == 0


def test_the_kpis_label_the_period_and_the_day(cast, world):
    comparison = kpis.latest(cast["leader"])
    assert comparison.period == Period(2019, 1, 11)
    assert comparison.until == D(2019, 11, 15) and comparison.like_days
    assert comparison.totals["last_sales_fen"] == 70_000


def test_the_pages_say_up_to_which_day_last_year_is_compared(client, cast, world):
    from django.urls import reverse
    from django.utils import translation

    client.force_login(cast["leader"])
    with translation.override("zh-hans"):
        page = client.get(reverse("sales:ranking"), {"order": "growth"}, HTTP_ACCEPT_LANGUAGE="zh")
    body = page.content.decode()
    assert page.status_code == 200
    assert "同比：上年同期截至 2018-11-15" in body
    assert "与2018年同期（截至 2018-11-15）相比的增长" in body
    assert [r["code"] for r in page.context["rows"]] == ["33030001", "33038101"]
    overview = client.get(reverse("sales:overview")).content.decode()
    assert 'data-testid="month-until"' in overview and "1–15日" in overview
    # A past year: whole months, and no such label.
    past = client.get(reverse("sales:ranking"), {"year": 2018, "month_to": 12}).content.decode()
    assert 'data-testid="like-until"' not in past


def test_the_api_says_up_to_which_day_last_year_is_compared(client, cast, world):
    client.force_login(cast["leader"])
    summary = client.get("/api/sales/summary", {"year": 2019}).json()
    assert summary["yoy"]["last_year"]["sales_fen"] == 70_000
    assert summary["yoy"]["last_year_until"] == "2018-11-15"
    ranking = client.get("/api/sales/ranking", {"year": 2019, "order": "growth"}).json()
    assert ranking["last_year_until"] == "2018-11-15"
    assert [item["code"] for item in ranking["items"]] == ["33030001", "33038101"]
    months = client.get("/api/sales/monthly", {"year": 2019}).json()["months"]
    november = months[10]
    assert (november["last_year_sales_fen"], november["last_year_until"]) == (20_000, "2018-11-15")
    assert months[9]["last_year_until"] is None
    assert client.get("/api/sales/summary", {"year": 2018}).json()["yoy"]["last_year_until"] is None
