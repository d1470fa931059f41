"""Risk-based selection on constructed sales: each rule fires on the anomaly it is
written for and stays quiet on a normal network (and on a city-wide swing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fucai.core.tests.factories import region
from fucai.sales.models import SalesDay, SalesMonth
from fucai.sales.rollups import refresh_summaries
from fucai.sales.tests.factories import game
from fucai.stations.choices import StationStatus
from fucai.stations.models import StationStatusChange
from fucai.stations.tests.factories import StationFactory

from ..choices import InspectionKind
from ..models import InspectionProposal
from ..services import risk
from .factories import ensure_default_checklists

pytestmark = pytest.mark.django_db

NOV = datetime.date(2019, 11, 1)
MONTHS = [datetime.date(2019, m, 1) for m in range(5, 12)]
YUAN = 100
NORMAL_MIX = {"SSQ": 60_000 * YUAN, "3D": 30_000 * YUAN, "KL8": 10_000 * YUAN}


def _sales(station, *, scale=None, mix=None):
    """Monthly rows of ``station`` for May..Nov 2019: the normal mix, times
    ``scale[month]`` where given."""
    rows = []
    for month in MONTHS:
        factor = (scale or {}).get(month, 1)
        for code, fen in (mix or NORMAL_MIX).items():
            rows.append(
                SalesMonth(
                    station=station,
                    game=game(code),
                    month=month,
                    sales_fen=int(fen * factor),
                    days=30,
                )
            )
    SalesMonth.objects.bulk_create(rows)


def _network(n=8):
    stations = [StationFactory(region=region("330302")) for _ in range(n)]
    for station in stations:
        _sales(station)
    return stations


def _rules(findings):
    return {(f.station_id, f.rule) for f in findings}


def test_a_normal_network_proposes_nothing():
    _network()
    refresh_summaries()
    assert risk.find_sales_swings(NOV) == []
    assert risk.find_game_mix(NOV) == []
    assert risk.find_closed_day_sales(NOV, risk.month_end(NOV)) == []


def test_a_jump_and_a_drop_against_the_station_and_its_district_are_proposed():
    _network()
    jumper, dropper = (
        StationFactory(region=region("330302")),
        StationFactory(region=region("330302")),
    )
    _sales(jumper, scale={NOV: 3})
    _sales(dropper, scale={NOV: 0.2})
    refresh_summaries()

    findings = risk.find_sales_swings(NOV)

    assert _rules(findings) == {(jumper.pk, risk.RULE_JUMP), (dropper.pk, risk.RULE_DROP)}
    jump = next(f for f in findings if f.rule == risk.RULE_JUMP)
    assert jump.evidence["station_fen"] == 300_000 * YUAN
    assert jump.evidence["station_baseline_fen"] == 100_000 * YUAN
    assert jump.evidence["station_ratio"] == 3.0
    assert jump.evidence["months"] == 6
    assert "300,000" in risk.describe(jump.rule, jump.evidence)


def test_a_city_wide_jump_is_the_district_trend_not_a_station_anomaly():
    stations = [StationFactory(region=region("330302")) for _ in range(5)]
    for station in stations:
        _sales(station, scale={NOV: 2.5})
    refresh_summaries()
    assert risk.find_sales_swings(NOV) == []


def test_a_station_whose_status_changed_is_not_compared_with_its_history():
    _network()
    reopened = StationFactory(region=region("330302"))
    _sales(reopened, scale={NOV: 3})
    StationStatusChange.objects.create(
        station=reopened,
        from_status=StationStatus.SUSPENDED,
        to_status=StationStatus.ACTIVE,
        effective_on=datetime.date(2019, 10, 20),
        reason="整改完成",
    )
    refresh_summaries()
    assert risk.find_sales_swings(NOV) == []


def test_a_game_mix_far_from_the_district_and_kind_is_proposed():
    _network()
    keno = StationFactory(region=region("330302"))
    _sales(keno, mix={"SSQ": 5_000 * YUAN, "3D": 5_000 * YUAN, "KL8": 90_000 * YUAN})
    # An instant-ticket shop sells other games than computer stations: compared with
    # its own kind it is normal.
    shops = [StationFactory(region=region("330302"), kind="instant") for _ in range(3)]
    for shop in shops:
        _sales(shop, mix={"GGL": 50_000 * YUAN})
    refresh_summaries()

    findings = risk.find_game_mix(NOV)

    assert _rules(findings) == {(keno.pk, risk.RULE_MIX)}
    evidence = findings[0].evidence
    assert evidence["distance"] == pytest.approx(0.8, abs=0.01)
    assert evidence["games"][0]["game"] == "快乐8"
    assert (findings[0].period_start, findings[0].period_end) == (
        datetime.date(2019, 9, 1),
        datetime.date(2019, 11, 30),
    )


def _days(station, *days):
    SalesDay.objects.bulk_create(
        SalesDay(station=station, game=game("SSQ"), date=day, sales_fen=50_000) for day in days
    )


def test_sales_on_days_a_station_was_suspended_or_closed_are_proposed():
    suspended = StationFactory(region=region("330302"), status=StationStatus.SUSPENDED)
    StationStatusChange.objects.create(
        station=suspended,
        from_status=StationStatus.ACTIVE,
        to_status=StationStatus.SUSPENDED,
        effective_on=datetime.date(2019, 11, 10),
        reason="停业整顿",
    )
    # The day of the change itself may predate it: not counted.
    _days(suspended, datetime.date(2019, 11, 9), datetime.date(2019, 11, 10))
    _days(suspended, datetime.date(2019, 11, 15), datetime.date(2019, 11, 16))
    closed = StationFactory(
        region=region("330302"),
        status=StationStatus.CLOSED,
        closed_on=datetime.date(2019, 11, 20),
    )
    _days(closed, datetime.date(2019, 11, 25))
    # Suspended, then reopened: sales after reopening are normal.
    reopened = StationFactory(region=region("330302"))
    for status, on in (
        (StationStatus.SUSPENDED, datetime.date(2019, 11, 1)),
        (StationStatus.ACTIVE, datetime.date(2019, 11, 5)),
    ):
        StationStatusChange.objects.create(
            station=reopened, to_status=status, effective_on=on, reason="测试"
        )
    _days(reopened, datetime.date(2019, 11, 6), datetime.date(2019, 11, 20))
    normal = StationFactory(region=region("330302"))
    _days(normal, datetime.date(2019, 11, 15))

    findings = risk.find_closed_day_sales(NOV, risk.month_end(NOV))

    assert _rules(findings) == {(suspended.pk, risk.RULE_CLOSED), (closed.pk, risk.RULE_CLOSED)}
    evidence = next(f for f in findings if f.station_id == suspended.pk).evidence
    assert evidence["days"] == 2 and evidence["first_day"] == "2019-11-15"
    assert evidence["status"] == StationStatus.SUSPENDED and evidence["since"] == "2019-11-10"
    assert "小时" in risk.describe(risk.RULE_CLOSED, evidence)  # says hours cannot be seen


def test_the_scan_stores_proposals_once_and_accepting_plans_a_special_inspection(cast):
    ensure_default_checklists()
    _network()
    jumper = StationFactory(region=region("330302"))
    _sales(jumper, scale={NOV: 3})
    refresh_summaries()

    first = risk.risk_scan(month=NOV)
    again = risk.risk_scan(month=NOV)

    assert first.created == {risk.RULE_JUMP: 1}
    assert again.created == {} and again.existing == 1
    proposal = InspectionProposal.objects.get()
    assert "3.0" in proposal.reason and proposal.evidence["station_ratio"] == 3.0

    inspection = risk.proposal_accept(proposal=proposal, acting_user=cast["lucheng"])
    proposal.refresh_from_db()
    assert proposal.status == InspectionProposal.Status.ACCEPTED
    assert proposal.inspection == inspection
    assert inspection.kind == InspectionKind.SPECIAL and inspection.reason == proposal.reason
    assert inspection.inspector == cast["inspector"]  # 鹿城's inspector
    with pytest.raises(ValidationError):
        risk.proposal_dismiss(proposal=proposal, reason="重复", acting_user=cast["lucheng"])


def test_dismissing_needs_a_reason_and_stays_dismissed_on_the_next_scan(cast):
    _network()
    jumper = StationFactory(region=region("330302"))
    _sales(jumper, scale={NOV: 3})
    refresh_summaries()
    risk.risk_scan(month=NOV)
    proposal = InspectionProposal.objects.get()
    with pytest.raises(ValidationError):
        risk.proposal_dismiss(proposal=proposal, reason=" ", acting_user=cast["stations"])
    risk.proposal_dismiss(
        proposal=proposal, reason="派奖期间正常增长", acting_user=cast["stations"]
    )
    risk.risk_scan(month=NOV)
    proposal.refresh_from_db()
    assert proposal.status == InspectionProposal.Status.DISMISSED
    assert proposal.decision_comment == "派奖期间正常增长"
