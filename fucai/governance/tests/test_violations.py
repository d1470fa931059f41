"""Violations: the penalty from the table by the station's repeats of the same type in
the last twelve months (the highest row beyond the table), evidence checked by content,
an optional rectification order, a suspension applied through the registry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.models import AuditEntry, Notification
from fucai.core.tests.factories import region
from fucai.stations.choices import StationStatus
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import Penalty, RectificationStatus, ViolationSource
from ..models import PenaltyRule
from ..services import violations as services
from .factories import InspectionFactory, ViolationFactory, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(cast):
    return StationFactory(
        region=region("330302"),
        owner=StationOwnerFactory(user=cast["owner"]),
        status=StationStatus.ACTIVE,
    )


def _record(user, station, on, kind="minors", **kwargs):
    kwargs.setdefault("source", ViolationSource.COMPLAINT)
    kwargs.setdefault("source_reference", "TS-1")
    return services.violation_record(
        station=station,
        violation_type=kind,
        occurred_on=on,
        description="向未成年人售彩",
        acting_user=user,
        **kwargs,
    )


def test_repeats_within_twelve_months_escalate_the_penalty(cast, station):
    user = cast["lucheng"]
    first = _record(user, station, datetime.date(2018, 3, 1))
    second = _record(user, station, datetime.date(2018, 9, 1))
    third = _record(user, station, datetime.date(2019, 2, 1))
    fourth = _record(user, station, datetime.date(2019, 2, 20))
    fifth = _record(user, station, datetime.date(2019, 2, 28))
    assert [v.occurrence for v in (first, second, third, fourth, fifth)] == [1, 2, 3, 4, 5]
    assert [v.penalty for v in (first, second, third, fourth)] == [
        Penalty.WARNING,
        Penalty.FINE,
        Penalty.SUSPENSION,
        Penalty.TERMINATION,
    ]
    assert (second.fine_fen, third.suspension_days) == (200_000, 30)
    assert fifth.penalty == Penalty.TERMINATION  # beyond the table: its highest row
    # A year after the first and second, they no longer count.
    later = _record(user, station, datetime.date(2019, 9, 2))
    assert later.occurrence == 4  # 2019-02-01, 02-20, 02-28 are within the window


def test_other_types_and_stations_do_not_count(cast, station):
    _record(cast["lucheng"], station, datetime.date(2019, 1, 1))
    other_type = _record(cast["lucheng"], station, datetime.date(2019, 2, 1), kind="credit")
    other_station = StationFactory(region=region("330302"))
    elsewhere = _record(cast["lucheng"], other_station, datetime.date(2019, 2, 1))
    assert (other_type.occurrence, elsewhere.occurrence) == (1, 1)


def test_the_window_edges(station):
    ViolationFactory(
        station=station, violation_type="credit", occurred_on=datetime.date(2018, 6, 1)
    )
    on = datetime.date(2019, 6, 1)
    assert services.occurrence_for(station=station, violation_type="credit", occurred_on=on) == 1
    day_after = datetime.date(2018, 6, 2)
    ViolationFactory(station=station, violation_type="credit", occurred_on=day_after)
    assert services.occurrence_for(station=station, violation_type="credit", occurred_on=on) == 2
    assert services.months_before(datetime.date(2019, 3, 31), 1) == datetime.date(2019, 2, 28)


def test_an_edited_table_applies_to_the_next_violation(cast, station):
    rule = PenaltyRule.objects.get(violation_type="minors", occurrence=1)
    services.penalty_rule_update(
        rule=rule,
        penalty=Penalty.FINE,
        fine_fen=50_000,
        suspension_days=9,
        acting_user=cast["stations"],
    )
    rule.refresh_from_db()
    assert (rule.penalty, rule.fine_fen, rule.suspension_days) == (Penalty.FINE, 50_000, 0)
    assert AuditEntry.objects.filter(object_id=str(rule.pk)).exists()
    violation = _record(cast["lucheng"], station, datetime.date(2019, 5, 1))
    assert (violation.penalty, violation.fine_fen) == (Penalty.FINE, 50_000)
    with pytest.raises(PermissionDenied):
        services.penalty_rule_update(
            rule=rule, penalty="warning", fine_fen=0, suspension_days=0, acting_user=cast["lucheng"]
        )
    added = services.penalty_rule_add(
        violation_type="other",
        penalty=Penalty.SUSPENSION,
        fine_fen=0,
        suspension_days=10,
        acting_user=cast["stations"],
    )
    assert added.occurrence == 3


def test_source_and_evidence_are_checked(cast, station):
    with pytest.raises(ValidationError) as error:
        _record(cast["lucheng"], station, datetime.date(2019, 5, 1), source_reference="")
    assert "source_reference" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _record(
            cast["lucheng"], station, datetime.date(2019, 5, 1), source=ViolationSource.INSPECTION
        )
    assert "inspection" in error.value.message_dict
    fake = SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        _record(cast["lucheng"], station, datetime.date(2019, 5, 1), evidence=[fake])
    assert "evidence" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        _record(cast["ruian"], station, datetime.date(2019, 5, 1))
    with pytest.raises(PermissionDenied):
        _record(cast["owner"], station, datetime.date(2019, 5, 1))


def test_from_an_inspection_with_evidence_and_an_order(cast, station):
    inspection = InspectionFactory(station=station, inspector=cast["inspector"])
    violation = _record(
        cast["inspector"],
        station,
        datetime.date(2019, 5, 1),
        kind="no_licence",
        source=ViolationSource.INSPECTION,
        inspection=inspection,
        evidence=[png_upload()],
        rectification_requirement="公示许可证",
    )
    assert violation.inspection == inspection and violation.evidence.count() == 1
    (order,) = violation.rectification_orders.all()
    assert order.status == RectificationStatus.OPEN and order.requirement == "公示许可证"
    assert Notification.objects.filter(recipient=cast["owner"], subject__contains=order.number)


def test_a_suspension_is_applied_through_the_registry(cast, station):
    for day in (1, 2):
        _record(cast["lucheng"], station, datetime.date(2019, 5, day))
    warning = _record(cast["lucheng"], station, datetime.date(2019, 5, 3))
    assert warning.penalty == Penalty.SUSPENSION
    with pytest.raises(PermissionDenied):
        services.violation_apply_penalty(violation=warning, acting_user=cast["inspector"])
    services.violation_apply_penalty(violation=warning, acting_user=cast["lucheng"])
    station.refresh_from_db()
    assert station.status == StationStatus.SUSPENDED
    assert station.status_changes.get().actor == cast["lucheng"]
    first = station.violations.order_by("occurred_on").first()
    with pytest.raises(ValidationError):  # a warning changes no status
        services.violation_apply_penalty(violation=first, acting_user=cast["lucheng"])
