"""Inspections (年检 · 日常巡查 · 专项检查 · 暗访): the list, and one inspection with a
summary of its answers and the rectification orders it issued."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema
from pydantic import BaseModel

from fucai.governance.choices import InspectionKind, InspectionResult, InspectionStatus
from fucai.governance.models import (
    ChecklistItem,
    ChecklistSection,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    RectificationOrder,
)

from ..errors import Id
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


class InspectionFilters(ScopeFilters):
    kind: InspectionKind | None = None
    status: InspectionStatus | None = None
    result: InspectionResult | None = None


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
