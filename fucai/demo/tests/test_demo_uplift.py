"""The demo's 派奖 uplift helper on a handful of stations: each participant's campaign
tickets rise by exactly the nominal ratio, whatever its daily counts."""

import datetime

import pytest
from django.db.models import Sum

from fucai.demo import marketing as demo_marketing
from fucai.marketing.models import CampaignStation
from fucai.marketing.tests.factories import CampaignFactory
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import SalesDayFactory, game
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_the_injected_uplift_is_exact_per_station_even_on_small_daily_counts():
    """Truncating each day's tickets × 11 / 10 lost most of the uplift on small counts
    (9 a day gained nothing); the helper raises each station's campaign total by the
    nominal ratio, rounded once, and keeps sales at tickets × price."""
    ssq, price = game("SSQ"), demo_marketing.SSQ_PRICE_FEN
    campaign = CampaignFactory()
    days = [campaign.starts_on + datetime.timedelta(days=n) for n in range(28)]
    counts = {}  # station -> its daily tickets before the campaign's uplift
    for station, per_day in ((StationFactory(), 9), (StationFactory(), 4), (StationFactory(), 1)):
        CampaignStation.objects.create(campaign=campaign, station=station)
        counts[station.pk] = [per_day + n % 3 for n in range(len(days))]
        for day, tickets in zip(days, counts[station.pk], strict=True):
            SalesDayFactory(
                station=station, game=ssq, date=day, tickets=tickets, sales_fen=tickets * price
            )
    outsider = StationFactory()
    SalesDayFactory(station=outsider, game=ssq, date=days[0], tickets=9, sales_fen=9 * price)
    before_and_after = SalesDayFactory(
        station_id=next(iter(counts)),
        game=ssq,
        date=days[0] - datetime.timedelta(days=1),
        tickets=9,
        sales_fen=9 * price,
    )

    updated = demo_marketing.inject_uplift(campaign=campaign, game=ssq, price_fen=price)

    assert updated == 3 * len(days)
    for station_id, before in counts.items():
        rows = SalesDay.objects.filter(station_id=station_id, date__in=days)
        total = rows.aggregate(t=Sum("tickets"), s=Sum("sales_fen"))
        assert total["t"] == round(sum(before) * 1.1)
        assert total["s"] == total["t"] * price
        assert all(r.tickets >= b for r, b in zip(rows.order_by("date"), before, strict=True))
        # Every week gets its share too (the lift is measured week by week).
        for week in range(4):
            week_rows = rows.filter(date__in=days[7 * week : 7 * week + 7])
            raised = week_rows.aggregate(t=Sum("tickets"))["t"]
            assert abs(raised - sum(before[7 * week : 7 * week + 7]) * 1.1) <= 1
    assert SalesDay.objects.get(station=outsider).tickets == 9
    before_and_after.refresh_from_db()
    assert before_and_after.tickets == 9
