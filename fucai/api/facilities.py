"""Service stations and premises purchases.

``GET /api/service-stations`` is public (no credentials), as on the portal's map: the
stations' names, addresses, hours, public phones, services and coordinates — nothing
about their staff. ``GET /api/premises/projects`` is staff data (VIEW_FACILITIES),
scoped to the caller's districts, each project with its budget and what was paid (the
sum of its payment rows). Lists are paged ``{count, items}`` with ``limit`` / ``offset``.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from fucai.core import roles
from fucai.facilities.choices import ProjectStatus, ServiceKind
from fucai.facilities.models import PurchaseProject, ServiceStation

from .errors import Offset

router = Router(tags=["facilities"])

_DISTRICT = Field(None, pattern=r"^\d{6}$")


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class StationFilters(Page):
    district: str | None = _DISTRICT


class ServiceStationItem(BaseModel):
    id: int
    name: str
    district: str
    district_code: str
    address: str
    opening_hours: str
    phone: str
    services: list[ServiceKind]
    latitude: Decimal | None
    longitude: Decimal | None
    opened_on: datetime.date | None


class ServiceStationList(Schema):
    count: int
    items: list[ServiceStationItem]


class ProjectFilters(Page):
    district: str | None = _DISTRICT
    status: ProjectStatus | None = None


class ProjectItem(BaseModel):
    id: int
    name: str
    district: str
    district_code: str
    status: ProjectStatus
    started_on: datetime.date
    budget_fen: int
    paid_fen: int


class ProjectList(Schema):
    count: int
    items: list[ProjectItem]


@router.get("/service-stations", auth=None, response=ServiceStationList)
def list_service_stations(request, filters: Query[StationFilters]):
    """The county service stations (综合服务站), public information: by district."""
    stations = ServiceStation.objects.all()
    if filters.district:
        stations = stations.filter(region__code=filters.district)
    fields = ("pk", "unit__name", "region__name", "region__code", "address", "opening_hours")
    fields += ("phone", "services", "latitude", "longitude", "opened_on")
    rows = stations.order_by("region__code", "pk").values_list(*fields)
    rows = rows[filters.offset : filters.offset + filters.limit]
    keys = ("id", "name", "district", "district_code", "address", "opening_hours")
    keys += ("phone", "services", "latitude", "longitude", "opened_on")
    return {"count": stations.count(), "items": [dict(zip(keys, r, strict=True)) for r in rows]}


@router.get("/premises/projects", response=ProjectList)
def list_projects(request, filters: Query[ProjectFilters]):
    """Premises purchase projects in the caller's scope, newest first, with budget and
    paid in fen."""
    if not roles.has_permission(request.user, roles.VIEW_FACILITIES):
        raise PermissionDenied
    projects = PurchaseProject.objects.visible_to(request.user)
    if filters.district:
        projects = projects.filter(region__code=filters.district)
    if filters.status:
        projects = projects.filter(status=filters.status)
    fields = ("pk", "name", "region__name", "region__code", "status", "started_on")
    rows = (
        projects.with_paid()
        .order_by("-started_on", "pk")
        .values_list(*fields, "budget_fen", "paid_fen")
    )
    rows = rows[filters.offset : filters.offset + filters.limit]
    keys = ("id", "name", "district", "district_code", "status", "started_on")
    keys += ("budget_fen", "paid_fen")
    return {"count": projects.count(), "items": [dict(zip(keys, r, strict=True)) for r in rows]}
