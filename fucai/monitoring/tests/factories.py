"""Factories and builders of the monitoring tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import region
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import game

from ..choices import AlertKind, AlertSeverity, CameraKind
from ..models import Alert, Camera

SAMPLE_STREAM = "/static/monitoring/sample/stream.m3u8"


class AlertFactory(DjangoModelFactory):
    class Meta:
        model = Alert

    kind = AlertKind.SALES_JUMP
    severity = AlertSeverity.WARNING
    key = factory.Sequence(lambda n: f"test:{n}")
    station = factory.SubFactory("fucai.stations.tests.factories.StationFactory")
    region = factory.LazyAttribute(lambda o: o.station.region if o.station else region("330302"))
    day = datetime.date(2019, 6, 3)
    title = factory.Sequence(lambda n: f"销量突增 {n}")
    detail = "当日销量为中位数的4倍。"
    data = factory.LazyFunction(lambda: {"sales_fen": 1_200_000, "median_fen": 300_000, "z": 6.1})


class CameraFactory(DjangoModelFactory):
    class Meta:
        model = Camera

    station = factory.SubFactory("fucai.stations.tests.factories.StationFactory")
    region = factory.LazyAttribute(lambda o: o.station.region if o.station else region("330302"))
    name = factory.Sequence(lambda n: f"收银台摄像头{n}")
    location = "收银台"
    kind = CameraKind.DOME
    stream_url = SAMPLE_STREAM


def sales_days(station, start: datetime.date, amounts: list[int], code: str = "SSQ") -> None:
    """One row a day from ``start``, of ``amounts`` (fen)."""
    g = game(code)
    SalesDay.objects.bulk_create(
        SalesDay(
            station=station,
            game=g,
            date=start + datetime.timedelta(days=n),
            sales_fen=fen,
            tickets=1,
        )
        for n, fen in enumerate(amounts)
    )


def wobble(n: int, base: int = 300_000, step: int = 10_000) -> list[int]:
    """``n`` days of sales around ``base`` (a steady spread, so the MAD is not 0)."""
    return [base + ((i % 5) - 2) * step for i in range(n)]
