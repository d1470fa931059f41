"""Rectification orders: issued for failed checklist items (and violations), answered
by the owner, verified or rejected by an inspector, closed with a reason; escalation of
overdue orders is in ``rectification_overdue``.

Every transition is one service: the order row is locked (``select_for_update``), the
version the user saw is compared (a stale form is refused), the status checked against
``ALLOWED``, an event logged and an audit entry written in the same transaction; the
people concerned are notified through core's notification service."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, notifications, scope
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, inspect_upload
from fucai.core.roles import INSPECT, REPLY_RECTIFICATION
from fucai.core.services import ConcurrentUpdate, require
from fucai.stations.choices import StationStatus
from fucai.stations.services import station_transition_by_system

from ..choices import InspectionResult, RectificationStatus, Severity
from ..constants import MAX_PHOTO_BYTES, RECTIFICATION_DAYS
from ..models import (
    Inspection,
    RectificationEvent,
    RectificationOrder,
    RectificationPhoto,
    RectificationReply,
)

S = RectificationStatus
# Orders still waiting for the station (or for the inspector's check).
UNRESOLVED = (S.OPEN, S.REPLIED, S.OVERDUE)
# Which status each action may start from.
ALLOWED: dict[str, frozenset[str]] = {
    "reply": frozenset({S.OPEN, S.OVERDUE}),
    "verify": frozenset({S.REPLIED}),
    "reject": frozenset({S.REPLIED}),
    "close": frozenset({S.OPEN, S.REPLIED, S.OVERDUE}),
    "overdue": frozenset({S.OPEN}),
}
MAX_REPLY_PHOTOS = 9
# What each logged event was, for the order's history.
EVENT_LABELS = {
    "issue": _("Order issued"),
    "reply": _("Owner replied"),
    "verify": _("Rectification verified"),
    "reject": _("Reply rejected"),
    "close": _("Order closed"),
    "overdue": _("Deadline passed"),
    "escalate": _("Escalated"),
}


def order_number(on: datetime.date, sequence: int) -> str:
    """ZG<yyyymmdd>-<nnnn>: the ``sequence``-th order issued on ``on``."""
    return f"ZG{on:%Y%m%d}-{sequence:04d}"


def next_order_sequence(on: datetime.date) -> int:
    """The sequence number of the next order issued on ``on`` (1 for the day's first)."""
    prefix = order_number(on, 0)[:-4]
    last = RectificationOrder.objects.filter(number__startswith=prefix).aggregate(
        last=Max("number")
    )["last"]
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1


def next_order_number(on: datetime.date) -> str:
    """ZG<yyyymmdd>-<nnnn>, counting the orders issued that day. Callers hold a
    transaction; the unique constraint on ``number`` catches a concurrent duplicate."""
    return order_number(on, next_order_sequence(on))


def severity_for(item) -> str:
    """The severity of an order for a failed checklist item: a critical item's failure
    is always critical."""
    return Severity.CRITICAL if item.critical else item.severity


def deadline_for(severity: str, issued_on: datetime.date) -> datetime.date:
    return issued_on + datetime.timedelta(days=RECTIFICATION_DAYS[severity])


def log_event(
    order: RectificationOrder, *, from_status: str, action: str, actor, comment: str = ""
) -> RectificationEvent:
    return RectificationEvent.objects.create(
        order=order,
        from_status=from_status,
        to_status=order.status,
        action=action,
        actor=actor,
        comment=comment,
    )


@transaction.atomic
def rectification_issue_for_inspection(
    *, inspection: Inspection, acting_user, issued_on: datetime.date | None = None
) -> list[RectificationOrder]:
    """One order per failed item of a submitted inspection (idempotent: an item that
    already has its order gets no second one). Called by ``inspection_submit`` in the
    same transaction, so the inspection and its orders land together or not at all."""
    if (
        inspection.result != InspectionResult.FAILED
        and not inspection.answers.filter(passed=False).exists()
    ):
        return []
    issued_on = issued_on or inspection.inspected_on
    existing = set(
        RectificationOrder.objects.filter(inspection=inspection).values_list("item_id", flat=True)
    )
    orders = []
    failed = (
        inspection.answers.filter(passed=False)
        .exclude(item_id__in=existing)
        .select_related("item")
        .order_by("item__section__order", "item__order")
    )
    for answer in failed:
        item = answer.item
        severity = severity_for(item)
        order = RectificationOrder(
            number=next_order_number(issued_on),
            station_id=inspection.station_id,
            inspection=inspection,
            item=item,
            problem=answer.comment or item.text,
            requirement=item.guidance,
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
        orders.append(order)
    return orders


# --- notifications -------------------------------------------------------------------


def order_url(order: RectificationOrder) -> str:
    return reverse("governance:rectification_detail", args=[order.pk])


def _owner_user(order: RectificationOrder):
    owner = order.station.owner
    return owner.user if owner.user_id else None


def notify_owner_of_new_order(order: RectificationOrder) -> None:
    user = _owner_user(order)
    if user is None:
        return
    notifications.notify(
        recipient=user,
        subject=_("Rectification order %(number)s for %(station)s")
        % {"number": order.number, "station": order.station.name},
        body=_("Please fix by %(date)s: %(problem)s")
        % {"date": order.deadline_on.isoformat(), "problem": order.problem},
        target=order,
        url=order_url(order),
    )


def _inspector_of(order: RectificationOrder):
    if order.inspection_id and order.inspection.inspector_id:
        return order.inspection.inspector
    return order.issued_by


# --- transitions -----------------------------------------------------------------------


def _lock(order: RectificationOrder, *, version: int | None) -> RectificationOrder:
    locked = (
        RectificationOrder.objects.select_for_update(of=("self",))
        .select_related("station__owner", "inspection")
        .get(pk=order.pk)
    )
    if version is not None and locked.version != version:
        raise ConcurrentUpdate()
    return locked


def _check_allowed(order: RectificationOrder, action: str) -> None:
    if order.status not in ALLOWED[action]:
        raise ValidationError(
            _("This order is “%(status)s”: it cannot be %(action)s now.")
            % {"status": order.get_status_display(), "action": ACTION_WORDS[action]},
            code="invalid_transition",
        )


ACTION_WORDS = {
    "reply": _("replied to"),
    "verify": _("verified"),
    "reject": _("rejected"),
    "close": _("closed"),
    "overdue": _("marked overdue"),
}


def _move(
    order: RectificationOrder, *, to_status: str, action: str, actor, comment: str = "", **updates
) -> RectificationOrder:
    """Apply a checked transition to a locked order: status, version, event, audit."""
    before = audit.snapshot(order, fields=["status", "escalation", "closed_at"])
    from_status = order.status
    order.status = to_status
    for name, value in updates.items():
        setattr(order, name, value)
    order.version += 1
    order.save()
    log_event(order, from_status=from_status, action=action, actor=actor, comment=comment)
    after = audit.snapshot(order, fields=["status", "escalation", "closed_at"])
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=order,
        changes=audit.diff(RectificationOrder, before, after),
        comment=comment,
    )
    return order


def _required(text: str, field: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message}, code="required")
    return text


