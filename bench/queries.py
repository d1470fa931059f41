"""The dashboard and analytics queries the benchmark times, exactly as the pages run
them (fucai.sales.selectors), for the center's leadership (the widest scope) and for a
district branch user."""

from fucai.core.models import Region, User
from fucai.sales import selectors


def context(year: int) -> dict:
    leader = User.objects.filter(role="leadership").first()
    branch = User.objects.filter(role="branch_staff").first()
    period = selectors.Period(year)
    return {
        "leader": leader,
        "branch": branch,
        "period": period,
        "lucheng": Region.objects.get(code="330302"),
    }


def _city(ctx):
    return selectors.rollups(ctx["leader"])


QUERIES = {
    "overview_totals": lambda ctx: selectors.totals(_city(ctx), ctx["period"]),
    "overview_by_month": lambda ctx: selectors.by_month(_city(ctx), ctx["period"]),
    "overview_breakdown": lambda ctx: selectors.Breakdown(_city(ctx), ctx["period"]).totals(),
    "welfare_by_district": lambda ctx: selectors.Breakdown(_city(ctx), ctx["period"]).by_region(),
    "ranking_top20": lambda ctx: selectors.ranking(_city(ctx), ctx["period"], "top", 20),
    "ranking_growth20": lambda ctx: selectors.ranking(_city(ctx), ctx["period"], "growth", 20),
    "branch_overview": lambda ctx: selectors.totals(
        selectors.rollups(ctx["branch"]), ctx["period"]
    ),
    "district_filter": lambda ctx: selectors.by_month(
        selectors.rollups(ctx["leader"], selectors.Filters(region=ctx["lucheng"])), ctx["period"]
    ),
}
