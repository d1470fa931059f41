"""The monthly commission statement: the rollup's amounts (computed day by day at each
day's dated rate), the rates in force with their dates, exact fen, a month without sales
and another owner's station answered 404."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from fucai.mystation import selectors, statements
from fucai.sales.models import SalesMonth
from fucai.sales.rollups import recompute_months
from fucai.sales.split import percent_of
from fucai.sales.tests.factories import SalesDayFactory, SplitRateFactory, game
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE = D(2019, 6, 1)
TODAY = D(2019, 7, 5)


@pytest.fixture
def station(cast):
    return StationFactory(
        code="33030101", owner=StationOwnerFactory(user=cast["owner"], name="张三")
    )


def _sell(station, code: str, day: D, fen: int) -> None:
    SalesDayFactory(station=station, game=game(code), date=day, sales_fen=fen, tickets=1)


def _roll(station, *codes) -> None:
    recompute_months([(station.pk, game(code).pk, JUNE) for code in codes])


def test_a_rate_change_in_mid_month_shows_both_rates_and_the_rollups_exact_commission(
    cast, station
):
    # SSQ: 7% until 15 June, 8% from 16 June (issuance 13% throughout).
    SplitRateFactory(game=game("SSQ"), effective_from=D(2019, 6, 16), commission_pct=Decimal("8"))
    _sell(station, "SSQ", D(2019, 6, 10), 100_001)  # 7% → 7,000.07 → 7,000 fen
    _sell(station, "SSQ", D(2019, 6, 20), 200_050)  # 8% → 16,004 fen
    _sell(station, "GGL", D(2019, 6, 12), 33_333)  # GGL 8% → 2,666.64 → 2,667 fen
    _roll(station, "SSQ", "GGL")

    statement = statements.statement(cast["owner"], station, JUNE, TODAY)

    ssq = next(line for line in statement.lines if line.game_code == "SSQ")
    assert ssq.sales_fen == 300_051
    assert ssq.commission_fen == 7_000 + 16_004
    # Not the month's sales at either rate alone (21,004 or 24,004).
    assert ssq.commission_fen not in (percent_of(300_051, Decimal(7)), percent_of(300_051, 8))
    assert (
        ssq.commission_fen
        == SalesMonth.objects.get(station=station, game=game("SSQ")).commission_fen
    )
    assert ssq.rate_changed
    assert [(r.commission_pct, r.applies_from) for r in ssq.rates] == [
        (Decimal("7.00"), JUNE),
        (Decimal("8.00"), D(2019, 6, 16)),
    ]
    ggl = next(line for line in statement.lines if line.game_code == "GGL")
    assert (ggl.commission_fen, ggl.rate_changed) == (2_667, False)
    assert statement.commission_fen == 7_000 + 16_004 + 2_667
    assert statement.sales_fen == 300_051 + 33_333
    assert isinstance(statement.commission_fen, int)
    assert statement.owner_name == "张三"


def test_a_rate_from_a_later_month_is_not_shown(cast, station):
    SplitRateFactory(game=game("SSQ"), effective_from=D(2019, 7, 1), commission_pct=Decimal("8"))
    _sell(station, "SSQ", D(2019, 6, 10), 100_000)
    _roll(station, "SSQ")
    (line,) = statements.statement(cast["owner"], station, JUNE, TODAY).lines
    assert [r.commission_pct for r in line.rates] == [Decimal("7.00")]
    assert line.commission_fen == 7_000


def test_a_month_without_sales_has_no_statement(cast, station):
    with pytest.raises(statements.NoSales) as error:
        statements.statement(cast["owner"], station, JUNE, TODAY)
    assert str(error.value) == "本站该月没有销量，没有代销费结算单。"
    assert isinstance(error.value, Http404)


def test_another_owners_station_is_not_found(cast, station):
    other = StationFactory(code="33030102")
    _sell(other, "SSQ", D(2019, 6, 10), 100_000)
    _roll(other, "SSQ")
    with pytest.raises(Http404):
        selectors.station_for(cast["owner"], other.code)
    # Even handed the station, the owner's scope finds none of its sales.
    with pytest.raises(statements.NoSales):
        statements.statement(cast["owner"], other, JUNE, TODAY)
    assert statements.statement(cast["lucheng"], other, JUNE, TODAY).commission_fen == 7_000
    with pytest.raises(Http404):
        selectors.station_for(cast["ruian"], other.code)


def test_the_months_with_sales_are_listed_newest_first(cast, station):
    _sell(station, "SSQ", D(2019, 6, 10), 100_000)
    _sell(station, "SSQ", D(2019, 5, 10), 50_000)
    recompute_months([(station.pk, game("SSQ").pk, m) for m in (JUNE, D(2019, 5, 1))])
    months = statements.months_with_sales(cast["owner"], station)
    assert [(m["month"], m["commission_fen"]) for m in months] == [
        (JUNE, 7_000),
        (D(2019, 5, 1), 3_500),
    ]


@pytest.mark.parametrize("value", ["2019-13", "2019-00", "19-06", "2019-6", "abcd-ef", ""])
def test_a_malformed_month_is_refused(value):
    with pytest.raises(ValueError):
        statements.parse_month(value)


def test_a_month_parses_to_its_first_day():
    assert statements.parse_month("2019-06") == JUNE