@transaction.atomic
def rectification_reply(
    *,
    order: RectificationOrder,
    text: str,
    photos=(),
    acting_user,
    version: int | None = None,
) -> RectificationReply:
    """The owner says what was fixed, with photos (JPEG/PNG, checked by content). Only
    orders in the owner's scope (their own stations) can be answered."""
    require(acting_user, REPLY_RECTIFICATION)
    if not RectificationOrder.objects.visible_to(acting_user).filter(pk=order.pk).exists():
        raise ValidationError(_("This order is not one of yours."), code="scope")
    text = _required(text, "text", _("Please describe what was fixed."))
    photos = list(photos or [])
    if len(photos) > MAX_REPLY_PHOTOS:
        raise ValidationError(
            {"photos": _("At most %(count)d photos.") % {"count": MAX_REPLY_PHOTOS}},
            code="too_many",
        )
    checked = []
    for photo in photos:
        try:
            checked.append(
                (photo, inspect_upload(photo, max_bytes=MAX_PHOTO_BYTES, allowed=IMAGES))
            )
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}, code=error.code) from None
    locked = _lock(order, version=version)
    _check_allowed(locked, "reply")
    reply = RectificationReply.objects.create(order=locked, text=text, author=acting_user)
    for photo, detected in checked:
        stored = RectificationPhoto(
            reply=reply, content_type=detected.content_type, size=detected.size
        )
        stored.file.save(detected.random_name(), photo, save=False)
        stored.save()
    audit.record_create(actor=acting_user, obj=reply)
    _move(locked, to_status=S.REPLIED, action="reply", actor=acting_user, comment=text)
    inspector = _inspector_of(locked)
    if inspector is not None:
        notifications.notify(
            recipient=inspector,
            subject=_("Rectification order %(number)s answered") % {"number": locked.number},
            body=_("%(station)s replied: %(text)s")
            % {"station": locked.station.name, "text": text[:200]},
            target=locked,
            url=order_url(locked),
        )
    return reply


