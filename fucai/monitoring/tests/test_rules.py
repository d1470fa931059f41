"""The rules over real rows: what each finds, what it leaves alone, and that a re-run
raises nothing twice."""

import datetime

import pytest

from fucai.core.tests.factories import region
from fucai.monitoring.choices import AlertKind
from fucai.monitoring.models import Alert, AlertRule
from fucai.monitoring.rules import evaluate
from fucai.monitoring.services import alerts_run
from fucai.sales.models import SalesStationMonth, SalesTarget
from fucai.stations.choices import StationStatus
from fucai.stations.models import StationStatusChange
from fucai.stations.tests.factories import (
    CertificateFactory,
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
)

from .factories import sales_days, wobble

pytestmark = pytest.mark.django_db

DAY0 = datetime.date(2019, 4, 1)
HISTORY = 56
JUDGED = DAY0 + datetime.timedelta(days=HISTORY)


def only(*kinds):
    AlertRule.objects.exclude(kind__in=kinds).update(enabled=False)


def district(n: int, code: str = "330302", judged_day: list[int] | None = None):
    """``n`` stations with 56 steady days and a judged day (default: as usual)."""
    stations = []
    for i in range(n):
        station = StationFactory(region=region(code))
        amounts = [*wobble(HISTORY), (judged_day or [300000] * n)[i]]
        sales_days(station, DAY0, amounts)
        stations.append(station)
    return stations


def test_a_station_jumping_alone_in_its_district_is_flagged():
    only(AlertKind.SALES_JUMP, AlertKind.SALES_DROP)
    stations = district(6, judged_day=[1_500_000] + [300_000] * 5)
    findings = evaluate(start=JUDGED, end=JUDGED)
    assert [(f.kind, f.station_id, f.day) for f in findings] == [
        (AlertKind.SALES_JUMP, stations[0].pk, JUDGED)
    ]
    data = findings[0].data
    assert data["median_fen"] == 300_000
    assert data["mad_fen"] == 10_000
    # 0.6745 × (1,500,000 − 300,000) / 10,000
    assert data["z"] == pytest.approx(80.94, abs=0.01)
    assert data["district_z"] > 3.5
    assert "¥15,000" in findings[0].detail


def test_a_district_wide_jump_is_not_a_station_anomaly():
    only(AlertKind.SALES_JUMP)
    district(6, judged_day=[1_500_000] * 6)  # a jackpot day: everyone sells more
    assert evaluate(start=JUDGED, end=JUDGED) == []


def test_a_drop_is_flagged_against_own_history_and_district():
    only(AlertKind.SALES_DROP)
    stations = district(6, judged_day=[300_000, 20_000, 300_000, 300_000, 300_000, 300_000])
    findings = evaluate(start=JUDGED, end=JUDGED)
    assert [(f.kind, f.station_id) for f in findings] == [(AlertKind.SALES_DROP, stations[1].pk)]
    assert findings[0].data["z"] < -3.5


def test_too_short_a_history_judges_nothing():
    only(AlertKind.SALES_JUMP)
    station = StationFactory()
    sales_days(station, JUDGED - datetime.timedelta(days=10), [*wobble(10), 5000000])
    assert evaluate(start=JUDGED, end=JUDGED) == []


def test_rerunning_raises_each_finding_once():
    only(AlertKind.SALES_JUMP)
    district(6, judged_day=[1_500_000] + [300_000] * 5)
    first = alerts_run(start=JUDGED, end=JUDGED, send=False)
    second = alerts_run(start=JUDGED, end=JUDGED, send=False)
    assert len(first) == 1 and second == []
    assert Alert.objects.count() == 1


def test_sales_while_suspended_are_flagged_as_days():
    only(AlertKind.OFF_HOURS)
    station = StationFactory()
    StationStatusChange.objects.create(
        station=station,
        from_status=StationStatus.ACTIVE,
        to_status=StationStatus.SUSPENDED,
        effective_on=DAY0,
    )
    sales_days(station, DAY0, [100_000] * 4)
    findings = evaluate(start=DAY0, end=DAY0 + datetime.timedelta(days=3))
    assert len(findings) == 1
    # The day of the change itself may predate it: the next three days count.
    assert findings[0].data["days"] == 3
    assert findings[0].day == DAY0 + datetime.timedelta(days=1)
    assert "no time of sale" in findings[0].detail or "时间" in findings[0].detail


