"""Reads of the visits topic: which units plan visits, and a year's plan against the
visits logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractMonth

from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit
from fucai.core.roles import role_of
from fucai.core.scope import is_city_wide

from ..models import Visit, VisitPlan

# Units that visit stations: the departments, the district branches, and the center
# itself (staff attached to the center rather than a department log under it).
VISITING_KINDS = (OrgUnitKind.CENTER, OrgUnitKind.DEPARTMENT, OrgUnitKind.BRANCH)
_KIND_ORDER = {OrgUnitKind.CENTER: 0, OrgUnitKind.DEPARTMENT: 1, OrgUnitKind.BRANCH: 2}


def plan_units(user):
    """The units whose plans ``user`` reads and (with PLAN_VISITS) sets: every unit for
    city-wide staff, their own unit for a branch (or a unit-bound inspector), none for
    users outside the center (station owners)."""
    units = OrgUnit.objects.filter(kind__in=VISITING_KINDS)
    if is_city_wide(user):
        return units
    if getattr(user, "org_unit_id", None) and role_of(user) not in (Role.STATION_OWNER, ""):
        return units.filter(pk=user.org_unit_id)
    return units.none()


def visit_plan_table(user, year: int) -> dict:
    """Planned and logged visits per unit and month of ``year``: rows in the center's
    order (center, departments, branches), each with 12 months and a total. A unit
    appears when it can plan or has logged visits; completion counts the visits its
    staff logged (inside the user's data scope). Three queries."""
    units = list(plan_units(user))
    if not units:
        raise PermissionDenied
    unit_ids = [u.pk for u in units]
    planned = {
        (p.org_unit_id, p.month): p.planned_visits
        for p in VisitPlan.objects.filter(year=year, org_unit_id__in=unit_ids)
    }
    done = {
        (row["org_unit_id"], row["m"]): row["n"]
        for row in Visit.objects.visible_to(user)
        .filter(visited_on__year=year, org_unit_id__in=unit_ids)
        .annotate(m=ExtractMonth("visited_on"))
        .values("org_unit_id", "m")
        .annotate(n=Count("id"))
        .order_by()
    }
    active = {u for u, _m in planned} | {u for u, _m in done}
    rows = []
    for unit in sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 9), u.name)):
        if unit.kind == OrgUnitKind.CENTER and unit.pk not in active:
            continue  # the center itself shows only when it plans or visits
        months = []
        for month in range(1, 13):
            p, d = planned.get((unit.pk, month)), done.get((unit.pk, month), 0)
            months.append({"month": month, "planned": p, "done": d, "percent": _pct(d, p)})
        total_p = sum(m["planned"] or 0 for m in months)
        total_d = sum(m["done"] for m in months)
        rows.append(
            {
                "unit": unit,
                "months": months,
                "planned": total_p,
                "done": total_d,
                "percent": _pct(total_d, total_p),
            }
        )
    return {"rows": rows, "months": list(range(1, 13))}


def _pct(done: int, planned: int | None) -> int | None:
    return round(done * 100 / planned) if planned else None


def visit_years(user) -> list[int]:
    years = {d.year for d in Visit.objects.visible_to(user).dates("visited_on", "year")}
    years |= set(VisitPlan.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)
