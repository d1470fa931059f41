"""Rectification orders (整改通知)."""

import datetime

from ninja import Query, Router, Schema

from fucai.governance.choices import RectificationStatus
from fucai.governance.models import RectificationOrder

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


class RectificationFilters(ScopeFilters):
    status: RectificationStatus | None = None


class RectificationItem(StationRef):
    id: int
    number: str
    inspection_id: int | None
    item_code: str | None
    violation_id: int | None
    problem: str
    severity: str
    issued_on: datetime.date
    deadline_on: datetime.date
    status: str
    escalation: int
    closed_at: datetime.datetime | None


class RectificationList(Schema):
    count: int
    items: list[RectificationItem]


_ORDER_FIELDS = (
    *("id", "number", "inspection_id", "item__code", "violation_id", "problem", "severity"),
    *("issued_on", "deadline_on", "status", "escalation", "closed_at", *_STATION_FIELDS),
)


@router.get("/rectifications", response=RectificationList)
def list_rectifications(request, filters: Query[RectificationFilters]):
    """Rectification orders (整改通知) of the stations in the caller's scope; ``year`` is
    the year of issue. Newest first."""
    queryset = _filter_place(_visible(request, RectificationOrder), filters)
    if filters.year:
        queryset = queryset.filter(issued_on__year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    rows = _page(queryset.order_by("-issued_on", "-number").values(*_ORDER_FIELDS), filters)
    items = [
        {
            **_station(row),
            **{key: row[key] for key in _ORDER_FIELDS if "__" not in key},
            "item_code": row["item__code"],
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}
