"""Station supervision API: inspections, rectification orders, visits and annual reviews,
read only, in the caller's data scope (an inspector sees only their branch's districts,
an owner only their own stations).

Lists are paged ``{count, items}`` with ``limit`` / ``offset`` as on /api/stations. A
``region`` filter is a GB/T 2260 code: a county-level code filters to that unit, a city
or province code to everything beneath it; it narrows the scope and never widens it. A
filter value that names nothing (an unknown region code, a month without a year) is a
422 saying which. Payloads carry no personal data of owners (no ID numbers, no phones,
no names).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from fucai.core import roles
from fucai.core.choices import RegionLevel
from fucai.core.models import Region
from fucai.governance.choices import (
    FollowUpStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    RectificationStatus,
    ReviewDecision,
    ReviewOutcome,
)
from fucai.governance.models import (
    AnnualReview,
    ChecklistItem,
    ChecklistSection,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    RectificationOrder,
    Visit,
)

from .errors import Code, Id, Offset

router = Router(tags=["governance"])


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class ScopeFilters(Page):
    year: int | None = Field(None, ge=2000, le=2100)
    region: str | None = Field(None, pattern=r"^\d{6}$")
    station: Code | None = None


class InspectionFilters(ScopeFilters):
    kind: InspectionKind | None = None
    status: InspectionStatus | None = None
    result: InspectionResult | None = None


class RectificationFilters(ScopeFilters):
    status: RectificationStatus | None = None


class VisitFilters(ScopeFilters):
    month: int | None = Field(None, ge=1, le=12)


class ReviewFilters(ScopeFilters):
    outcome: ReviewOutcome | None = None
    decision: ReviewDecision | None = None


# Items are built from dicts, so plain pydantic models (see api/stations.py).
class StationRef(BaseModel):
    station: str
    station_name: str
    region: str
    region_name: str


class InspectionItem(StationRef):
    id: int
    kind: str
    year: int
    status: str
    inspector: str
    planned_on: datetime.date | None
    due_on: datetime.date | None
    inspected_on: datetime.date | None
    score: Decimal | None
    max_score: Decimal | None
    result: str
    critical_failed: bool


class InspectionList(Schema):
    count: int
    items: list[InspectionItem]


class SectionSummary(BaseModel):
    section: str
    items: int
    answered: int
    passed: int
    failed: int


class FailedItem(BaseModel):
    code: str
    text: str
    critical: bool
    severity: str
    comment: str


class OrderRef(BaseModel):
    id: int
    number: str
    status: str
    deadline_on: datetime.date


class AnswersSummary(BaseModel):
    items: int
    answered: int
    passed: int
    failed: int
    sections: list[SectionSummary]
    failed_items: list[FailedItem]


class InspectionDetail(InspectionItem):
    checklist: str
    checklist_version: int
    reason: str
    checked_in_at: datetime.datetime | None
    check_in_distance_m: int | None
    check_in_far: bool
    submitted_at: datetime.datetime | None
    summary: str
    signed: bool
    photos: int
    answers: AnswersSummary
    rectification_orders: list[OrderRef]


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


# -- scope and filters ------------------------------------------------------------------

_STATION_FIELDS = ("station__code", "station__name", "station__region__code")
_STATION_FIELDS += ("station__region__name",)


def _visible(request, model) -> QuerySet:
    if not roles.has_permission(request.user, roles.VIEW_GOVERNANCE):
        raise PermissionDenied
    return model.objects.visible_to(request.user)


def _region_condition(code: str, path: str = "station__region") -> Q:
    region = Region.objects.filter(code=code).only("id", "level").first()
    if region is None:
        raise HttpError(422, f"Unknown region code: {code}.")
    if region.level == RegionLevel.COUNTY:
        return Q(**{path: region.pk})
    # A city or a province: every county-level unit beneath it.
    return Q(**{f"{path}__parent": region.pk}) | Q(**{f"{path}__parent__parent": region.pk})


def _filter_place(queryset: QuerySet, filters: ScopeFilters) -> QuerySet:
    if filters.region:
        queryset = queryset.filter(_region_condition(filters.region))
    if filters.station:
        queryset = queryset.filter(station__code=filters.station)
    return queryset


def _page(queryset: QuerySet, filters: Page) -> QuerySet:
    return queryset[filters.offset : filters.offset + filters.limit]


def _station(row: dict) -> dict:
    return {
        "station": row["station__code"],
        "station_name": row["station__name"],
        "region": row["station__region__code"],
        "region_name": row["station__region__name"],
    }


# -- inspections --------------------------------------------------------------------------

_INSPECTION_FIELDS = (
    *("id", "kind", "year", "status", "inspector__display_name", "inspector__username"),
    *("planned_on", "due_on", "inspected_on", "score", "max_score", "result"),
    *("critical_failed", *_STATION_FIELDS),
)


def _inspection(row: dict) -> dict:
    return {
        **_station(row),
        **{key: row[key] for key in _INSPECTION_FIELDS if "__" not in key},
        "inspector": row["inspector__display_name"] or row["inspector__username"],
    }


@router.get("/inspections", response=InspectionList)
def list_inspections(request, filters: Query[InspectionFilters]):
    """Inspections (年检 · 日常巡查 · 专项检查 · 暗访) of the stations in the caller's scope,
    newest year first, then by station code."""
    queryset = _filter_place(_visible(request, Inspection), filters)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    for name in ("kind", "status", "result"):
        if getattr(filters, name):
            queryset = queryset.filter(**{name: getattr(filters, name)})
    rows = _page(
        queryset.order_by("-year", "station__code", "id").values(*_INSPECTION_FIELDS), filters
    )
    return {"count": queryset.count(), "items": [_inspection(row) for row in rows]}


@router.get("/inspections/{inspection_id}", response=InspectionDetail)
def get_inspection(request, inspection_id: Path[Id]):
    """One inspection with a summary of its answers (per section of its checklist, and
    the failed items) and the rectification orders it issued."""
    fields = (*_INSPECTION_FIELDS, "template_id", "template__name", "template__version")
    fields += ("reason", "checked_in_at", "check_in_distance_m", "check_in_far")
    fields += ("submitted_at", "summary", "signature", "signed_by")
    row = get_object_or_404(_visible(request, Inspection).values(*fields), id=inspection_id)
    answers = InspectionAnswer.objects.filter(inspection_id=inspection_id)
    # Per section of the checklist: its items, and how they were answered (two queries,
    # each bounded by one checklist or one inspection).
    sizes = dict(
        ChecklistItem.objects.filter(template_id=row["template_id"])
        .values_list("section_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {
        c["item__section_id"]: c
        for c in answers.values("item__section_id")
        .annotate(
            n_answered=Count("id"),
            n_passed=Count("id", filter=Q(passed=True)),
            n_failed=Count("id", filter=Q(passed=False)),
        )
        .order_by()
    }
    zero = {"n_answered": 0, "n_passed": 0, "n_failed": 0}
    section_rows = [
        {
            "section": title,
            "items": sizes.get(section_id, 0),
            **{key[2:]: counts.get(section_id, zero)[key] for key in zero},
        }
        for section_id, title in ChecklistSection.objects.filter(
            Q(template_id=row["template_id"]) | Q(pk__in=list(counts))
        )
        .order_by("order", "id")
        .values_list("id", "title")
    ]
    failed_items = [
        {
            "code": a["item__code"],
            "text": a["item__text"],
            "critical": a["item__critical"],
            "severity": a["item__severity"],
            "comment": a["comment"],
        }
        for a in answers.filter(passed=False)
        .order_by("item__section__order", "item__order", "item_id")
        .values("item__code", "item__text", "item__critical", "item__severity", "comment")
    ]
    orders = list(
        RectificationOrder.objects.filter(inspection_id=inspection_id)
        .order_by("number")
        .values("id", "number", "status", "deadline_on")
    )
    return {
        **_inspection(row),
        "checklist": row["template__name"],
        "checklist_version": row["template__version"],
        **{key: row[key] for key in ("reason", "checked_in_at", "check_in_distance_m")},
        **{key: row[key] for key in ("check_in_far", "submitted_at", "summary")},
        "signed": bool(row["signature"] or row["signed_by"]),
        "photos": InspectionPhoto.objects.filter(inspection_id=inspection_id).count(),
        "answers": {
            "items": sum(s["items"] for s in section_rows),
            **{key: sum(s[key] for s in section_rows) for key in ("answered", "passed", "failed")},
            "sections": section_rows,
            "failed_items": failed_items,
        },
        "rectification_orders": orders,
    }


# -- rectification orders ---------------------------------------------------------------

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


# -- visits -------------------------------------------------------------------------------

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


# -- annual reviews -------------------------------------------------------------------------

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
