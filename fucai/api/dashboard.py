"""Dashboard API, mounted at /api/dashboard: every figure of the big screen in one
payload with its data time, within the caller's data scope; ``region`` drills down to
one district of it (a district outside the scope, or an unknown code, is a 404).

Amounts are integer fen; growth rates are percentages as decimal strings ("12.3", null
without a base). The sales figures cover the year to date up to ``data_until`` (the last
day with sales) against the same days of last year.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from ninja import Field, Query, Router, Schema

from fucai.core import roles
from fucai.dashboard.screen.selectors import screen_payload
from fucai.dashboard.screen.views import drilled_region

router = Router(tags=["dashboard"])


class ScreenQuery(Schema):
    region: str | None = Field(None, pattern=r"^\d{6}$", description="A district's code.")


class ScreenRegionRef(Schema):
    code: str
    name: str


class ScreenRegion(ScreenRegionRef):
    feature: str = Field(description="The map shape the district is drawn in.")


class ScreenSalesKpis(Schema):
    sales_fen: int
    last_sales_fen: int = Field(description="The same days of last year.")
    yoy_sales_pct: str | None
    welfare_fen: int = Field(description="Welfare fund raised, computed from sales.")
    last_welfare_fen: int
    yoy_welfare_pct: str | None


class ScreenDailySales(Schema):
    labels: list[str] = Field(description="MM-DD of each of the last 30 days with data.")
    sales_fen: list[int]
    last_sales_fen: list[int] = Field(description="The same days one year earlier.")


class ScreenGameShare(Schema):
    code: str
    name: str
    sales_fen: int


class ScreenRankingItem(Schema):
    code: str
    name: str
    sales_fen: int
    yoy_pct: str | None


class ScreenRanking(Schema):
    level: str = Field(description="`district`, or `station` within one district.")
    items: list[ScreenRankingItem]


class ScreenDistrictValue(Schema):
    name: str = Field(description="The map shape.")
    sales_fen: int


class ScreenSales(Schema):
    year: int
    period_label: str
    kpis: ScreenSalesKpis
    daily: ScreenDailySales
    games: list[ScreenGameShare]
    ranking: ScreenRanking
    districts: list[ScreenDistrictValue]


class ScreenKindCount(Schema):
    kind: str
    name: str
    count: int


class ScreenStations(Schema):
    active: int
    starred: int
    provincial: int
    by_kind: list[ScreenKindCount]
    points: list[tuple[int, str, str, str, int, float, float, bool]] = Field(
        description="Active stations: [id, code, name, kind, stars, longitude, latitude, "
        "has cameras the user may watch]."
    )


class ScreenWelfare(Schema):
    year: int
    city_wide: bool
    raised_fen: int
    allocated_fen: int
    spent_fen: int


class ScreenCharity(Schema):
    year: int
    activities: int
    beneficiaries: int
    spent_fen: int


class ScreenRectifications(Schema):
    open: int
    overdue: int


class ScreenAlertItem(Schema):
    title: str
    severity: str
    severity_label: str
    status: str
    district: str
    station: str
    raised_at: str


class ScreenAlerts(Schema):
    open: int
    acknowledged: int
    critical: int
    items: list[ScreenAlertItem]


class Screen(Schema):
    generated_at: str
    data_until: str | None = Field(description="The last day with sales: the data time.")
    last_import_at: str | None = Field(description="When the newest sales import finished.")
    stale: bool = Field(description="No import for longer than `stale_after_hours`.")
    stale_after_hours: int
    region: ScreenRegionRef | None = Field(description="The district drilled into, if any.")
    regions: list[ScreenRegion]
    camera_url: str | None = Field(
        description="A station's camera page with `{id}` for its id (null: no access)."
    )
    sales: ScreenSales | None = Field(description="Null without sales access or data.")
    stations: ScreenStations
    welfare: ScreenWelfare | None
    charity: ScreenCharity | None
    rectifications: ScreenRectifications | None
    alerts: ScreenAlerts | None


@router.get("/screen", response=Screen)
def dashboard_screen(request, query: Query[ScreenQuery]):
    """All the big screen's figures in one payload, with its data time."""
    if not roles.has_permission(request.user, roles.VIEW_SCREEN):
        raise PermissionDenied
    payload = screen_payload(request.user, drilled_region(request.user, query.region))
    # Already JSON types, and checked against ``Screen`` by the tests: validating the
    # ~1,300 station rows on every refresh would cost more than computing the payload.
    return JsonResponse(payload)
