"""Grades (分类分级) and star ratings (星级评定)."""

import datetime
from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from fucai.governance.choices import GradingStatus, ProvincialStatus, StarStatus, StationGrade
from fucai.governance.models import GradingResult, StarApplication

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


class GradeFilters(ScopeFilters):
    grade: StationGrade | None = None
    status: GradingStatus | None = None


class GradeItem(StationRef):
    id: int
    code: str
    year: int
    station_class: str
    computed_class: str
    grade: str
    computed_grade: str
    score: str
    overridden: bool
    status: str
    scheme_version: int
    breakdown: list[dict[str, Any]]


class GradeList(Schema):
    count: int
    items: list[GradeItem]


_GRADE_FIELDS = (
    *("id", "year", "station_class", "computed_class", "grade", "computed_grade", "score"),
    *("status", "breakdown", "scheme__version", *_STATION_FIELDS),
)


@router.get("/grades", response=GradeList)
def list_grades(request, filters: Query[GradeFilters]):
    """Classification and grade (分类分级) of the stations in the caller's scope, by year
    and station, with the breakdown (criterion, metric value, points, weight); a
    criterion without data has ``assessed: false``. ``overridden`` says staff confirmed
    another grade or class than the computed one (the reason is in the audit log)."""
    queryset = _filter_place(_visible(request, GradingResult), filters)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    for name in ("grade", "status"):
        if getattr(filters, name):
            queryset = queryset.filter(**{name: getattr(filters, name)})
    rows = _page(queryset.order_by("-year", "station__code").values(*_GRADE_FIELDS), filters)
    items = [
        {
            **_station(row),
            **{key: row[key] for key in _GRADE_FIELDS if "__" not in key},
            "code": row["station__code"],
            "score": str(row["score"]),
            "scheme_version": row["scheme__version"],
            "breakdown": [e for e in row["breakdown"] or [] if isinstance(e, dict)],
            "overridden": (row["grade"], row["station_class"])
            != (row["computed_grade"], row["computed_class"]),
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}


class StarFilters(ScopeFilters):
    level: Literal["city", "provincial"] = Field(
        "city",
        description="city: the published city stars of the year; provincial: the stations "
        "the province designated provincial star stations that year.",
    )


class StarItem(StationRef):
    id: int
    code: str
    year: int
    stars: int | None
    score: str
    computed_stars: int
    status: str
    provincial: str
    provincial_decided_on: datetime.date | None = None


class StarList(Schema):
    count: int
    items: list[StarItem]


_STAR_FIELDS = (
    *("id", "round__year", "stars", "score", "computed_stars", "status", "provincial"),
    *("provincial_decided_on", *_STATION_FIELDS),
)


@router.get("/star-ratings", response=StarList)
def list_star_ratings(request, filters: Query[StarFilters]):
    """Star ratings (星级评定) in the caller's scope: ``level=city`` lists the published
    city stars (an appeal under decision included, with its published stars);
    ``level=provincial`` the provincial star stations (省级星级站点) the province approved.
    Each item names its station's ``code``."""
    queryset = _filter_place(_visible(request, StarApplication), filters)
    if filters.year:
        queryset = queryset.filter(round__year=filters.year)
    if filters.level == "provincial":
        queryset = queryset.filter(provincial=ProvincialStatus.APPROVED)
    else:
        queryset = queryset.filter(stars__isnull=False).filter(
            status__in=(StarStatus.PUBLISHED, StarStatus.APPEALED)
        )
    rows = _page(queryset.order_by("-round__year", "station__code").values(*_STAR_FIELDS), filters)
    items = [
        {
            **_station(row),
            **{key: row[key] for key in _STAR_FIELDS if "__" not in key},
            "code": row["station__code"],
            "year": row["round__year"],
            "score": str(row["score"]),
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}
