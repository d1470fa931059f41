"""The station owner's portal as JSON: the caller's stations (an owner's own; the center
and the districts, who may read owners' pages, those in their scope) and one month's
commission statement of a station."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from fucai.core import roles
from fucai.mystation import selectors, statements
from fucai.stations.models import Station

from .errors import Code, Offset

router = Router(tags=["my stations"])


class MyStationFilters(Schema):
    q: str | None = Field(None, max_length=50, description="Code prefix or part of the name.")
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class MyStationItem(BaseModel):
    code: str
    name: str
    region: str
    region_name: str
    status: str
    status_label: str
    grade: str
    stars: int


class MyStationList(Schema):
    count: int
    items: list[MyStationItem]


class CommissionStatementQuery(Schema):
    month: str = Field(..., pattern=r"^[0-9]{4}-[0-9]{2}$", description="YYYY-MM")


class CommissionRateOut(BaseModel):
    effective_from: datetime.date = Field(description="The day the rate took effect.")
    applies_from: datetime.date = Field(description="The first day of the month it applied.")
    commission_pct: Decimal = Field(description="Commission, percent of sales.")
    issuance_pct: Decimal = Field(description="Issuance fee, percent of sales.")


class CommissionLineOut(BaseModel):
    game_code: str
    game_name: str
    sales_fen: int
    issuance_fen: int
    commission_fen: int
    days: int
    rates: list[CommissionRateOut]


class CommissionStatementOut(BaseModel):
    station_code: str
    station_name: str
    owner_name: str
    month: str = Field(description="YYYY-MM")
    generated_on: datetime.date
    lines: list[CommissionLineOut]
    sales_fen: int
    issuance_fen: int
    commission_fen: int


def _require_reader(request) -> None:
    if not roles.has_permission(request.user, roles.VIEW_OWNER_PAGES):
        raise PermissionDenied


@router.get("/stations", response=MyStationList)
def list_my_stations(request, filters: Query[MyStationFilters]):
    """The stations whose owner's pages the caller may read, by code: an owner's own."""
    _require_reader(request)
    stations = Station.objects.visible_to(request.user).select_related("region")
    if filters.q:
        stations = stations.filter(Q(code__startswith=filters.q) | Q(name__contains=filters.q))
    stations = stations.order_by("code")
    page = stations[filters.offset : filters.offset + filters.limit]
    return {
        "count": stations.count(),
        "items": [
            {
                "code": s.code,
                "name": s.name,
                "region": s.region.code,
                "region_name": s.region.name,
                "status": s.status,
                "status_label": str(s.get_status_display()),
                "grade": s.grade,
                "stars": s.stars,
            }
            for s in page
        ],
    }


@router.get("/stations/{code}/commission", response=CommissionStatementOut)
def get_commission_statement(request, code: Path[Code], query: Query[CommissionStatementQuery]):
    """One month's commission statement of a station: per game the sales, the issuance
    fee, the commission rates in force that month (each with the day it took effect)
    and the commission, in fen, as the monthly rollup computed them at each day's rate.
    404 for a station outside the caller's scope or a month without sales; 422 for a
    month that is not YYYY-MM."""
    _require_reader(request)
    station = selectors.station_for(request.user, code)
    try:
        month = statements.parse_month(query.month)
    except ValueError as error:
        raise HttpError(422, str(error)) from None
    try:
        statement = statements.statement(request.user, station, month, timezone.localdate())
    except statements.NoSales as error:
        raise HttpError(404, str(error)) from None
    return {
        "station_code": station.code,
        "station_name": station.name,
        "owner_name": statement.owner_name,
        "month": statement.month_label,
        "generated_on": statement.generated_on,
        "lines": [
            {
                "game_code": line.game_code,
                "game_name": line.game_name,
                "sales_fen": line.sales_fen,
                "issuance_fen": line.issuance_fen,
                "commission_fen": line.commission_fen,
                "days": line.days,
                "rates": [rate.__dict__ for rate in line.rates],
            }
            for line in statement.lines
        ],
        "sales_fen": statement.sales_fen,
        "issuance_fen": statement.issuance_fen,
        "commission_fen": statement.commission_fen,
    }
