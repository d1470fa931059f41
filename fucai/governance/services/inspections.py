"""Inspections in the field: check-in, answers (synced from a phone that may have been
offline), photos, the owner's signature, submission with its score, cancellation.

Every write locks the inspection row (``select_for_update``) and bumps its ``version``,
so two devices (or a resent offline sync racing a live one) serialize; a submitted or
cancelled inspection is read-only. Syncs are idempotent: an answer is upserted by
(inspection, item) and an older copy of an answer never overwrites a newer one; a photo
carries the UUID its browser gave it, and a resent photo is the same photo.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, roles
from fucai.core.choices import AuditAction, Role
from fucai.core.geo import haversine_m
from fucai.core.scope import in_scope

from .. import scoring
from ..choices import AnswerType, InspectionKind, InspectionStatus
from ..constants import CHECK_IN_FAR_METRES
from ..models import ChecklistItem, Inspection, InspectionAnswer
from .rectifications import rectification_issue_for_inspection

OPEN_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=5)
MAX_TEXT = 2000

# What the audit log compares (files and the browser's UUID are not display values).
AUDITED_FIELDS = (
    *("status", "inspector", "planned_on", "due_on", "checked_in_at", "check_in_latitude"),
    *("check_in_longitude", "check_in_accuracy_m", "check_in_distance_m", "check_in_far"),
    *("started_at", "submitted_at", "inspected_on", "score", "max_score", "result"),
    *("critical_failed", "summary", "signed_by", "cancel_reason"),
)

READ_ONLY = _("This inspection has been submitted or cancelled and can no longer be changed.")
NOT_YOURS = _("Only the assigned inspector or inspection staff of this district may fill it in.")


# -- who may fill it in -------------------------------------------------------------


def can_fill(user, inspection: Inspection) -> bool:
    """The assigned inspector, or district / center staff who inspect (not another
    inspector) — always inside the user's data scope."""
    if not roles.has_permission(user, roles.INSPECT) or not in_scope(user, inspection):
        return False
    return inspection.inspector_id == user.pk or roles.role_of(user) != Role.INSPECTOR


def lock_for_filling(inspection: Inspection, user) -> Inspection:
    """The inspection's row, locked for this transaction, after the permission and
    read-only checks (made on the locked copy: a concurrent submit has landed by then)."""
    locked = (
        Inspection.objects.select_for_update()
        .select_related("station", "template")
        .get(pk=inspection.pk)
    )
    if not can_fill(user, locked):
        raise PermissionDenied(NOT_YOURS)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(READ_ONLY, code="read_only")
    return locked


def mark_activity(inspection: Inspection, now, *fields: str) -> None:
    """Record activity: the inspection is in progress and its version moves on."""
    inspection.version += 1
    changed = {"version", *fields}
    if inspection.status == InspectionStatus.PLANNED:
        inspection.status = InspectionStatus.IN_PROGRESS
        changed.add("status")
    if inspection.started_at is None:
        inspection.started_at = now
        changed.add("started_at")
    inspection.full_clean()
    inspection.save(update_fields=sorted(changed))


def _check_version(inspection: Inspection, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != inspection.version:
        raise ValidationError(
            _(
                "This inspection was changed on another device (version %(current)s, yours "
                "%(yours)s). Reload it and try again."
            )
            % {"current": inspection.version, "yours": expected_version},
            code="stale",
        )


# -- check-in -------------------------------------------------------------------------


def _coordinate(value, low: int, high: int, label) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(label)s is not a number.") % {"label": label}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            _("%(label)s must be between %(low)s and %(high)s.")
            % {"label": label, "low": low, "high": high}
        )
    return number.quantize(Decimal("0.000001"))


