"""Station visits (走访, 三服务三助力): logging a visit with its follow-ups, closing a
follow-up, the configurable purposes and each department's monthly plan."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.roles import LOG_VISIT, MANAGE_CHECKLISTS, PLAN_VISITS
from fucai.core.services import require
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ..choices import FollowUpStatus, VisitGroup
from ..models import Visit, VisitFollowUp, VisitPlan, VisitPurpose
from ..selectors.visits import plan_units


@transaction.atomic
def visit_log(
    *,
    acting_user,
    station: Station,
    visited_on: datetime.date,
    purposes: list[VisitPurpose],
    findings: str = "",
    help_given: str = "",
    follow_ups: list[tuple[str, datetime.date]] = (),
) -> Visit:
    """Log a visit by ``acting_user`` on behalf of their unit (a department, a branch,
    or the center itself for staff attached to it); ``follow_ups`` are (what, due on)."""
    require(acting_user, LOG_VISIT)
    scope.require_in_scope(acting_user, station)
    errors: dict = {}
    if acting_user.org_unit_id is None:
        errors["__all__"] = _("Your account belongs to no department: ask an administrator.")
    if station.status in (StationStatus.PREPARING, StationStatus.CLOSED):
        errors["station"] = _("Only an operating station can be visited.")
    if visited_on > timezone.localdate():
        errors["visited_on"] = _("The visit date cannot be in the future.")
    if station.opened_on and visited_on < station.opened_on:
        errors["visited_on"] = _("The station was not open on that date.")
    purposes = list(purposes)
    if not purposes:
        errors["purposes"] = _("Choose at least one purpose.")
    elif any(not p.active for p in purposes):
        errors["purposes"] = _("A purpose that is no longer in use was chosen.")
    for description, due_on in follow_ups:
        if not (description or "").strip():
            errors["follow_ups"] = _("Describe each follow-up.")
        elif due_on < visited_on:
            errors["follow_ups"] = _("A follow-up cannot be due before the visit.")
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        station=station,
        visited_on=visited_on,
        visitor=acting_user,
        org_unit_id=acting_user.org_unit_id,
        findings=findings.strip(),
        help_given=help_given.strip(),
    )
    visit.full_clean()
    visit.save()
    visit.purposes.set(purposes)
    for description, due_on in follow_ups:
        item = VisitFollowUp(visit=visit, description=description.strip(), due_on=due_on)
        item.full_clean()
        item.save()
    audit.record_create(
        actor=acting_user,
        obj=visit,
        comment="、".join(p.name for p in purposes),
    )
    return visit


@transaction.atomic
def visit_follow_up_done(
    *, acting_user, follow_up: VisitFollowUp, note: str = "", done_on: datetime.date | None = None
) -> VisitFollowUp:
    require(acting_user, LOG_VISIT)
    locked = VisitFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    scope.require_in_scope(acting_user, locked)
    if locked.status == FollowUpStatus.DONE:
        raise ValidationError(_("This follow-up is already done."), code="done")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    before = audit.snapshot(locked, fields=["status", "done_on", "done_note"])
    locked.status, locked.done_on, locked.done_note = FollowUpStatus.DONE, done_on, note.strip()
    locked.full_clean()
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(
            VisitFollowUp, before, audit.snapshot(locked, fields=["status", "done_on", "done_note"])
        ),
        comment=note,
    )
    return locked


def _purpose_code() -> str:
    last = VisitPurpose.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"purpose-{last + 1}"


@transaction.atomic
def visit_purpose_create(*, acting_user, name: str, group: str) -> VisitPurpose:
    """Add a purpose (三服务三助力 are shipped; a center may add its own)."""
    require(acting_user, MANAGE_CHECKLISTS)
    name = name.strip()
    if VisitPurpose.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A purpose with this name exists already.")})
    if group not in VisitGroup.values:
        raise ValidationError({"group": _("Choose a group.")})
    last = VisitPurpose.objects.filter(group=group).order_by("-order").first()
    purpose = VisitPurpose(
        code=_purpose_code(),
        name=name,
        group=group,
        order=(last.order + 1) if last else 1,
    )
    purpose.full_clean()
    purpose.save()
    audit.record_create(actor=acting_user, obj=purpose)
    return purpose


@transaction.atomic
def visit_purpose_update(
    *, acting_user, purpose: VisitPurpose, name: str, active: bool
) -> VisitPurpose:
    """Rename a purpose, or retire / restore it. Past visits keep it (retired purposes
    are only no longer offered)."""
    require(acting_user, MANAGE_CHECKLISTS)
    locked = VisitPurpose.objects.select_for_update().get(pk=purpose.pk)
    name = name.strip()
    if VisitPurpose.objects.filter(name=name).exclude(pk=locked.pk).exists():
        raise ValidationError({"name": _("A purpose with this name exists already.")})
    before = audit.snapshot(locked, fields=["name", "active"])
    locked.name, locked.active = name, active
    locked.full_clean()
    locked.save()
    changes = audit.diff(VisitPurpose, before, audit.snapshot(locked, fields=["name", "active"]))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


@transaction.atomic
def visit_plan_set(
    *,
    acting_user,
    org_unit,
    year: int,
    months: list[int],
    planned_visits: int,
    note: str = "",
) -> list[VisitPlan]:
    """Set how many visits ``org_unit`` plans in each of ``months`` of ``year``
    (creating or replacing the month's plan). City-wide planners plan for every unit;
    a branch for itself."""
    require(acting_user, PLAN_VISITS)
    if not plan_units(acting_user).filter(pk=org_unit.pk).exists():
        raise PermissionDenied(_("You cannot plan visits for this department."))
    if planned_visits < 0:
        raise ValidationError({"planned_visits": _("Enter zero or more visits.")})
    plans = []
    for month in sorted(set(months)):
        plan = (
            VisitPlan.objects.select_for_update()
            .filter(org_unit=org_unit, year=year, month=month)
            .first()
        )
        created = plan is None
        if created:
            plan = VisitPlan(org_unit=org_unit, year=year, month=month, planned_visits=0)
        before = {} if created else audit.snapshot(plan, fields=["planned_visits", "note"])
        plan.planned_visits, plan.note = planned_visits, note.strip()
        plan.full_clean(validate_constraints=False)
        plan.save()
        after = audit.snapshot(plan, fields=["planned_visits", "note"])
        changes = audit.diff(VisitPlan, before, after)
        if created or changes:
            audit.record(
                actor=acting_user,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=plan,
                changes=changes,
            )
        plans.append(plan)
    return plans
