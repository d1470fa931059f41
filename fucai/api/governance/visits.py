"""Station visits (走访 · 三服务三助力)."""

import datetime

from django.db.models import Count, Q
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from fucai.governance.choices import FollowUpStatus
from fucai.governance.models import Visit

from .common import (
    _STATION_FIELDS,
    ScopeFilters,
    StationRef,
    _filter_place,
    _page,
    _station,
    _visible,
)

router = Router()


class VisitFilters(ScopeFilters):
    month: int | None = Field(None, ge=1, le=12)


class VisitItem(StationRef):
    id: int
    visited_on: datetime.date
    department: str
    visitor: str
    purposes: list[str]
    findings: str
    help_given: str
    follow_ups: int
    follow_ups_open: int


class VisitList(Schema):
    count: int
    items: list[VisitItem]


_VISIT_FIELDS = (
    *("id", "visited_on", "org_unit__name", "visitor__display_name", "visitor__username"),
    *("findings", "help_given", *_STATION_FIELDS),
)


@router.get("/visits", response=VisitList)
def list_visits(request, filters: Query[VisitFilters]):
    """Station visits (走访 · 三服务三助力) to the stations in the caller's scope, newest
    first; ``purposes`` are the purposes' codes. ``month`` needs ``year``."""
    if filters.month and not filters.year:
        raise HttpError(422, "The month filter needs a year.")
    queryset = _filter_place(_visible(request, Visit), filters)
    if filters.year:
        queryset = queryset.filter(visited_on__year=filters.year)
    if filters.month:
        queryset = queryset.filter(visited_on__month=filters.month)
    rows = list(
        _page(
            queryset.order_by("-visited_on", "-id")
            .annotate(
                n_follow_ups=Count("follow_ups"),
                n_open=Count("follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN)),
            )
            .values(*_VISIT_FIELDS, "n_follow_ups", "n_open"),
            filters,
        )
    )
    purposes: dict[int, list[str]] = {}
    through = Visit.purposes.through.objects.filter(visit_id__in=[row["id"] for row in rows])
    for visit_id, code in through.order_by("visitpurpose__order", "visitpurpose_id").values_list(
        "visit_id", "visitpurpose__code"
    ):
        purposes.setdefault(visit_id, []).append(code)
    items = [
        {
            **_station(row),
            "id": row["id"],
            "visited_on": row["visited_on"],
            "department": row["org_unit__name"],
            "visitor": row["visitor__display_name"] or row["visitor__username"],
            "purposes": purposes.get(row["id"], []),
            "findings": row["findings"],
            "help_given": row["help_given"],
            "follow_ups": row["n_follow_ups"],
            "follow_ups_open": row["n_open"],
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}