@transaction.atomic
def inspection_check_in(
    *,
    inspection: Inspection,
    latitude=None,
    longitude=None,
    accuracy_m=None,
    acting_user,
    at: datetime.datetime | None = None,
) -> Inspection:
    """Record where the inspector's phone was on arrival. Without a location (the
    browser refused or has none) the check-in is still recorded, its distance unknown;
    farther than ``CHECK_IN_FAR_METRES`` from the station it is flagged, never refused."""
    inspection = lock_for_filling(inspection, acting_user)
    before = audit.snapshot(inspection, AUDITED_FIELDS)
    now = at or timezone.now()
    if latitude is None or longitude is None:
        lat = lng = accuracy = distance = None
    else:
        lat = _coordinate(latitude, -90, 90, _("Latitude"))
        lng = _coordinate(longitude, -180, 180, _("Longitude"))
        try:
            accuracy = None if accuracy_m in (None, "") else max(0, round(float(accuracy_m)))
        except (TypeError, ValueError):
            raise ValidationError(_("The location accuracy is not a number.")) from None
        station = inspection.station
        distance = None
        if station.latitude is not None and station.longitude is not None:
            distance = round(haversine_m(lat, lng, station.latitude, station.longitude))
    inspection.checked_in_at = now
    inspection.check_in_latitude, inspection.check_in_longitude = lat, lng
    inspection.check_in_accuracy_m = accuracy
    inspection.check_in_distance_m = distance
    inspection.check_in_far = distance is not None and distance > CHECK_IN_FAR_METRES
    mark_activity(
        inspection,
        now,
        *("checked_in_at", "check_in_latitude", "check_in_longitude"),
        *("check_in_accuracy_m", "check_in_distance_m", "check_in_far"),
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=inspection,
        changes=audit.diff(Inspection, before, audit.snapshot(inspection, AUDITED_FIELDS)),
        comment=str(_("Checked in")),
    )
    return inspection


# -- answers ---------------------------------------------------------------------------


@dataclass
class SyncResult:
    inspection: Inspection
    saved: int  # answers created or changed
    unchanged: int  # identical or older copies (a resent sync)


def _decimal(value, item: ChecklistItem, label) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError(
            _("Item %(code)s: %(label)s is not a number.") % {"code": item.code, "label": label}
        )
    return number.quantize(Decimal("0.01"))


def _answer_fields(item: ChecklistItem, data: dict) -> dict:
    """The stored fields of one answer, validated against its item's type."""
    passed = data.get("passed")
    if passed not in (None, True, False):
        raise ValidationError(
            _("Item %(code)s: the answer must be pass or fail.") % {"code": item.code}
        )
    score = _decimal(data.get("score"), item, _("the score"))
    if score is not None and not 0 <= score <= item.weight:
        raise ValidationError(
            _("Item %(code)s: the score must be between 0 and %(weight)s.")
            % {"code": item.code, "weight": item.weight}
        )
    text, comment = data.get("text") or "", data.get("comment") or ""
    if not isinstance(text, str) or not isinstance(comment, str):
        raise ValidationError(_("Item %(code)s: the answer must be text.") % {"code": item.code})
    if len(text) > MAX_TEXT or len(comment) > MAX_TEXT:
        raise ValidationError(
            _("Item %(code)s: at most %(limit)s characters.")
            % {"code": item.code, "limit": MAX_TEXT}
        )
    fields = {
        "passed": passed if item.answer_type == AnswerType.PASS_FAIL else None,
        "score": score if item.answer_type == AnswerType.SCORE else None,
        "number": _decimal(data.get("number"), item, _("the number"))
        if item.answer_type == AnswerType.NUMBER
        else None,
        "text": text.strip() if item.answer_type == AnswerType.TEXT else "",
        "comment": comment.strip(),
    }
    # A score below the pass share is a failed item, with its rectification order.
    if item.answer_type == AnswerType.SCORE and score is not None:
        fields["passed"] = not scoring.score_item_failed(item.weight, score)
    return fields


def answered_at(value, now: datetime.datetime) -> datetime.datetime:
    """When the inspector gave the answer (the phone's clock, for offline answers),
    never later than now."""
    if not value:
        return now
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValidationError(_("The time of an answer is not a date and time."))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return min(parsed, now + CLOCK_SKEW)


def _display(fields: dict) -> str:
    parts = [
        str(v)
        for k, v in fields.items()
        if k != "comment" and v not in (None, "") and not (k == "passed" and v is None)
    ]
    return " / ".join(parts)


