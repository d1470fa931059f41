"""The demo's 2019 annual reviews: every one confirmed, and the exits are exactly the
registry's closures of 2019 (no station closed by the review itself)."""

import datetime

import pytest

from fucai.demo.builder import build_demo
from fucai.demo.reviews import build_reviews
from fucai.governance.choices import (
    Penalty,
    ReviewDecision,
    ReviewStatus,
    ViolationSource,
    ViolationType,
)
from fucai.governance.models import AnnualReview, Violation
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationStatusChange

pytestmark = pytest.mark.django_db


def test_the_2019_exits_are_the_registrys_closures_of_2019():
    build_demo(
        stations=150,
        sales=False,
        recruitment=False,
        governance=False,
        today=datetime.date(2019, 12, 31),
    )
    # A termination-level violation of a station still open: its review computes exit.
    failing = Station.objects.filter(status=StationStatus.ACTIVE).order_by("code").first()
    Violation.objects.create(
        station=failing,
        violation_type=ViolationType.PRIVATE_LOTTERY,
        source=ViolationSource.REPORT,
        occurred_on=datetime.date(2019, 8, 1),
        description="代售私彩",
        penalty=Penalty.TERMINATION,
    )
    closed = set(
        Station.objects.filter(status=StationStatus.CLOSED).values_list(
            "code", "closed_on", "close_reason"
        )
    )
    changes = StationStatusChange.objects.count()
    closed_2019 = {code: reason for code, on, reason in closed if on.year == 2019}
    assert closed_2019, "the demo closes some stations in 2019"

    summary = build_reviews(2019)

    assert sorted(summary.exits) == sorted(closed_2019)
    assert (
        set(
            Station.objects.filter(status=StationStatus.CLOSED).values_list(
                "code", "closed_on", "close_reason"
            )
        )
        == closed
    )  # nothing closed by the reviews
    assert StationStatusChange.objects.count() == changes
    reviews = AnnualReview.objects.filter(year=2019)
    assert not reviews.exclude(status=ReviewStatus.CONFIRMED).exists()
    for review in reviews.filter(decision=ReviewDecision.EXIT).select_related("station"):
        registry = review.breakdown[0]
        assert registry["criterion"] == "registry"
        assert closed_2019[review.station.code] in registry["finding"]
    kept = reviews.get(station=failing)
    assert (kept.computed_decision, kept.decision) == ("exit", "warn")
    assert kept.override_reason and summary.overridden == 1
    # Stations closed before 2019 or not yet open have no review of 2019.
    assert not reviews.filter(station__closed_on__lt=datetime.date(2019, 1, 1)).exists()
    assert not reviews.filter(station__opened_on__isnull=True).exists()
    assert build_reviews(2019).exits == summary.exits  # re-running keeps them
