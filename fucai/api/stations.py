import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from pydantic import BaseModel

from fucai.core import roles
from fucai.core.fields import defer_encrypted
from fucai.core.models import Region
from fucai.stations.choices import StationClass, StationKind, StationStatus
from fucai.stations.cover import station_cover_on
from fucai.stations.forms import apply_station_filters
from fucai.stations.models import Station
from fucai.stations.selectors import insurance_state
from fucai.stations.selectors.detail import certified_staff_count

from .errors import Code, Offset

router = Router(tags=["stations"])


class StationFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{6}$")
    status: StationStatus | None = None
    kind: StationKind | None = None
    station_class: StationClass | None = None
    q: str | None = Field(None, max_length=100)
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


# Built from dicts, so a plain pydantic model: ninja's Schema would wrap each item of a
# page in its attribute getter, most of a 100-item response's cost.
class StationItem(BaseModel):
    code: str
    name: str
    region: str
    region_name: str
    kind: str
    station_class: str
    status: str
    address: str
    opened_on: datetime.date | None


class StationList(Schema):
    count: int
    items: list[StationItem]


class ContractOut(Schema):
    number: str
    starts_on: datetime.date
    ends_on: datetime.date
    deposit_fen: int


class PolicyOut(Schema):
    insurer: str
    policy_number: str
    coverage_fen: int
    premium_fen: int
    starts_on: datetime.date
    ends_on: datetime.date


class InsuranceStatus(Schema):
    state: Literal["ok", "expiring", "missing"] = Field(
        description="ok: insured today; expiring: cover ends within 30 days; missing: "
        "no policy in force today"
    )
    insured_until: datetime.date | None = Field(
        description="The last day of continuous cover from today (renewals signed count)."
    )


class StationDetail(StationItem):
    latitude: Decimal | None
    longitude: Decimal | None
    premises_area: Decimal
    terminal_count: int
    closed_on: datetime.date | None
    close_reason: str
    owner_name: str
    owner_id_number_masked: str
    owner_phone_masked: str
    opening_hours: str
    grade: str = Field(description="The latest published grade (分类分级), empty if none.")
    grade_year: int | None
    stars: int = Field(description="The latest published city stars (星级评定), 0 if none.")
    stars_year: int | None
    provincial_star_year: int | None = Field(
        description="The year of the provincial star designation, if any."
    )
    insurance: InsuranceStatus
    certified_staff_count: int = Field(
        description="People working at the station today who hold a valid certificate."
    )
    contracts: list[ContractOut]
    insurance_policies: list[PolicyOut]


def _item(station: Station) -> dict:
    return {
        "code": station.code,
        "name": station.name,
        "region": station.region.code,
        "region_name": station.region.name,
        "kind": station.kind,
        "station_class": station.station_class,
        "status": station.status,
        "address": station.address,
        "opened_on": station.opened_on,
    }


# The columns of a list item: a list reads no owner and no encrypted column.
ITEM_FIELDS = (
    *("code", "name", "region__code", "region__name", "kind", "station_class", "status"),
    *("address", "opened_on"),
)


def _visible(request):
    if not roles.has_permission(request.user, roles.VIEW_STATION):
        raise PermissionDenied
    # Only masks are served: encrypted columns stay unloaded and undecrypted.
    return defer_encrypted(
        Station.objects.visible_to(request.user).select_related("region", "owner")
    )


@router.get("", response=StationList)
def list_stations(request, filters: Query[StationFilters]):
    """Stations in the caller's data scope. ``region`` is a GB/T 2260 code: a county-level
    code filters to that unit; a city or province code to everything under it."""
    queryset = _visible(request).select_related(None).select_related("region").only(*ITEM_FIELDS)
    region = None
    if filters.region:
        region = get_object_or_404(Region, code=filters.region)
        if region.level != "county":
            # A city or province: every county-level unit beneath it.
            queryset = queryset.filter(Q(region__parent=region) | Q(region__parent__parent=region))
            region = None
    queryset = apply_station_filters(
        queryset,
        q=filters.q or "",
        region=region,
        kind=filters.kind or "",
        station_class=filters.station_class or "",
        status=filters.status or "",
    ).order_by("code")
    offset, limit = filters.offset, filters.limit
    return {
        "count": queryset.count(),
        "items": [_item(s) for s in queryset[offset : offset + limit]],
    }


def _insurance(station: Station, today: datetime.date) -> dict:
    insured, until = station_cover_on(station, today)
    return {
        "state": insurance_state(insured, until, today),
        "insured_until": until if insured else None,
    }


@router.get("/{code}", response=StationDetail)
def get_station(request, code: Path[Code]):
    """One station with its contracts and policies, its published grade and stars, its
    insurance status today and how many of its people on duty are certified."""
    station = get_object_or_404(
        _visible(request).prefetch_related("contracts", "insurance_policies"), code=code
    )
    today = timezone.localdate()
    return {
        **_item(station),
        "latitude": station.latitude,
        "longitude": station.longitude,
        "premises_area": station.premises_area,
        "terminal_count": station.terminal_count,
        "closed_on": station.closed_on,
        "close_reason": station.close_reason,
        "owner_name": station.owner.name,
        "owner_id_number_masked": station.owner.id_number_masked,
        "owner_phone_masked": station.owner.phone_masked,
        "opening_hours": station.opening_hours,
        "grade": station.grade,
        "grade_year": station.grade_year,
        "stars": station.stars,
        "stars_year": station.stars_year,
        "provincial_star_year": station.provincial_star_year,
        "insurance": _insurance(station, today),
        "certified_staff_count": certified_staff_count(station, today),
        "contracts": list(station.contracts.all()),
        "insurance_policies": list(station.insurance_policies.all()),
    }