def _check_inspector(acting_user, order: RectificationOrder) -> None:
    require(acting_user, INSPECT)
    scope.require_in_scope(
        acting_user, order.station, message=_("This station is outside your data scope.")
    )


@transaction.atomic
def rectification_verify(
    *, order: RectificationOrder, acting_user, comment: str = "", version: int | None = None
) -> RectificationOrder:
    """The inspector accepts the reply: the order is done. If it was the station's last
    unresolved order and the station was put under rectification by escalation, the
    station returns to active (by the system, audited)."""
    _check_inspector(acting_user, order)
    locked = _lock(order, version=version)
    _check_allowed(locked, "verify")
    _move(
        locked,
        to_status=S.VERIFIED,
        action="verify",
        actor=acting_user,
        comment=(comment or "").strip(),
        closed_at=timezone.now(),
    )
    restore_station_if_done(locked)
    return locked


@transaction.atomic
def rectification_reject(
    *, order: RectificationOrder, acting_user, comment: str, version: int | None = None
) -> RectificationOrder:
    """The inspector does not accept the reply: the order is open again (overdue if its
    deadline has passed) and the owner is told why."""
    _check_inspector(acting_user, order)
    comment = _required(comment, "comment", _("Please say what is still wrong."))
    locked = _lock(order, version=version)
    _check_allowed(locked, "reject")
    to_status = S.OVERDUE if locked.deadline_on < timezone.localdate() else S.OPEN
    _move(locked, to_status=to_status, action="reject", actor=acting_user, comment=comment)
    user = _owner_user(locked)
    if user is not None:
        notifications.notify(
            recipient=user,
            subject=_("Rectification order %(number)s: reply not accepted")
            % {"number": locked.number},
            body=_("%(comment)s Please fix it and reply again by %(date)s.")
            % {"comment": comment, "date": locked.deadline_on.isoformat()},
            target=locked,
            url=order_url(locked),
        )
    return locked


@transaction.atomic
def rectification_close(
    *, order: RectificationOrder, acting_user, reason: str, version: int | None = None
) -> RectificationOrder:
    """End an order without verification (the station exited, the order was issued in
    error), with the reason."""
    _check_inspector(acting_user, order)
    reason = _required(reason, "reason", _("A reason is required."))
    locked = _lock(order, version=version)
    _check_allowed(locked, "close")
    _move(
        locked,
        to_status=S.CLOSED,
        action="close",
        actor=acting_user,
        comment=reason,
        closed_at=timezone.now(),
    )
    restore_station_if_done(locked)
    return locked


def restore_station_if_done(order: RectificationOrder) -> bool:
    """Undo the escalation's station status: a station that the system put under
    rectification returns to active once none of its orders is unresolved. A station
    someone put under rectification by hand is left to them."""
    station = order.station
    if station.status != StationStatus.RECTIFYING:
        return False
    if RectificationOrder.objects.filter(station=station, status__in=UNRESOLVED).exists():
        return False
    last = station.status_changes.order_by("-at", "-id").first()
    if last is None or last.to_status != StationStatus.RECTIFYING or last.actor_id is not None:
        return False
    station_transition_by_system(
        station=station,
        to_status=StationStatus.ACTIVE,
        reason=str(
            _("Rectification orders resolved (last: %(number)s): back to active")
            % {"number": order.number}
        ),
    )
    return True
