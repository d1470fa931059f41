"""Inspection coverage for the governance landing page: planned / done / overdue per
district and per inspector for a year, through the user's data scope."""

import datetime

from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, NullIf

from fucai.core.choices import Role
from fucai.core.roles import role_of
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ..choices import InspectionKind, InspectionStatus
from ..models import Inspection, InspectionProposal


def inspections_for(user):
    """The inspections ``user`` may count. A station owner does not learn of a mystery
    visit (暗访) before it is done."""
    rows = Inspection.objects.visible_to(user)
    if role_of(user) == Role.STATION_OWNER:
        rows = rows.exclude(Q(kind=InspectionKind.MYSTERY) & ~Q(status=InspectionStatus.SUBMITTED))
    return rows


def years(user) -> list[int]:
    return list(inspections_for(user).order_by("-year").values_list("year", flat=True).distinct())


def default_year(user, today: datetime.date) -> int:
    """The latest year with inspections (the demo's 2019), else this year."""
    found = years(user)
    return found[0] if found else today.year


def _counts(today: datetime.date) -> dict:
    open_ = ~Q(status__in=[InspectionStatus.SUBMITTED, InspectionStatus.CANCELLED])
    live = ~Q(status=InspectionStatus.CANCELLED)
    return {
        "planned": Count("id", filter=live),
        "done": Count("id", filter=Q(status=InspectionStatus.SUBMITTED)),
        "in_progress": Count("id", filter=Q(status=InspectionStatus.IN_PROGRESS)),
        "overdue": Count("id", filter=open_ & Q(due_on__lt=today)),
        "failed": Count("id", filter=Q(status=InspectionStatus.SUBMITTED, result="failed")),
    }


def _rate(row: dict) -> dict:
    row["rate"] = row["done"] / row["planned"] if row["planned"] else None
    return row


def by_district(user, year: int, today: datetime.date, kind: str = "") -> list[dict]:
    rows = inspections_for(user).filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    counts = {
        r["station__region"]: r
        for r in rows.values("station__region").annotate(**_counts(today)).order_by()
    }
    annual = Inspection.objects.filter(year=year, kind=InspectionKind.ANNUAL).exclude(
        status=InspectionStatus.CANCELLED
    )
    stations = {
        r["region"]: r
        for r in Station.objects.visible_to(user)
        .filter(status=StationStatus.ACTIVE)
        .values("region")
        .annotate(
            active=Count("id"),
            unplanned=Count("id", filter=~Q(pk__in=annual.values("station_id"))),
        )
        .order_by()
    }
    empty = dict.fromkeys(["planned", "done", "in_progress", "overdue", "failed"], 0)
    result = []
    for region in regions_visible(user).order_by("sort_order", "code"):
        row = {**empty, **counts.get(region.pk, {})}
        station_row = stations.get(region.pk, {})
        row.update(
            region=region,
            active=station_row.get("active", 0),
            unplanned=station_row.get("unplanned", 0),
        )
        if row["planned"] or row["active"]:
            result.append(_rate(row))
    return result


def by_inspector(user, year: int, today: datetime.date, kind: str = "") -> list[dict]:
    rows = inspections_for(user).filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    result = (
        rows.values(
            "inspector",
            "inspector__username",
            "inspector__org_unit__name",
        )
        .annotate(
            name=Coalesce(NullIf("inspector__display_name", Value("")), "inspector__username"),
            **_counts(today),
        )
        .order_by("inspector__org_unit__name", "inspector__username")
    )
    return [_rate(dict(row)) for row in result]


def totals(rows: list[dict]) -> dict:
    keys = ["planned", "done", "in_progress", "overdue", "failed", "active", "unplanned"]
    total = {k: sum(r.get(k, 0) for r in rows) for k in keys}
    return _rate(total)


def open_proposals(user) -> int:
    return (
        InspectionProposal.objects.visible_to(user)
        .filter(status=InspectionProposal.Status.PROPOSED)
        .count()
    )
