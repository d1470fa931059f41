"""Marketing over JSON: campaigns with their measured lift and its interval."""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from fucai.core import roles
from fucai.marketing.choices import CampaignKind, CampaignStatus
from fucai.marketing.selectors import campaigns_for

from .errors import Offset

router = Router(tags=["marketing"])

Limit = Annotated[int, Field(ge=1, le=500)]


class CampaignFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: CampaignStatus | None = None
    kind: CampaignKind | None = None
    limit: Limit = 100
    offset: Offset = 0


class LiftOut(Schema):
    estimate: float = Field(description="Relative lift in percent (8.2 for +8.2%).")
    low: float = Field(description="Lower bound of the 95% interval, percent.")
    high: float = Field(description="Upper bound of the 95% interval, percent.")
    unit: str = Field(description="Always `percent`.")
    weeks: int = Field(description="Campaign weeks measured.")
    controls: int = Field(description="Distinct matched control stations.")
    matched: int = Field(description="Participating stations with matched controls.")
    through: datetime.date = Field(description="Last day of sales data measured.")
    method: str = Field(
        description="`matched-did-bootstrap`: nearest-neighbour controls of the same "
        "district, kind and class; difference-in-differences of log daily sales; "
        "cluster bootstrap over participants (fixed seed)."
    )


class CampaignItem(Schema):
    id: int
    name: str
    kind: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    regions: list[str]
    games: list[str]
    stations: int
    budget_fen: int
    lift: LiftOut | None = Field(description="Null when no claim is made; see lift_reason.")
    lift_reason: str | None = Field(
        description="Why there is no lift: not_measured, too_few_controls, "
        "no_participants, no_sales_data, not_started."
    )
    lift_computed_at: datetime.datetime | None


class CampaignList(Schema):
    count: int
    items: list[CampaignItem]


def _lift(campaign) -> tuple[dict | None, str | None]:
    result = campaign.lift
    if not result:
        return None, "not_measured"
    if result.get("estimate") is None:
        return None, result.get("reason") or "not_measured"
    keys = ("estimate", "low", "high", "unit", "weeks", "controls", "matched", "through", "method")
    return {k: result[k] for k in keys}, None


@router.get("/campaigns", response=CampaignList)
def list_campaigns(request, filters: Query[CampaignFilters]):
    """Campaigns in the caller's scope, newest first, each with its measured lift and
    95% interval (or null with the reason no claim is made)."""
    if not roles.has_permission(request.auth, roles.VIEW_MARKETING):
        raise PermissionDenied
    queryset = campaigns_for(request.auth)
    if filters.year:
        queryset = queryset.filter(starts_on__year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    queryset = queryset.order_by("-starts_on", "-pk")
    items = []
    for campaign in queryset[filters.offset : filters.offset + filters.limit]:
        lift, reason = _lift(campaign)
        items.append(
            {
                "id": campaign.pk,
                "name": campaign.name,
                "kind": campaign.kind,
                "status": campaign.status,
                "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
                "regions": [r.code for r in campaign.regions.all()],
                "games": [g.code for g in campaign.games.all()],
                "stations": campaign.station_count,
                "budget_fen": campaign.budget_fen,
                "lift": lift,
                "lift_reason": reason,
                "lift_computed_at": campaign.lift_computed_at,
            }
        )
    return {"count": queryset.count(), "items": items}
