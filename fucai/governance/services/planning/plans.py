"""Plans over many stations: the annual campaign (年检) and routine patrol plans (日常巡查),
balanced per inspector and spread over the period."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.models import Region, User
from fucai.core.scope import regions_visible, require_in_scope, require_region
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ...choices import InspectionKind, InspectionStatus, PlanKind
from ...models import ChecklistTemplate, Inspection, InspectionPlan
from .common import _check_period, current_template
from .inspectors import _balance, _open_load, _require_can_inspect, district_inspectors


def _dates(assignment: dict, starts_on: datetime.date, due_on: datetime.date) -> dict:
    """Each inspector's stations spread evenly over the period (the planned dates)."""
    per_inspector: dict[int, list[Station]] = defaultdict(list)
    for station, user in assignment.items():
        per_inspector[user.pk].append(station)
    span = max((due_on - starts_on).days, 0)
    planned = {}
    for stations in per_inspector.values():
        stations.sort(key=lambda s: (s.region_id, s.code))
        for index, station in enumerate(stations):
            offset = span * index // max(len(stations), 1)
            planned[station] = starts_on + datetime.timedelta(days=offset)
    return planned


@dataclass
class PlanResult:
    plan: InspectionPlan
    created: int = 0
    already_planned: int = 0
    unassigned: dict = field(default_factory=dict)  # Region → stations left without inspector
    per_inspector: Counter = field(default_factory=Counter)  # User → inspections created


def _create_inspections(plan, assignment, planned, *, kind, template, year, due_on, reason=""):
    rows = []
    for station, inspector in assignment.items():
        inspection = Inspection(
            station=station,
            kind=kind,
            plan=plan,
            template=template,
            inspector=inspector,
            year=year,
            planned_on=planned[station],
            due_on=due_on,
            reason=reason,
            status=InspectionStatus.PLANNED,
        )
        # Every foreign key comes from a row read above; check the rest of the fields.
        inspection.clean_fields(exclude=["station", "template", "inspector", "plan"])
        rows.append(inspection)
    Inspection.objects.bulk_create(rows, batch_size=500)
    return rows


@transaction.atomic
def campaign_plan(
    *,
    year: int,
    starts_on: datetime.date,
    due_on: datetime.date,
    regions=None,
    template: ChecklistTemplate | None = None,
    acting_user,
) -> PlanResult:
    """The annual campaign (年检) of ``year``: every active station of ``regions`` (by
    default every district in the planner's scope) gets an annual inspection, balanced
    per inspector within its district. Idempotent: a station that already has an annual
    inspection that year (not cancelled) is left alone, and the year has one campaign
    plan that each run extends."""
    _check_period(starts_on, due_on, year)
    regions = list(regions) if regions else list(regions_visible(acting_user))
    for region in regions:
        require_region(acting_user, region)
    template = template or current_template(InspectionKind.ANNUAL)
    if template.kind != InspectionKind.ANNUAL:
        raise ValidationError({"template": _("Choose an annual inspection checklist.")})

    plan = InspectionPlan.objects.select_for_update().filter(kind=PlanKind.CAMPAIGN, year=year)
    plan = plan.first()
    if plan is None:
        plan = InspectionPlan(
            kind=PlanKind.CAMPAIGN,
            inspection_kind=InspectionKind.ANNUAL,
            year=year,
            name=str(_("%(year)s annual inspection campaign") % {"year": year}),
            template=template,
            starts_on=starts_on,
            due_on=due_on,
            created_by=acting_user,
        )
        plan.full_clean()
        plan.save()
        audit.record_create(actor=acting_user, obj=plan)
    plan.regions.add(*regions)

    stations = list(
        Station.objects.visible_to(acting_user)
        .filter(status=StationStatus.ACTIVE, region__in=regions)
        .exclude(
            inspections__in=Inspection.objects.filter(
                year=year, kind=InspectionKind.ANNUAL
            ).exclude(status=InspectionStatus.CANCELLED)
        )
        .order_by("region__sort_order", "code")
    )
    already = (
        Inspection.objects.filter(
            year=year, kind=InspectionKind.ANNUAL, station__region__in=regions
        )
        .exclude(status=InspectionStatus.CANCELLED)
        .count()
    )
    load = _open_load(year, InspectionKind.ANNUAL)
    pools = district_inspectors([r.pk for r in regions])
    assignment, unassigned = _balance(stations, pools, load)
    planned = _dates(assignment, starts_on, due_on)
    _create_inspections(
        plan,
        assignment,
        planned,
        kind=InspectionKind.ANNUAL,
        template=template,
        year=year,
        due_on=due_on,
    )
    names = {r.pk: r for r in regions}
    result = PlanResult(
        plan=plan,
        created=len(assignment),
        already_planned=already,
        unassigned={names[rid]: n for rid, n in unassigned.items()},
        per_inspector=Counter(assignment.values()),
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=plan,
        comment=str(
            _(
                "Campaign run: %(created)s inspections planned, %(already)s already planned, "
                "%(unassigned)s stations without an inspector."
            )
            % {
                "created": result.created,
                "already": already,
                "unassigned": sum(unassigned.values()),
            }
        ),
    )
    return result


@transaction.atomic
def routine_plan(
    *,
    name: str,
    stations,
    starts_on: datetime.date,
    due_on: datetime.date,
    template: ChecklistTemplate | None = None,
    inspector: User | None = None,
    acting_user,
) -> PlanResult:
    """A routine patrol plan (日常巡查) over a set of stations and a period: each station
    once, given to ``inspector`` or balanced among its district's inspectors."""
    _check_period(starts_on, due_on)
    stations = list(stations)
    if not stations:
        raise ValidationError(_("Choose at least one station."))
    for station in stations:
        require_in_scope(acting_user, station)
    template = template or current_template(InspectionKind.ROUTINE)
    if inspector is not None:
        for station in stations:
            _require_can_inspect(inspector, station)
    regions = Region.objects.filter(pk__in={s.region_id for s in stations})
    plan = InspectionPlan(
        kind=PlanKind.ROUTINE,
        inspection_kind=template.kind,
        year=starts_on.year,
        name=name,
        template=template,
        starts_on=starts_on,
        due_on=due_on,
        created_by=acting_user,
    )
    plan.full_clean()
    plan.save()
    plan.regions.add(*regions)
    audit.record_create(actor=acting_user, obj=plan)
    stations.sort(key=lambda s: (s.region_id, s.code))
    if inspector is not None:
        assignment, unassigned = dict.fromkeys(stations, inspector), {}
    else:
        load = _open_load(starts_on.year)
        assignment, unassigned = _balance(
            stations, district_inspectors({s.region_id for s in stations}), load
        )
    planned = _dates(assignment, starts_on, due_on)
    _create_inspections(
        plan,
        assignment,
        planned,
        kind=template.kind,
        template=template,
        year=starts_on.year,
        due_on=due_on,
    )
    names = {r.pk: r for r in regions}
    return PlanResult(
        plan=plan,
        created=len(assignment),
        unassigned={names[rid]: n for rid, n in unassigned.items()},
        per_inspector=Counter(assignment.values()),
    )
