"""Overdue rectification orders and their escalation, run daily by Celery beat
(``fucai.governance.rectifications_overdue``) with no user: the system acts and the
events and audit entries say so (no actor, shown as "system").

The timeline of an order whose deadline passes without an answer:
1. the day after the deadline it becomes overdue and is escalated to the head of the
   branch office covering the station's district (``OrgUnit.head``; a branch without a
   head recorded: its branch staff), who is notified;
2. ``ESCALATE_TO_STATUS_AFTER_DAYS`` days after the deadline, still unresolved, a
   critical or major order puts an active station under rectification (``rectifying``)
   through the registry's status service (``station_transition_by_system``). Verifying
   or closing the station's last unresolved order returns it to active
   (``rectifications.restore_station_if_done``).
Each order is handled in its own transaction with its row locked, so a run racing an
owner's reply or a second run changes nothing twice."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, notifications
from fucai.core.choices import AuditAction, OrgUnitKind, Role
from fucai.core.models import OrgUnit, User
from fucai.stations.choices import StationStatus
from fucai.stations.services import station_transition_by_system

from ..choices import EscalationLevel, RectificationStatus, Severity
from ..constants import ESCALATE_TO_STATUS_AFTER_DAYS
from ..models import RectificationOrder
from .rectifications import _move, log_event, order_url

S = RectificationStatus
STATUS_SEVERITIES = (Severity.CRITICAL, Severity.MAJOR)


def branch_heads(region_id: int) -> list:
    """Who hears of an overdue order in this district: the head of each branch office
    covering it, or, for a branch without a head recorded, its active branch staff."""
    people: list = []
    units = OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, regions=region_id).select_related(
        "head"
    )
    for unit in units:
        if unit.head_id and unit.head.is_active:
            people.append(unit.head)
        else:
            people.extend(
                User.objects.filter(org_unit=unit, role=Role.BRANCH_STAFF, is_active=True)
            )
    return people


def _escalate(order: RectificationOrder, level: int, comment: str) -> None:
    before = audit.snapshot(order, fields=["escalation"])
    order.escalation = level
    order.version += 1
    order.save(update_fields=["escalation", "version"])
    log_event(order, from_status=order.status, action="escalate", actor=None, comment=comment)
    audit.record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=order,
        changes=audit.diff(RectificationOrder, before, audit.snapshot(order, ["escalation"])),
        comment=comment,
    )


@transaction.atomic
def _handle(pk: int, today: datetime.date) -> list[str]:
    order = (
        RectificationOrder.objects.select_for_update(of=("self",))
        .select_related("station")
        .get(pk=pk)
    )
    done: list[str] = []
    if order.deadline_on >= today:
        return done
    if order.status == S.OPEN:
        _move(
            order,
            to_status=S.OVERDUE,
            action="overdue",
            actor=None,
            comment=str(_("Deadline %(date)s passed") % {"date": order.deadline_on.isoformat()}),
        )
        done.append("overdue")
    if order.status != S.OVERDUE:
        return done
    if order.escalation == EscalationLevel.NONE:
        heads = branch_heads(order.station.region_id)
        _escalate(
            order,
            EscalationLevel.BRANCH_HEAD,
            str(
                _("Escalated to the branch head: %(names)s")
                % {"names": ", ".join(map(str, heads)) or "-"}
            ),
        )
        notifications.notify_many(
            heads,
            subject=_("Overdue rectification: %(number)s, %(station)s")
            % {"number": order.number, "station": order.station.name},
            body=_("The order was due on %(date)s and is not resolved: %(problem)s")
            % {"date": order.deadline_on.isoformat(), "problem": order.problem},
            target=order,
            url=order_url(order),
        )
        done.append("branch_head")
    days_late = (today - order.deadline_on).days
    if (
        order.escalation == EscalationLevel.BRANCH_HEAD
        and order.severity in STATUS_SEVERITIES
        and days_late > ESCALATE_TO_STATUS_AFTER_DAYS
    ):
        comment = str(
            _("%(days)d days overdue: station put under rectification") % {"days": days_late}
        )
        _escalate(order, EscalationLevel.STATION_STATUS, comment)
        if order.station.status == StationStatus.ACTIVE:
            station_transition_by_system(
                station=order.station,
                to_status=StationStatus.RECTIFYING,
                reason=str(
                    _("Rectification order %(number)s %(days)d days overdue")
                    % {"number": order.number, "days": days_late}
                ),
                effective_on=today,
            )
            done.append("station_status")
        else:
            done.append("station_status_unchanged")
    return done


def rectifications_overdue_run(*, today: datetime.date | None = None) -> dict[str, int]:
    """Mark and escalate every order that needs it today; returns counts per step."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    pending = RectificationOrder.objects.filter(
        deadline_on__lt=today, status__in=(S.OPEN, S.OVERDUE)
    ).exclude(escalation=EscalationLevel.STATION_STATUS)
    for pk in pending.values_list("pk", flat=True).order_by("deadline_on", "pk"):
        for step in _handle(pk, today):
            counts[step] = counts.get(step, 0) + 1
    return counts
