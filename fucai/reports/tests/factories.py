"""A small world for the reports: stations and their monthly sales rollups, written the
way the sales tests write them (a rollup row, then its month's summaries)."""

import datetime

from fucai.core.tests.factories import region
from fucai.sales.models import SalesMonth
from fucai.sales.rollups import refresh_summaries
from fucai.sales.tests.factories import game
from fucai.stations.tests.factories import StationFactory


def sales_month(station, month: datetime.date, sales: int, welfare: int, code: str = "SSQ"):
    row = SalesMonth.objects.create(
        station=station,
        game=game(code),
        month=month,
        sales_fen=sales,
        welfare_fen=welfare,
        issuance_fen=0,
        commission_fen=0,
        prize_fen=sales - welfare,
        days=28,
    )
    refresh_summaries([month])
    return row


def lucheng_station(**kwargs):
    return StationFactory(region=region("330302"), **kwargs)


def ruian_station(**kwargs):
    return StationFactory(
        region=region("330381"), code=kwargs.pop("code", None) or "33038101", **kwargs
    )
