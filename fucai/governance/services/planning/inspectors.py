"""Who inspects a station: the inspectors covering a district, their open load, the
least-loaded of them, who may be given an inspection, and the options of an
inspector field."""

import heapq
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import User
from fucai.core.scope import region_in_scope
from fucai.stations.models import Station

from ...choices import InspectionStatus
from ...models import Inspection


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
