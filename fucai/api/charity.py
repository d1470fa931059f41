"""Charity over JSON: the year's activities and figures (charity readers), grant
programmes (public), and the beneficiary registry (its readers only: masked)."""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from fucai.charity.choices import ActivityStatus
from fucai.charity.models import Beneficiary
from fucai.charity.selectors import activities as selectors
from fucai.charity.selectors.grants import public_programmes
from fucai.core import roles

from .errors import Offset

router = Router(tags=["charity"])
grants_router = Router(tags=["charity"])

Limit = Annotated[int, Field(ge=1, le=500)]


def _require(request, permission: str) -> None:
    if not roles.has_permission(request.auth, permission):
        raise PermissionDenied


class ActivityFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    series: str | None = Field(None, max_length=50, description="A series' name.")
    limit: Limit = 100
    offset: Offset = 0


class ActivityItem(Schema):
    id: int
    title: str
    series: str
    held_on: datetime.date
    region: str
    region_name: str
    place: str
    organizers: str
    spending_fen: int
    beneficiaries: int
    status: str


class ActivityList(Schema):
    count: int
    items: list[ActivityItem]


class SummaryOut(Schema):
    year: int
    activities: int
    beneficiaries: int = Field(description="Distinct people helped.")
    spent_fen: int


class ProgrammeItem(Schema):
    id: int
    name: str
    year: int
    quota: int
    amount_fen: int
    opens_on: datetime.date
    closes_on: datetime.date
    status: str
    conditions: list[str]


class ProgrammeList(Schema):
    count: int
    items: list[ProgrammeItem]


class BeneficiaryItem(Schema):
    id: int
    name: str
    id_number_masked: str
    region: str
    category: str
    consent_to_publish: bool


class BeneficiaryList(Schema):
    count: int
    items: list[BeneficiaryItem]


@router.get("/activities", response=ActivityList)
def list_activities(request, filters: Query[ActivityFilters]):
    """Activities held in the caller's scope, newest first, by year and series."""
    _require(request, roles.VIEW_CHARITY)
    queryset = selectors.held_activities(request.auth, filters.year)
    if filters.series:
        queryset = queryset.filter(series__name=filters.series)
    queryset = queryset.select_related("series", "region").order_by("-held_on", "-pk")
    page = list(queryset[filters.offset : filters.offset + filters.limit])
    reached = selectors.reached_counts(a.pk for a in page)
    items = [
        {
            "id": a.pk,
            "title": a.title,
            "series": a.series.name,
            "held_on": a.held_on,
            "region": a.region.code,
            "region_name": a.region.name,
            "place": a.place,
            "organizers": a.organizers,
            "spending_fen": a.spending_fen,
            "beneficiaries": reached.get(a.pk, 0),
            "status": ActivityStatus(a.status).value,
        }
        for a in page
    ]
    return {"count": queryset.count(), "items": items}


@router.get("/summary", response=SummaryOut)
def summary(request, year: int = Query(..., ge=2000, le=2100)):
    """The year's charity figures, counted from the records: activities held,
    distinct people helped, spending in fen."""
    _require(request, roles.VIEW_CHARITY)
    return selectors.charity_summary(request.auth, year)


@router.get("/beneficiaries", response=BeneficiaryList)
def list_beneficiaries(request, limit: Limit = 100, offset: Offset = 0):
    """The registry of people helped, masked (charity department and leadership)."""
    _require(request, roles.VIEW_BENEFICIARIES)
    queryset = (
        Beneficiary.objects.visible_to(request.auth)
        .current()
        .select_related("region")
        .only("pk", "name", "id_number_masked", "region__code", "category", "consent_to_publish")
        .order_by("pk")
    )
    items = [
        {
            "id": b.pk,
            "name": b.name,
            "id_number_masked": b.id_number_masked,
            "region": b.region.code,
            "category": b.category,
            "consent_to_publish": b.consent_to_publish,
        }
        for b in queryset[offset : offset + limit]
    ]
    return {"count": queryset.count(), "items": items}


@grants_router.get("/programmes", auth=None, response=ProgrammeList)
def list_programmes(request, limit: Limit = 100, offset: Offset = 0):
    """Grant programmes open, under review or done (no authentication)."""
    queryset = public_programmes()
    page = list(queryset.prefetch_related("rules")[offset : offset + limit])
    items = [
        {
            "id": p.pk,
            "name": p.name,
            "year": p.year,
            "quota": p.quota,
            "amount_fen": p.amount_fen,
            "opens_on": p.opens_on,
            "closes_on": p.closes_on,
            "status": p.status,
            "conditions": [rule.label for rule in p.rules.all()],
        }
        for p in page
    ]
    return {"count": queryset.count(), "items": items}