def test_a_district_going_silent_is_an_import_missing():
    only(AlertKind.IMPORT_MISSING)
    station = StationFactory(region=region("330381"))
    sales_days(station, DAY0, [100_000] * 30)
    last = DAY0 + datetime.timedelta(days=29)
    findings = evaluate(end=last, missing_until=last + datetime.timedelta(days=2))
    assert [(f.region_id, f.day) for f in findings] == [
        (region("330381").pk, last + datetime.timedelta(days=1)),
        (region("330381").pk, last + datetime.timedelta(days=2)),
    ]


def test_insurance_ending_soon_without_renewal():
    only(AlertKind.INSURANCE_LAPSE)
    today = datetime.date(2026, 12, 1)
    soon = StationFactory(insurance_until=today + datetime.timedelta(days=10))
    StationFactory(insurance_until=today + datetime.timedelta(days=200))
    StationFactory(insurance_until=today + datetime.timedelta(days=5), status="closed")
    findings = evaluate(today=today)
    assert [f.station_id for f in findings] == [soon.pk]


def test_a_certificate_of_a_seller_on_duty_ending_soon():
    only(AlertKind.CERTIFICATE_LAPSE)
    today = datetime.date(2026, 12, 1)
    station = StationFactory()
    seller = SalesStaffFactory()
    StaffAssignmentFactory(staff=seller, station=station, starts_on=datetime.date(2020, 1, 1))
    cert = CertificateFactory(
        holder=seller,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=today + datetime.timedelta(days=20),
    )
    findings = evaluate(today=today)
    assert [(f.station_id, f.data["certificate"]) for f in findings] == [(station.pk, cert.number)]


def test_a_station_behind_its_yearly_target():
    only(AlertKind.TARGET_BEHIND)
    station = StationFactory()
    SalesTarget.objects.create(year=2019, station=station, amount_fen=12_000_000)
    for month in range(1, 7):
        SalesStationMonth.objects.create(
            station=station,
            region=station.region,
            kind=station.kind,
            month=datetime.date(2019, month, 1),
            sales_fen=500_000,
        )
    findings = evaluate(end=datetime.date(2019, 6, 30))
    # Half the year gone, 3,000,000 of 12,000,000 fen sold: 25% against 50% pro rata.
    assert len(findings) == 1
    assert findings[0].data["actual_fen"] == 3_000_000
    assert findings[0].station_id == station.pk


def test_a_week_long_shift_shows_in_the_weekly_check():
    only(AlertKind.SALES_JUMP)
    AlertRule.objects.filter(kind=AlertKind.SALES_JUMP).update(
        params={"z": 3.5, "weeks": 8, "max_days": 1}
    )
    start = DAY0
    # 8 weeks swinging ±40% a day, then a week at +60% every day: no day stands out
    # against the daily spread (the last day is judged), the week does.
    station = StationFactory()
    sales_days(station, start, [*wobble(56, step=60_000), *([480_000] * 7)])
    last = start + datetime.timedelta(days=62)
    findings = evaluate(start=last, end=last)
    assert len(findings) == 1
    assert findings[0].key == f"sales_jump:{station.pk}:w{last.isoformat()}"
    assert findings[0].data["period"] == "week"
    assert findings[0].data["history_weeks"] == 8
    assert "周销量突增" in findings[0].title


def test_a_city_target_counts_its_districts():
    from django.conf import settings

    from fucai.sales.models import SalesRegionTotal

    only(AlertKind.TARGET_BEHIND)
    city = region(settings.FUCAI_CITY_REGION)
    SalesTarget.objects.create(year=2019, region=city, amount_fen=10_000_000)
    for code in ("330302", "330381"):
        SalesRegionTotal.objects.create(
            region=region(code), month=datetime.date(2019, 6, 1), sales_fen=2_600_000
        )
    # Half the year gone, 5,200,000 of 10,000,000 sold: on track.
    assert evaluate(end=datetime.date(2019, 6, 30)) == []
    SalesTarget.objects.filter(region=city).update(amount_fen=20_000_000)
    findings = evaluate(end=datetime.date(2019, 6, 30))
    assert [f.data["actual_fen"] for f in findings] == [5_200_000]
