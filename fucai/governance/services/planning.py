"""Planning inspections: the annual campaign, routine plans, ad-hoc inspections and
reassigning one.

Who inspects a district: the users with the inspector role attached to a district
branch covering it. A district whose branch has no inspector falls back to the center's
inspectors (inspector-role users attached to the center or a department, who may work
city-wide). A district with neither gets no inspections: its stations are reported as
unassigned and the planner sees them on the result; re-running the campaign once an
inspector exists plans them (the campaign is idempotent).
"""

import datetime
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, roles
from fucai.core.choices import AuditAction, OrgUnitKind, Role
from fucai.core.models import Region, User
from fucai.core.scope import region_in_scope, regions_visible, require_in_scope, require_region
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ..choices import InspectionKind, InspectionStatus, PlanKind
from ..constants import SPECIAL_INSPECTION_DAYS
from ..models import ChecklistTemplate, Inspection, InspectionPlan

OPEN_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)


def current_template(kind: str) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(kind=kind, is_current=True).order_by("code").first()
    if template is None:
        raise ValidationError(
            _("There is no current checklist for %(kind)s inspections.")
            % {"kind": InspectionKind(kind).label}
        )
    return template


def district_inspectors(region_ids) -> dict[int, list[User]]:
    """Region id → the inspectors who cover it (its branch's, else the center's), in a
    stable order. A region with none maps to an empty list."""
    inspectors = list(
        User.objects.filter(role=Role.INSPECTOR, is_active=True)
        .select_related("org_unit")
        .prefetch_related("org_unit__regions")
        .order_by("username")
    )
    by_region: dict[int, list[User]] = defaultdict(list)
    center: list[User] = []
    for user in inspectors:
        unit = user.org_unit
        if unit is None:
            continue  # an inspector attached nowhere sees no district
        if unit.kind == OrgUnitKind.BRANCH:
            for region in unit.regions.all():
                by_region[region.pk].append(user)
        else:
            center.append(user)
    return {rid: by_region.get(rid) or list(center) for rid in region_ids}


def _open_load(year: int, kind: str | None = None) -> Counter:
    """Open inspections per inspector in ``year`` (what balancing starts from)."""
    rows = Inspection.objects.filter(year=year).exclude(status=InspectionStatus.CANCELLED)
    if kind:
        rows = rows.filter(kind=kind)
    return Counter(
        dict(rows.values_list("inspector_id").annotate(n=Count("id")).values_list("inspector", "n"))
    )


def _balance(stations, pools: dict[int, list[User]], load: Counter) -> tuple[dict, dict]:
    """Give each station to the least-loaded inspector of its district (ties by
    username). Returns station → inspector and region id → unassigned count."""
    assignment: dict[Station, User] = {}
    unassigned: dict[int, int] = Counter()
    by_region: dict[int, list[Station]] = defaultdict(list)
    for station in stations:
        by_region[station.region_id].append(station)
    for region_id, members in by_region.items():
        pool = pools.get(region_id) or []
        if not pool:
            unassigned[region_id] += len(members)
            continue
        heap = [(load[user.pk], user.username, user.pk, user) for user in pool]
        heapq.heapify(heap)
        for station in members:
            count, name, pk, user = heapq.heappop(heap)
            assignment[station] = user
            load[pk] = count + 1
            heapq.heappush(heap, (count + 1, name, pk, user))
    return assignment, dict(unassigned)


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


def _check_period(starts_on, due_on, year=None) -> None:
    if due_on < starts_on:
        raise ValidationError({"due_on": _("The due date is before the start date.")})
    if year is not None and starts_on.year != year:
        raise ValidationError({"starts_on": _("The plan must start in its year.")})


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


def can_inspect(user: User, station: Station) -> bool:
    """Whether ``user`` may be given an inspection of ``station``."""
    return (
        user.is_active
        and roles.has_permission(user, roles.INSPECT)
        and region_in_scope(user, station.region_id)
    )


def _require_can_inspect(user: User, station: Station) -> None:
    if not can_inspect(user, station):
        raise ValidationError(
            {
                "inspector": _("%(user)s cannot inspect stations of %(region)s.")
                % {"user": user, "region": station.region}
            }
        )


def least_loaded_inspector(station: Station, year: int) -> User | None:
    pool = district_inspectors([station.region_id])[station.region_id]
    if not pool:
        return None
    load = _open_load(year)
    return min(pool, key=lambda user: (load[user.pk], user.username))


@transaction.atomic
def inspection_plan_ad_hoc(
    *,
    station: Station,
    kind: str,
    due_on: datetime.date | None = None,
    planned_on: datetime.date | None = None,
    inspector: User | None = None,
    reason: str = "",
    template: ChecklistTemplate | None = None,
    acting_user,
) -> Inspection:
    """One inspection of one station outside any plan (a complaint, a tip, a risk
    proposal accepted). Without ``inspector`` it goes to the least-loaded inspector of
    the station's district."""
    require_in_scope(acting_user, station)
    if station.status == StationStatus.CLOSED:
        raise ValidationError({"station": _("This station is closed.")})
    today = timezone.localdate()
    planned_on = planned_on or today
    due_on = due_on or planned_on + datetime.timedelta(days=SPECIAL_INSPECTION_DAYS)
    _check_period(planned_on, due_on)
    template = template or current_template(kind)
    if template.kind != kind:
        raise ValidationError({"template": _("The checklist is for another kind of inspection.")})
    if inspector is None:
        inspector = least_loaded_inspector(station, planned_on.year)
        if inspector is None:
            raise ValidationError(
                {"inspector": _("No inspector covers %(region)s.") % {"region": station.region}}
            )
    _require_can_inspect(inspector, station)
    inspection = Inspection(
        station=station,
        kind=kind,
        template=template,
        inspector=inspector,
        year=planned_on.year,
        planned_on=planned_on,
        due_on=due_on,
        reason=reason,
        status=InspectionStatus.PLANNED,
    )
    inspection.full_clean()
    inspection.save()
    audit.record_create(actor=acting_user, obj=inspection)
    return inspection


@transaction.atomic
def inspection_reassign(
    *, inspection: Inspection, inspector: User, acting_user, comment: str = ""
) -> Inspection:
    """Give a planned inspection to another inspector (one who may inspect the
    station's district). Started or finished inspections stay with their inspector."""
    require_in_scope(acting_user, inspection)
    inspection = (
        Inspection.objects.select_for_update().select_related("station").get(pk=inspection.pk)
    )
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(_("Only an inspection that has not started can be reassigned."))
    if inspector.pk == inspection.inspector_id:
        raise ValidationError({"inspector": _("This inspector has it already.")})
    _require_can_inspect(inspector, inspection.station)
    before = audit.snapshot(inspection, ["inspector"])
    inspection.inspector = inspector
    inspection.version += 1
    inspection.save(update_fields=["inspector", "version"])
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=inspection,
        changes=audit.diff(Inspection, before, audit.snapshot(inspection, ["inspector"])),
        comment=comment,
    )
    return inspection


def inspector_choices(region_ids, *, every: bool = True) -> list[User]:
    """Active users who may inspect every one of the given districts (``every``), or at
    least one of them — the options of an inspector field."""
    region_ids = list(region_ids)
    inspecting = [r for r, perms in roles.ROLE_PERMISSIONS.items() if roles.INSPECT in perms]
    users = (
        User.objects.filter(is_active=True, role__in=inspecting)
        .select_related("org_unit")
        .order_by("role", "username")
    )
    test = all if every else any
    return [u for u in users if test(region_in_scope(u, rid) for rid in region_ids)]
