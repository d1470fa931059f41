"""What the supervision API's operations share: paging and the scope filters, the
station every item names, and reading within the caller's data scope."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from fucai.core import roles
from fucai.core.choices import RegionLevel
from fucai.core.models import Region

from ..errors import Code, Offset


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class ScopeFilters(Page):
    year: int | None = Field(None, ge=2000, le=2100)
    region: str | None = Field(None, pattern=r"^\d{6}$")
    station: Code | None = None


# Items are built from dicts, so plain pydantic models (see api/stations.py).
class StationRef(BaseModel):
    station: str
    station_name: str
    region: str
    region_name: str


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
