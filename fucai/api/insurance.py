"""Liability insurance (责任险) policies in force, for the caller's data scope."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from fucai.core import roles
from fucai.core.money import fen_to_yuan
from fucai.stations.selectors.insurance import policies_in_force

from .errors import Offset

router = Router(tags=["insurance"])


class InsuranceFilters(Schema):
    expiring_days: int | None = Field(
        None, ge=0, le=366, description="Only policies ending within this many days."
    )
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class PolicyItem(BaseModel):
    station_code: str
    station_name: str
    insurer: str
    policy_number: str
    coverage_yuan: Decimal
    coverage_fen: int
    premium_fen: int
    starts_on: datetime.date
    ends_on: datetime.date
    days_left: int


class PolicyList(Schema):
    count: int
    items: list[PolicyItem]


FIELDS = (
    *("station__code", "station__name", "insurer", "policy_number", "coverage_fen"),
    *("premium_fen", "starts_on", "ends_on"),
)


@router.get("/insurance", response=PolicyList)
def list_insurance(request, filters: Query[InsuranceFilters]):
    """Policies of active stations in force today, soonest end first; with
    ``expiring_days``, those ending within that many days."""
    if not roles.has_permission(request.user, roles.VIEW_STATION):
        raise PermissionDenied
    today = timezone.localdate()
    policies = policies_in_force(request.user, expiring_days=filters.expiring_days, on=today)
    offset, limit = filters.offset, filters.limit
    page = policies.values_list(*FIELDS)[offset : offset + limit]
    return {
        "count": policies.count(),
        "items": [
            {
                "station_code": code,
                "station_name": name,
                "insurer": insurer,
                "policy_number": number,
                "coverage_yuan": fen_to_yuan(coverage),
                "coverage_fen": coverage,
                "premium_fen": premium,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "days_left": (ends_on - today).days,
            }
            for code, name, insurer, number, coverage, premium, starts_on, ends_on in page
        ],
    }
