"""The demo's daily sales: calibrated to the 2019 report, consistent with the rollups."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max, Min, Sum

from fucai.demo.builder import _county_regions, flush_demo
from fucai.demo.sales import FULL_NETWORK, TARGET_2019_FEN
from fucai.sales.models import Game, SalesDay, SalesMonth
from fucai.sales.rates import RateBook
from fucai.sales.split import split_sales
from fucai.stations.models import Station

pytestmark = pytest.mark.django_db

STATIONS = 60


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("demo", stations=STATIONS, flush=True, no_recruitment=True, stdout=out)
        yield out.getvalue()
        # Loaded outside the per-test transactions: remove it all for the next module.
        with transaction.atomic():
            flush_demo(_county_regions())


def _year(year: int) -> dict:
    return SalesMonth.objects.filter(month__year=year).aggregate(
        sales=Sum("sales_fen"), welfare=Sum("welfare_fen")
    )


def test_2019_matches_the_report_at_this_scale(demo):
    year = _year(2019)
    target = Decimal(TARGET_2019_FEN) * STATIONS / FULL_NETWORK
    assert abs(Decimal(year["sales"]) / target - 1) < Decimal("0.05")
    # about a quarter of sales becomes welfare fund (lotto 34–36 %, instant/video 20 %)
    assert Decimal("0.24") < Decimal(year["welfare"]) / year["sales"] < Decimal("0.30")
    assert "2019: 销量" in demo


def test_2019_grows_a_few_percent_over_2018(demo):
    growth = Decimal(_year(2019)["sales"]) / _year(2018)["sales"]
    assert Decimal("1.01") < growth < Decimal("1.08")


def test_rollups_equal_the_daily_rows_split_day_by_day(demo):
    rates = RateBook.load()
    month = SalesMonth.objects.order_by("pk").first()
    days = SalesDay.objects.filter(
        station=month.station_id,
        game=month.game_id,
        date__year=month.month.year,
        date__month=month.month.month,
    )
    assert month.sales_fen == sum(d.sales_fen for d in days)
    assert month.days == days.count()
    welfare = sum(
        split_sales(d.sales_fen, rates.rate_on(d.game_id, d.date)).welfare_fen for d in days
    )
    assert month.welfare_fen == welfare
    assert month.prize_fen + month.issuance_fen + month.welfare_fen == month.sales_fen


def test_the_computer_games_close_for_the_spring_festival(demo):
    ssq = Game.objects.get(code="SSQ")
    closed = SalesDay.objects.filter(
        game=ssq, date__range=(datetime.date(2019, 2, 4), datetime.date(2019, 2, 10))
    )
    assert not closed.exists()
    assert SalesDay.objects.filter(game=ssq, date=datetime.date(2019, 2, 11)).exists()


def test_sales_follow_each_station_s_open_period(demo):
    spans = {s.pk: s for s in Station.objects.all()}
    bounds = SalesDay.objects.values("station").annotate(first=Min("date"), last=Max("date"))
    for row in bounds:
        station = spans[row["station"]]
        assert station.opened_on <= row["first"]
        if station.closed_on:
            assert row["last"] < station.closed_on
    assert not SalesDay.objects.filter(station__status="preparing").exists()


def test_every_active_station_sold_in_december_2019(demo):
    active = Station.objects.filter(status="active", opened_on__lte=datetime.date(2019, 12, 1))
    selling = set(
        SalesMonth.objects.filter(month=datetime.date(2019, 12, 1)).values_list(
            "station", flat=True
        )
    )
    assert set(active.values_list("pk", flat=True)) <= selling


def test_a_sales_jump_proposes_a_special_inspection(demo):
    from fucai.governance.models import InspectionProposal

    proposal = InspectionProposal.objects.select_related("inspection").get()
    assert proposal.status == "accepted" and proposal.inspection.kind == "special"
    month = proposal.period_start
    totals = [
        SalesMonth.objects.filter(station=proposal.station, month=m).aggregate(s=Sum("sales_fen"))[
            "s"
        ]
        for m in (month.replace(month=month.month - k) for k in (3, 2, 1, 0))
    ]
    assert proposal.evidence["sales_fen"] == totals[-1]
    ratio = Decimal(totals[-1]) / (Decimal(sum(totals[:3])) / 3)
    assert abs(Decimal(str(proposal.evidence["ratio_to_previous_3_months"])) - ratio) < Decimal(
        "0.01"
    )
    assert proposal.inspection.reason == proposal.reason and "倍" in proposal.reason
