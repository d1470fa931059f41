"""Annual reviews (年审)."""

import datetime
from typing import Any

from ninja import Query, Router, Schema

from fucai.governance.choices import ReviewDecision, ReviewOutcome
from fucai.governance.models import AnnualReview

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


class ReviewFilters(ScopeFilters):
    outcome: ReviewOutcome | None = None
    decision: ReviewDecision | None = None


class ReviewItem(StationRef):
    id: int
    year: int
    computed_outcome: str
    computed_decision: str
    outcome: str
    decision: str
    overridden: bool
    status: str
    conditions: str
    breakdown: list[dict[str, Any]]
    confirmed_at: datetime.datetime | None


class ReviewList(Schema):
    count: int
    items: list[ReviewItem]


_REVIEW_FIELDS = (
    *("id", "year", "computed_outcome", "computed_decision", "outcome", "decision"),
    *("status", "conditions", "breakdown", "confirmed_at", *_STATION_FIELDS),
)


@router.get("/annual-reviews", response=ReviewList)
def list_annual_reviews(request, filters: Query[ReviewFilters]):
    """Annual reviews (年审) of the stations in the caller's scope, by year and station;
    ``overridden`` says staff confirmed an outcome or decision other than the computed
    one (the reason is in the audit log)."""
    queryset = _filter_place(_visible(request, AnnualReview), filters)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    for name in ("outcome", "decision"):
        if getattr(filters, name):
            queryset = queryset.filter(**{name: getattr(filters, name)})
    rows = _page(queryset.order_by("-year", "station__code").values(*_REVIEW_FIELDS), filters)
    items = [
        {
            **_station(row),
            **{key: row[key] for key in _REVIEW_FIELDS if "__" not in key},
            "breakdown": [e for e in row["breakdown"] or [] if isinstance(e, dict)],
            "overridden": (row["outcome"], row["decision"])
            != (row["computed_outcome"], row["computed_decision"]),
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}
