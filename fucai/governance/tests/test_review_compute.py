"""The annual review's computation from data, confirmation and exit through the registry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import region
from fucai.governance import review_rules as rules
from fucai.governance.choices import (
    EscalationLevel,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    Penalty,
    RectificationStatus,
    ReviewDecision,
    ReviewOutcome,
    ReviewStatus,
    Severity,
    ViolationSource,
    ViolationType,
)
from fucai.governance.models import AnnualReview, RectificationOrder, Violation
from fucai.governance.services.reviews import (
    annual_review_compute,
    annual_review_confirm,
    annual_reviews_compute,
)
from fucai.sales.models import SalesStationYear, SalesTarget
from fucai.stations.choices import StationStatus
from fucai.stations.models import StationStatusChange
from fucai.stations.tests.factories import InsurancePolicyFactory, StationFactory

from .factories import InspectionFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def insured(station):
    InsurancePolicyFactory(station=station, starts_on=D(2018, 6, 1), ends_on=D(2020, 5, 31))
    return station


def annual(station, *, passed=True, critical=False, year=2019, score="85"):
    return InspectionFactory(
        station=station,
        kind=InspectionKind.ANNUAL,
        year=year,
        status=InspectionStatus.SUBMITTED,
        inspected_on=D(year, 5, 10),
        score=Decimal(score),
        max_score=Decimal("100"),
        result=InspectionResult.PASSED if passed else InspectionResult.FAILED,
        critical_failed=critical,
    )


def sales(station, fen, year=2019):
    SalesStationYear.objects.create(
        station=station, region=station.region, kind=station.kind, year=year, sales_fen=fen
    )


def by_criterion(review):
    return {item["criterion"]: item for item in review.breakdown}


def test_a_clean_station_computes_pass_with_every_criterion_explained(cast):
    station = insured(StationFactory())
    annual(station)
    sales(station, 80_000_000)
    SalesTarget.objects.create(station=station, year=2019, amount_fen=100_000_000)
    for _ in range(3):  # peers open the whole year give the district median
        sales(StationFactory(), 100_000_000)

    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])

    assert (review.computed_outcome, review.computed_decision) == ("pass", "continue")
    assert (review.outcome, review.status) == ("pass", ReviewStatus.COMPUTED)
    items = by_criterion(review)
    assert items["inspection"]["value"] == "85.0 / 100"
    assert items["sales_target"]["value"] == "80.0%"
    assert items["sales_median"]["value"] == "80.0%"
    assert items["insurance"]["verdict"] == "pass"
    assert items["certification"]["finding"].startswith("尚未")  # "not yet tracked", in Chinese
    assert AuditEntry.objects.filter(object_id=str(review.pk), action=AuditAction.CREATE).exists()


def test_certification_is_read_from_the_sellers_on_duty_at_the_end_of_the_year(cast):
    from fucai.stations.tests.factories import CertificateFactory, StaffAssignmentFactory

    staffed, unstaffed = insured(StationFactory()), insured(StationFactory())
    for station in (staffed, unstaffed):
        annual(station)
    seller = StaffAssignmentFactory(station=staffed).staff
    CertificateFactory(holder=seller, valid_from=D(2019, 1, 1), valid_to=D(2021, 12, 31))
    expired = StaffAssignmentFactory(station=unstaffed).staff
    CertificateFactory(holder=expired, valid_from=D(2016, 1, 1), valid_to=D(2018, 12, 31))

    items = by_criterion(
        annual_review_compute(station=staffed, year=2019, acting_user=cast["stations"])
    )
    assert (items["certification"]["verdict"], items["certification"]["value"]) == ("pass", "1")
    review = annual_review_compute(station=unstaffed, year=2019, acting_user=cast["stations"])
    assert by_criterion(review)["certification"]["verdict"] == "conditional"
    assert review.computed_outcome == ReviewOutcome.CONDITIONAL


def test_overdue_rectification_and_a_termination_penalty_fail_the_station(cast):
    station = insured(StationFactory())
    annual(station)
    RectificationOrder.objects.create(
        number="ZG1",
        station=station,
        problem="未张贴标识",
        severity=Severity.MAJOR,
        issued_on=D(2019, 6, 1),
        deadline_on=D(2019, 6, 16),
        status=RectificationStatus.OVERDUE,
    )
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert review.computed_outcome == ReviewOutcome.CONDITIONAL
    assert review.computed_decision == ReviewDecision.WARN
    assert "整改" in review.conditions or review.conditions  # the overdue order is a condition

    Violation.objects.create(
        station=station,
        violation_type=ViolationType.ONLINE,
        source=ViolationSource.REPORT,
        occurred_on=D(2019, 8, 1),
        description="网络售彩",
        penalty=Penalty.TERMINATION,
    )
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert (review.computed_outcome, review.computed_decision) == ("fail", "exit")
    assert review.version == 2


def test_an_order_escalated_to_the_station_status_is_worse_than_overdue(cast):
    station = insured(StationFactory())
    annual(station)
    RectificationOrder.objects.create(
        number="ZG2",
        station=station,
        problem="x",
        severity=Severity.CRITICAL,
        issued_on=D(2019, 3, 1),
        deadline_on=D(2019, 3, 8),
        status=RectificationStatus.OVERDUE,
        escalation=EscalationLevel.STATION_STATUS,
    )
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert by_criterion(review)["rectification"]["verdict"] == rules.FAIL


def test_a_second_failed_annual_inspection_fails(cast):
    station = insured(StationFactory())
    annual(station, passed=False, year=2018, score="50")
    annual(station, passed=False, score="55")
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert by_criterion(review)["inspection"]["note"] == "inspection_repeat"
    assert review.computed_outcome == ReviewOutcome.FAIL


def test_recomputing_never_overwrites_a_confirmed_review(cast):
    station = insured(StationFactory())
    annual(station)
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    annual_review_confirm(
        review=review, outcome="pass", decision="continue", acting_user=cast["stations"]
    )
    annual(station, passed=False, critical=True)  # a later inspection would fail it
    again = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert (again.status, again.outcome, again.computed_outcome) == ("confirmed", "pass", "pass")


def test_an_override_needs_a_reason_and_is_audited(cast):
    station = insured(StationFactory())
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert review.computed_outcome == ReviewOutcome.CONDITIONAL  # no annual inspection
    with pytest.raises(ValidationError) as error:
        annual_review_confirm(
            review=review, outcome="pass", decision="continue", acting_user=cast["stations"]
        )
    assert "override_reason" in error.value.error_dict
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPUTED

    annual_review_confirm(
        review=review,
        outcome="pass",
        decision="continue",
        override_reason="年检因装修顺延至2020年1月，已补检合格",
        acting_user=cast["stations"],
    )
    review.refresh_from_db()
    assert (review.status, review.outcome, review.override_reason[:2]) == (
        "confirmed",
        "pass",
        "年检",
    )
    entry = AuditEntry.objects.get(object_id=str(review.pk), action=AuditAction.TRANSITION)
    assert entry.comment.startswith("年检因装修")
    assert entry.changes["outcome"]["new"] == str(ReviewOutcome.PASS.label)


def test_a_warning_needs_its_conditions(cast):
    review = annual_review_compute(
        station=insured(StationFactory()), year=2019, acting_user=cast["stations"]
    )
    with pytest.raises(ValidationError) as error:
        annual_review_confirm(
            review=review,
            outcome="conditional",
            decision="warn",
            conditions="",
            acting_user=cast["stations"],
        )
    assert "conditions" in error.value.error_dict


def test_confirming_an_exit_closes_the_station_through_the_registry(cast):
    station = insured(StationFactory())
    annual(station, passed=False, critical=True, score="40")
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert review.computed_decision == ReviewDecision.EXIT

    annual_review_confirm(
        review=review,
        outcome="fail",
        decision="exit",
        acting_user=cast["stations"],
        effective_on=D(2020, 1, 15),
    )
    station.refresh_from_db()
    assert (station.status, station.closed_on) == (StationStatus.CLOSED, D(2020, 1, 15))
    assert "2019" in station.close_reason and "关键项" in station.close_reason
    change = StationStatusChange.objects.get(station=station, to_status=StationStatus.CLOSED)
    assert change.actor == cast["stations"]
    assert AuditEntry.objects.filter(
        object_id=str(station.pk), action=AuditAction.TRANSITION, comment=change.reason
    ).exists()


def test_a_station_the_registry_closed_that_year_exits_without_a_second_closing(cast):
    station = insured(
        StationFactory(
            status=StationStatus.CLOSED, closed_on=D(2019, 10, 1), close_reason="经营不善主动退出"
        )
    )
    annual(station)
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    assert (review.computed_outcome, review.computed_decision) == ("fail", "exit")
    assert "经营不善主动退出" in by_criterion(review)["registry"]["finding"]
    annual_review_confirm(
        review=review, outcome="fail", decision="exit", acting_user=cast["stations"]
    )
    station.refresh_from_db()
    assert station.closed_on == D(2019, 10, 1)
    assert not StationStatusChange.objects.filter(station=station).exists()


def test_overriding_an_exit_keeps_the_station_open(cast):
    station = insured(StationFactory())
    annual(station, passed=False, critical=True)
    review = annual_review_compute(station=station, year=2019, acting_user=cast["stations"])
    annual_review_confirm(
        review=review,
        outcome="conditional",
        decision="warn",
        conditions="三个月内完成整改并复检",
        override_reason="关键项已当场整改",
        acting_user=cast["stations"],
    )
    station.refresh_from_db()
    assert station.status == StationStatus.ACTIVE


def test_the_batch_covers_stations_that_operated_that_year_in_scope_only(cast):
    lucheng = StationFactory()
    StationFactory(region=region("330381"))
    StationFactory(status=StationStatus.PREPARING, opened_on=None)
    StationFactory(status=StationStatus.CLOSED, closed_on=D(2018, 5, 1))
    StationFactory(opened_on=D(2020, 2, 1))
    reviews = annual_reviews_compute(year=2019, acting_user=cast["stations"])
    assert len(reviews) == 2
    with pytest.raises(PermissionDenied):
        annual_reviews_compute(year=2019, acting_user=cast["leader"])
    with pytest.raises(PermissionDenied):  # another district's branch, out of scope
        annual_review_compute(station=lucheng, year=2019, acting_user=cast["ruian"])
    assert AnnualReview.objects.filter(year=2019).count() == 2


def test_the_batch_reads_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(3):
        annual(insured(StationFactory()))
    annual_reviews_compute(year=2019, acting_user=cast["stations"])
    for _ in range(6):
        annual(insured(StationFactory()))
    # Reads are per source, not per station; each review still writes itself and its
    # audit entry.
    with django_assert_max_num_queries(20 + 9 * 4):
        annual_reviews_compute(year=2019, acting_user=cast["stations"])
