"""Violations and penalties: record a violation (from an inspection, a complaint or a
report) with its evidence, the penalty decided from the penalty table by how often the
station committed the same violation within the repeat window; edit the table; apply a
suspension or termination to the station through the registry's status service."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, notifications, scope
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES_AND_PDF, inspect_upload
from fucai.core.roles import MANAGE_CHECKLISTS, RECORD_VIOLATION
from fucai.core.services import require
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station
from fucai.stations.services import station_transition

from ..choices import Penalty, RectificationStatus, Severity, ViolationSource
from ..constants import MAX_PHOTO_BYTES, REPEAT_WINDOW_MONTHS
from ..models import (
    Inspection,
    PenaltyRule,
    RectificationOrder,
    Violation,
    ViolationEvidence,
)
from .rectifications import deadline_for, log_event, next_order_number, notify_owner_of_new_order

MAX_EVIDENCE_FILES = 9
# The station status a penalty leads to, applied by a user through the registry.
STATION_STATUS_FOR_PENALTY = {
    Penalty.SUSPENSION: StationStatus.SUSPENDED,
    Penalty.TERMINATION: StationStatus.CLOSED,
}


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day if it has fewer)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def occurrence_for(
    *, station: Station, violation_type: str, occurred_on: datetime.date, exclude_pk=None
) -> int:
    """1 + the station's earlier violations of this type within the repeat window."""
    since = months_before(occurred_on, REPEAT_WINDOW_MONTHS)
    earlier = Violation.objects.filter(
        station=station,
        violation_type=violation_type,
        occurred_on__gt=since,
        occurred_on__lte=occurred_on,
    )
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    return earlier.count() + 1


def penalty_rule_for(violation_type: str, occurrence: int) -> PenaltyRule:
    """The table's row for this occurrence; beyond the table, its highest row."""
    rules = PenaltyRule.objects.filter(violation_type=violation_type)
    rule = rules.filter(occurrence__lte=occurrence).order_by("-occurrence").first()
    if rule is None:
        raise ValidationError(
            {"violation_type": _("The penalty table has no row for this violation type.")},
            code="no_rule",
        )
    return rule


@transaction.atomic
def violation_record(
    *,
    station: Station,
    violation_type: str,
    source: str,
    occurred_on: datetime.date,
    description: str,
    acting_user,
    inspection: Inspection | None = None,
    source_reference: str = "",
    evidence=(),
    rectification_requirement: str = "",
    rectification_severity: str = "",
) -> Violation:
    """Record a violation; the penalty comes from the table. With a requirement, a
    rectification order is issued for it too (the owner is notified)."""
    require(acting_user, RECORD_VIOLATION)
    scope.require_in_scope(
        acting_user, station, message=_("This station is outside your data scope.")
    )
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if source == ViolationSource.INSPECTION:
        if inspection is None or inspection.station_id != station.pk:
            raise ValidationError(
                {"inspection": _("Choose the inspection of this station that found it.")},
                code="inspection",
            )
    elif not (source_reference or "").strip():
        raise ValidationError(
            {"source_reference": _("Give the complaint's or report's reference.")},
            code="required",
        )
    evidence = list(evidence or [])
    if len(evidence) > MAX_EVIDENCE_FILES:
        raise ValidationError(
            {"evidence": _("At most %(count)d files.") % {"count": MAX_EVIDENCE_FILES}}
        )
    checked = []
    for upload in evidence:
        try:
            checked.append(
                (upload, inspect_upload(upload, max_bytes=MAX_PHOTO_BYTES, allowed=IMAGES_AND_PDF))
            )
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}, code=error.code) from None
    # Lock the station: two violations recorded at once count each other.
    Station.objects.select_for_update().filter(pk=station.pk).first()
    occurrence = occurrence_for(
        station=station, violation_type=violation_type, occurred_on=occurred_on
    )
    rule = penalty_rule_for(violation_type, occurrence)
    violation = Violation(
        station=station,
        violation_type=violation_type,
        source=source,
        inspection=inspection if source == ViolationSource.INSPECTION else None,
        source_reference=(source_reference or "").strip(),
        occurred_on=occurred_on,
        description=(description or "").strip(),
        occurrence=occurrence,
        penalty=rule.penalty,
        fine_fen=rule.fine_fen,
        suspension_days=rule.suspension_days,
        recorded_by=acting_user,
    )
    violation.full_clean()
    violation.save()
    audit.record_create(actor=acting_user, obj=violation)
    for upload, detected in checked:
        item = ViolationEvidence(
            violation=violation, content_type=detected.content_type, size=detected.size
        )
        item.file.save(detected.random_name(), upload, save=False)
        item.save()
    if (rectification_requirement or "").strip():
        violation_issue_order(
            violation=violation,
            requirement=rectification_requirement,
            severity=rectification_severity or Severity.MAJOR,
            acting_user=acting_user,
        )
    return violation


