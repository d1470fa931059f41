"""Rectification orders: issued for failed checklist items (and violations), answered
by the owner, verified or rejected by an inspector, escalated when overdue."""

import datetime

from django.db import transaction
from django.db.models import Max

from fucai.core import audit

from ..choices import InspectionResult, RectificationStatus, Severity
from ..constants import RECTIFICATION_DAYS
from ..models import Inspection, RectificationEvent, RectificationOrder


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
        orders.append(order)
    return orders