@transaction.atomic
def inspection_save_answers(
    *, inspection: Inspection, answers: list, acting_user, expected_version: int | None = None
) -> SyncResult:
    """Upsert answers by (inspection, item). Each answer may carry ``answered_at`` (when
    it was given on the phone): a copy older than the stored answer is ignored, so a
    stale offline sync arriving late never undoes a newer answer, and a resent sync
    changes nothing."""
    inspection = lock_for_filling(inspection, acting_user)
    _check_version(inspection, expected_version)
    if not isinstance(answers, list):
        raise ValidationError(_("The answers must be a list."))
    items = {item.pk: item for item in inspection.template.items.all()}
    existing = {a.item_id: a for a in inspection.answers.all()}
    now = timezone.now()
    changes: dict = {}
    saved = unchanged = 0
    for data in answers:
        if not isinstance(data, dict):
            raise ValidationError(_("Each answer must be an object."))
        item_id = data.get("item")
        is_id = isinstance(item_id, int) and not isinstance(item_id, bool)
        item = items.get(item_id) if is_id else None
        if item is None:
            raise ValidationError(_("An answer names an item that is not on this checklist."))
        fields = _answer_fields(item, data)
        at = answered_at(data.get("answered_at"), now)
        answer = existing.get(item.pk)
        if answer is not None:
            current = {k: getattr(answer, k) for k in fields}
            if current == fields or at < answer.answered_at:
                unchanged += 1
                continue
            old = _display(current)
            for key, value in fields.items():
                setattr(answer, key, value)
            answer.answered_at = at
        else:
            old = ""
            answer = InspectionAnswer(inspection=inspection, item=item, answered_at=at, **fields)
            existing[item.pk] = answer
        answer.full_clean()
        answer.save()
        saved += 1
        changes[item.code] = {"label": item.text, "old": old, "new": _display(fields)}
    if saved:
        mark_activity(inspection, now)
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=inspection,
            changes=changes,
            comment=str(_("Answers saved")),
        )
    return SyncResult(inspection=inspection, saved=saved, unchanged=unchanged)


# -- submit and cancel --------------------------------------------------------------------


def score_of(inspection: Inspection) -> scoring.Score:
    """The score of an inspection's current answers (what submitting would record)."""
    items = [
        scoring.ItemRule(i.pk, i.answer_type, i.weight, i.critical)
        for i in inspection.template.items.all()
    ]
    answers = {
        a.item_id: scoring.AnswerValue(a.passed, a.score, a.number, a.text)
        for a in inspection.answers.all()
    }
    counts: dict[int, int] = {}
    for item_id in inspection.photos.exclude(item=None).values_list("item_id", flat=True):
        counts[item_id] = counts.get(item_id, 0) + 1
    return scoring.compute(items, answers, counts)


@transaction.atomic
def inspection_submit(
    *,
    inspection: Inspection,
    acting_user,
    summary: str = "",
    expected_version: int | None = None,
    on: datetime.date | None = None,
) -> Inspection:
    """Close the inspection with its score and result, and issue a rectification order
    for each failed item in the same transaction. Refused while an item is unanswered,
    a photo item has no photo, the inspector has not checked in, or (except for a
    mystery-shopper visit, where the station must not know) nobody has signed."""
    inspection = lock_for_filling(inspection, acting_user)
    _check_version(inspection, expected_version)
    result = score_of(inspection)
    errors = []
    if result.missing_items:
        codes = list(
            inspection.template.items.filter(pk__in=result.missing_items).values_list(
                "code", flat=True
            )
        )
        errors.append(
            _("Unanswered items (photo items need a photo): %(codes)s.")
            % {"codes": ", ".join(codes)}
        )
    if inspection.checked_in_at is None:
        errors.append(_("Check in at the station before submitting."))
    if inspection.kind != InspectionKind.MYSTERY and not inspection.signature:
        errors.append(_("The station has not signed the inspection."))
    if len(summary) > MAX_TEXT:
        errors.append(_("The summary is too long."))
    if errors:
        raise ValidationError(errors, code="incomplete")
    before = audit.snapshot(inspection, AUDITED_FIELDS)
    now = timezone.now()
    inspection.status = InspectionStatus.SUBMITTED
    inspection.submitted_at = now
    inspection.inspected_on = on or timezone.localdate(now)
    inspection.score, inspection.max_score = result.score, result.max_score
    inspection.result = result.result
    inspection.critical_failed = result.critical_failed
    inspection.summary = summary.strip()
    inspection.version += 1
    inspection.full_clean()
    inspection.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=inspection,
        changes=audit.diff(Inspection, before, audit.snapshot(inspection, AUDITED_FIELDS)),
        comment=str(_("Submitted")),
    )
    rectification_issue_for_inspection(inspection=inspection, acting_user=acting_user)
    return inspection


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, reason: str, acting_user) -> Inspection:
    """Cancel a planned or unfinished inspection (the station closed, a duplicate...),
    with the reason on record."""
    inspection = lock_for_filling(inspection, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"cancel_reason": _("Say why the inspection is cancelled.")})
    before = audit.snapshot(inspection, AUDITED_FIELDS)
    inspection.status = InspectionStatus.CANCELLED
    inspection.cancel_reason = reason[:200]
    inspection.version += 1
    inspection.full_clean()
    inspection.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=inspection,
        changes=audit.diff(Inspection, before, audit.snapshot(inspection, AUDITED_FIELDS)),
        comment=reason,
    )
    return inspection