def violation_issue_order(
    *, violation: Violation, requirement: str, severity: str, acting_user
) -> RectificationOrder:
    issued_on = timezone.localdate()
    order = RectificationOrder(
        number=next_order_number(issued_on),
        station=violation.station,
        violation=violation,
        inspection=violation.inspection,
        problem=f"{violation.get_violation_type_display()}: {violation.description}"[:2000],
        requirement=requirement.strip(),
        severity=severity,
        issued_on=issued_on,
        deadline_on=deadline_for(severity, issued_on),
        status=RectificationStatus.OPEN,
        issued_by=acting_user,
    )
    order.full_clean()
    order.save()
    log_event(order, from_status="", action="issue", actor=acting_user)
    audit.record_create(actor=acting_user, obj=order)
    notify_owner_of_new_order(order)
    return order


@transaction.atomic
def violation_apply_penalty(*, violation: Violation, acting_user) -> Station:
    """Suspend the station or end its contract as the penalty says, through the
    registry's status service (its permission, scope and audit apply)."""
    to_status = STATION_STATUS_FOR_PENALTY.get(violation.penalty)
    if to_status is None:
        raise ValidationError(_("This penalty does not change the station's status."))
    reason = _("Penalty for violation: %(type)s on %(date)s (occurrence %(n)d)") % {
        "type": violation.get_violation_type_display(),
        "date": violation.occurred_on.isoformat(),
        "n": violation.occurrence,
    }
    station = station_transition(
        acting_user=acting_user, station=violation.station, to_status=to_status, reason=reason
    )
    owner = station.owner
    if owner.user_id:
        notifications.notify(
            recipient=owner.user,
            subject=_("Station %(code)s: %(status)s")
            % {"code": station.code, "status": station.get_status_display()},
            body=str(reason),
            target=violation,
        )
    return station


@transaction.atomic
def penalty_rule_update(
    *, rule: PenaltyRule, penalty: str, fine_fen: int, suspension_days: int, acting_user
) -> PenaltyRule:
    require(acting_user, MANAGE_CHECKLISTS)
    locked = PenaltyRule.objects.select_for_update().get(pk=rule.pk)
    before = audit.snapshot(locked)
    locked.penalty = penalty
    locked.fine_fen = 0 if penalty == Penalty.WARNING else fine_fen
    locked.suspension_days = suspension_days if penalty == Penalty.SUSPENSION else 0
    locked.full_clean()
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes=audit.diff(PenaltyRule, before, audit.snapshot(locked)),
    )
    return locked


@transaction.atomic
def penalty_rule_add(
    *, violation_type: str, penalty: str, fine_fen: int, suspension_days: int, acting_user
) -> PenaltyRule:
    """A further occurrence row for a type (the next number after its highest)."""
    require(acting_user, MANAGE_CHECKLISTS)
    last = PenaltyRule.objects.filter(violation_type=violation_type).order_by("-occurrence")
    occurrence = (last.first().occurrence + 1) if last.exists() else 1
    rule = PenaltyRule(
        violation_type=violation_type,
        occurrence=occurrence,
        penalty=penalty,
        fine_fen=fine_fen,
        suspension_days=suspension_days,
    )
    rule.full_clean()
    rule.save()
    audit.record_create(actor=acting_user, obj=rule)
    return rule
