"""Analytics selectors against a small, hand-computed world (see ``build_world``)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fucai.core.tests.factories import region
from fucai.sales import figures, selectors
from fucai.sales.models import SalesMonth, SalesStationMonth, SalesStationYear
from fucai.sales.rollups import recompute_months, refresh_summaries
from fucai.sales.selectors import Filters, Period
from fucai.sales.tests.factories import SalesDayFactory, assert_summaries_match_months, game
from fucai.stations.choices import StationKind
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db

M = datetime.date


def month_row(station, game_code: str, month: datetime.date, sales: int, welfare: int, **parts):
    """A rollup row, and the summaries of its month; the split figures are given by
    hand (prize = the rest)."""
    issuance = parts.get("issuance", 0)
    row = SalesMonth.objects.create(
        station=station,
        game=game(game_code),
        month=month,
        sales_fen=sales,
        welfare_fen=welfare,
        issuance_fen=issuance,
        commission_fen=parts.get("commission", 0),
        prize_fen=sales - welfare - issuance,
        days=28,
    )
    refresh_summaries([month])
    return row


def build_world(cast) -> dict:
    """鹿城: L1 (computer, owned by `owner`) and L2 (instant); 瑞安: R1 (computer).

    | station | game | 2018-01 | 2019-01 | 2019-02 |
    | L1      | SSQ  | 100,000 | 150,000 | 200,000 |
    | L2      | GGL  |         |  50,000 |         |
    | R1      | SSQ  | 300,000 | 240,000 |         |
    (fen; SSQ welfare 36%, issuance 13%, commission 7%; GGL 20% / 15% / 8%)
    """
    l1 = StationFactory(
        region=region("330302"),
        code="33030001",
        name="鹿城一站",
        owner=StationOwnerFactory(user=cast["owner"]),
    )
    l2 = StationFactory(
        region=region("330302"), code="33030002", name="鹿城二站", kind=StationKind.INSTANT
    )
    r1 = StationFactory(region=region("330381"), code="33038101", name="瑞安一站")
    month_row(l1, "SSQ", M(2018, 1, 1), 100_000, 36_000, issuance=13_000, commission=7_000)
    month_row(l1, "SSQ", M(2019, 1, 1), 150_000, 54_000, issuance=19_500, commission=10_500)
    month_row(l1, "SSQ", M(2019, 2, 1), 200_000, 72_000, issuance=26_000, commission=14_000)
    month_row(l2, "GGL", M(2019, 1, 1), 50_000, 10_000, issuance=7_500, commission=4_000)
    month_row(r1, "SSQ", M(2018, 1, 1), 300_000, 108_000, issuance=39_000, commission=21_000)
    month_row(r1, "SSQ", M(2019, 1, 1), 240_000, 86_400, issuance=31_200, commission=16_800)
    return {"l1": l1, "l2": l2, "r1": r1}


@pytest.fixture
def world(cast):
    return build_world(cast)


def test_totals_compare_the_same_months_of_last_year(cast, world):
    row = selectors.totals(selectors.rollups(cast["leader"]), Period(2019))
    assert row["sales_fen"] == 640_000
    assert row["last_sales_fen"] == 400_000
    assert row["welfare_fen"] == 54_000 + 72_000 + 10_000 + 86_400
    assert row["commission_fen"] == 10_500 + 14_000 + 4_000 + 16_800
    assert row["prize_fen"] + row["issuance_fen"] + row["welfare_fen"] == row["sales_fen"]
    assert row["yoy_sales_fen"] == Decimal("60.0")
    assert row["yoy_welfare_fen"] == Decimal("54.4")  # 222,400 / 144,000 − 1


def test_a_branch_user_totals_only_their_district(cast, world):
    row = selectors.totals(selectors.rollups(cast["lucheng"]), Period(2019))
    assert (row["sales_fen"], row["last_sales_fen"]) == (400_000, 100_000)
    assert row["yoy_sales_fen"] == Decimal("300.0")


def test_a_district_filter_cannot_widen_the_scope(cast, world):
    outside = Filters(region=region("330381"))
    row = selectors.totals(selectors.rollups(cast["lucheng"], outside), Period(2019))
    assert row["sales_fen"] == 0 and row["yoy_sales_fen"] is None


def test_station_owners_see_their_own_station(cast, world):
    row = selectors.totals(selectors.rollups(cast["owner"]), Period(2019))
    assert row["sales_fen"] == 350_000


def test_by_month_gives_yoy_and_mom(cast, world):
    rows = selectors.by_month(selectors.rollups(cast["leader"]), Period(2019, 1, 2))
    assert [r["month"] for r in rows] == [M(2019, 1, 1), M(2019, 2, 1)]
    jan, feb = rows
    assert (jan["sales_fen"], jan["last_sales_fen"], jan["yoy_sales_fen"]) == (
        440_000,
        400_000,
        Decimal("10.0"),
    )
    assert jan["mom_sales_fen"] is None  # nothing sold in December 2018
    assert (feb["sales_fen"], feb["yoy_sales_fen"]) == (200_000, None)
    assert feb["mom_sales_fen"] == Decimal("-54.5")


def test_by_year_by_game_by_region_and_by_kind(cast, world):
    rollups = selectors.rollups(cast["leader"])
    years = selectors.by_year(rollups)
    assert [(y["year"], y["sales_fen"], y["yoy_sales_fen"]) for y in years] == [
        (2018, 400_000, None),
        (2019, 640_000, Decimal("60.0")),
    ]
    games = selectors.by_game(rollups, Period(2019))
    assert [(g["code"], g["sales_fen"], g["welfare_fen"]) for g in games] == [
        ("SSQ", 590_000, 212_400),
        ("GGL", 50_000, 10_000),
    ]
    regions = selectors.by_region(rollups, Period(2019), [region("330302"), region("330381")])
    assert [(r["code"], r["sales_fen"], r["yoy_sales_fen"]) for r in regions] == [
        ("330302", 400_000, Decimal("300.0")),
        ("330381", 240_000, Decimal("-20.0")),
    ]
    kinds = selectors.by_kind(rollups, Period(2019))
    assert {k["kind"]: k["sales_fen"] for k in kinds} == {"computer": 590_000, "instant": 50_000}


def test_filters_by_kind_and_game(cast, world):
    instant = selectors.rollups(cast["leader"], Filters(kind=StationKind.INSTANT))
    assert selectors.totals(instant, Period(2019))["sales_fen"] == 50_000
    ssq = selectors.rollups(cast["leader"], Filters(game=game("SSQ")))
    assert selectors.totals(ssq, Period(2019))["sales_fen"] == 590_000


def test_rankings(cast, world):
    rollups = selectors.rollups(cast["leader"])
    codes = lambda order: [  # noqa: E731
        r["code"] for r in selectors.ranking(rollups, Period(2019), order, 10)
    ]
    assert codes("top") == ["33030001", "33038101", "33030002"]
    assert codes("bottom") == ["33030002", "33038101", "33030001"]
    # L2 sold nothing in 2018, so it has no growth rate
    assert codes("growth") == ["33030001", "33038101"]
    assert codes("decline") == ["33038101", "33030001"]
    top = selectors.ranking(rollups, Period(2019), "top", 1)
    assert top == [
        {
            "rank": 1,
            "station_id": world["l1"].pk,
            "code": "33030001",
            "name": "鹿城一站",
            "region": "鹿城区",
            "sales_fen": 350_000,
            "last_sales_fen": 100_000,
            "welfare_fen": 126_000,
            "yoy_sales_fen": Decimal("250.0"),
        }
    ]
    assert codes_for(cast["lucheng"], "top") == ["33030001", "33030002"]


def codes_for(user, order):
    rows = selectors.ranking(selectors.rollups(user), Period(2019), order, 10)
    return [r["code"] for r in rows]


def test_a_station_series_covers_24_months_with_yoy(cast, world):
    series = selectors.station_months(cast["leader"], world["l1"])
    months = series["months"]
    assert len(months) == 24 and series["until"] == M(2019, 2, 1)
    assert months[0]["month"] == M(2017, 3, 1)
    jan = months[-2]
    assert (jan["sales_fen"], jan["last_sales_fen"], jan["yoy_sales_fen"]) == (
        150_000,
        100_000,
        Decimal("50.0"),
    )
    assert series["games"] == ["双色球"]
    assert selectors.station_months(cast["ruian"], world["l1"])["months"] == []


def test_daily_figures_read_the_daily_rows_for_short_ranges(cast, world):
    SalesDayFactory(station=world["l1"], date=M(2019, 3, 1), sales_fen=1_000, tickets=5)
    SalesDayFactory(station=world["r1"], date=M(2019, 3, 1), sales_fen=7_000, tickets=9)
    SalesDayFactory(station=world["l1"], date=M(2019, 3, 3), sales_fen=2_000, tickets=1)
    days = selectors.by_day(cast["lucheng"], M(2019, 3, 1), M(2019, 3, 3))
    assert [(d["date"].day, d["sales_fen"], d["tickets"]) for d in days] == [
        (1, 1_000, 5),
        (2, 0, 0),
        (3, 2_000, 1),
    ]
    with pytest.raises(selectors.RangeTooLong):
        selectors.by_day(cast["leader"], M(2019, 1, 1), M(2019, 6, 30))


def test_rollups_built_from_days_split_each_day_at_its_rate(cast):
    """Three 1-fen SSQ days raise 0 fen of welfare fund each (0.36 rounds to 0), not
    round(3 × 0.36) = 1: totals are sums of daily splits, as the rollup stores them."""
    station = StationFactory(region=region("330302"))
    for day in (1, 2, 3):
        SalesDayFactory(station=station, date=M(2019, 5, day), sales_fen=1)
    SalesDayFactory(station=station, date=M(2019, 5, 4), sales_fen=1_000_001)
    recompute_months([(station.pk, game("SSQ").pk, M(2019, 5, 1))])
    row = selectors.totals(selectors.rollups(cast["leader"]), Period(2019, 5, 5))
    assert row["sales_fen"] == 1_000_004
    assert row["welfare_fen"] == 360_000  # 1,000,001 × 36% = 360,000.36 → 360,000
    assert row["commission_fen"] == 70_000


def test_each_selector_costs_one_query_whatever_the_size(cast, world):
    rollups = selectors.rollups(cast["leader"])
    lucheng = [region("330302")]
    for n in range(20):
        station = StationFactory(region=region("330304"))
        month_row(station, "3D", M(2019, 1 + n % 12, 1), 10_000 + n, 3_400)
    # Each comparison first asks how far the data reach (two queries: the span of months
    # and the latest month's last day), cached with the figures for the whole page.
    reach = 2
    calls = [
        (reach + 1, lambda: selectors.totals(rollups, Period(2019))),
        (reach + 1, lambda: selectors.by_month(rollups, Period(2019))),
        (reach + 2, lambda: selectors.by_game(rollups, Period(2019))),  # + the games' names
        (reach + 1, lambda: selectors.by_kind(rollups, Period(2019))),
        (1, lambda: selectors.by_year(rollups)),
        (reach + 2, lambda: selectors.ranking(rollups, Period(2019), "growth", 5)),  # + names
        (reach + 1, lambda: selectors.by_region(rollups, Period(2019), lucheng)),
    ]
    figures.version_for(cast["leader"])  # the data version, read once per request
    for expected, call in calls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            call()
        assert len(queries) == expected, queries.captured_queries
        # Asked again: from the cache, except the ranking (not cached but for the reach).
        with CaptureQueriesContext(connection) as queries:
            call()
        assert len(queries) == (expected - reach if call is calls[5][1] else 0)


def test_one_breakdown_query_agrees_with_the_separate_totals(cast, world):
    rollups = selectors.rollups(cast["leader"])
    cube = selectors.Breakdown(rollups, Period(2019))
    assert cube.totals() == selectors.totals(rollups, Period(2019))
    assert sum(r["sales_fen"] for r in cube.by_region()) == 640_000


def test_growth_and_achievement_helpers():
    assert selectors.growth(150, 100) == Decimal("50.0")
    assert selectors.growth(1, 0) is None
    assert selectors.growth(2, 3) == Decimal("-33.3")
    assert selectors.achievement(150, 100) == {
        "actual_fen": 150,
        "target_fen": 100,
        "rate": Decimal("150.0"),
        "bar": 100,
    }
    assert selectors.achievement(5, None)["rate"] is None


def test_a_station_moving_district_takes_its_past_sales_along(cast, world):
    from fucai.stations.services import station_update

    ruian = selectors.rollups(cast["ruian"])
    assert selectors.totals(ruian, Period(2019))["sales_fen"] == 240_000
    station = world["l2"]
    station_update(
        acting_user=cast["stations"],
        station=station,
        version=station.version,
        region=region("330381"),
    )
    assert selectors.totals(ruian, Period(2019))["sales_fen"] == 240_000 + 50_000
    assert (
        selectors.totals(selectors.rollups(cast["lucheng"]), Period(2019))["sales_fen"] == 350_000
    )
    assert [r["code"] for r in selectors.ranking(ruian, Period(2019), "top", 5)] == [
        "33038101",
        "33030002",
    ]
    assert_summaries_match_months()


def test_every_page_of_a_station_owner_reads_their_own_stations(cast, world):
    owner = selectors.rollups(cast["owner"])
    assert owner.districts().queryset.model is SalesMonth
    assert selectors.by_region(owner, Period(2019))[0]["sales_fen"] == 350_000
    assert [r["code"] for r in selectors.ranking(owner, Period(2019))] == ["33030001"]


def test_station_figures_for_one_game_come_from_the_station_game_rollup(cast, world):
    ssq = selectors.rollups(cast["leader"], Filters(game=game("GGL")))
    assert [r["code"] for r in selectors.ranking(ssq, Period(2019))] == ["33030002"]
    everything = selectors.rollups(cast["leader"])
    assert [r["code"] for r in selectors.ranking(everything, Period(2019))] == [
        "33030001",
        "33038101",
        "33030002",
    ]


def test_rankings_of_a_year_and_of_its_months_agree(cast, world):
    """A whole year reads the station years, a range of months the station months."""
    rollups = selectors.rollups(cast["leader"])
    whole = selectors.ranking(rollups, Period(2019), "top", 10)
    months = selectors.ranking(rollups, Period(2019, 1, 11), "top", 10)
    assert [(r["code"], r["sales_fen"], r["welfare_fen"]) for r in whole] == [
        ("33030001", 350_000, 126_000),
        ("33038101", 240_000, 86_400),
        ("33030002", 50_000, 10_000),
    ]
    assert [(r["code"], r["sales_fen"]) for r in months] == [
        (r["code"], r["sales_fen"]) for r in whole
    ]
    assert rollups.stations(Period(2019)).queryset.model is SalesStationYear
    assert rollups.stations(Period(2019, 1, 11)).queryset.model is SalesStationMonth
    assert_summaries_match_months()


def test_totals_read_the_coarsest_table_that_answers(cast, world):
    from fucai.sales.models import SalesRegionMonth, SalesRegionTotal

    plain = selectors.rollups(cast["leader"])
    assert plain.totals().queryset.model is SalesRegionTotal
    instant = selectors.rollups(cast["leader"], Filters(kind=StationKind.INSTANT))
    assert instant.totals().queryset.model is SalesRegionMonth
    assert selectors.rollups(cast["owner"]).totals().queryset.model is SalesMonth
    # the same figures whichever table answers: the trend equals the sum of the
    # trends of each kind (read from the district x kind x game table)
    kinds = [
        selectors.by_month(selectors.rollups(cast["leader"], Filters(kind=k)), Period(2019))
        for k in StationKind.values
    ]
    assert [m["sales_fen"] for m in selectors.by_month(plain, Period(2019))] == [
        sum(months) for months in zip(*([m["sales_fen"] for m in k] for k in kinds), strict=True)
    ]
    by_kind = sum(
        selectors.totals(selectors.rollups(cast["leader"], Filters(kind=kind)), Period(2019))[
            "sales_fen"
        ]
        for kind in StationKind.values
    )
    assert by_kind == selectors.totals(plain, Period(2019))["sales_fen"] == 640_000
    assert_summaries_match_months()
