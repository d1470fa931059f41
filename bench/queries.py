"""The dashboard and analytics queries the benchmark times, as the pages run them."""

from django.db.models import Sum

from fucai.core.models import User
from fucai.sales.models import SalesMonth


def context(year: int) -> dict:
    leader = User.objects.filter(role="leadership").first()
    return {"user": leader, "year": year}


def _months(ctx):
    return SalesMonth.objects.visible_to(ctx["user"]).filter(month__year=ctx["year"])


QUERIES = {
    "year_totals": lambda ctx: _months(ctx).aggregate(s=Sum("sales_fen"), w=Sum("welfare_fen")),
    "by_month": lambda ctx: list(_months(ctx).values("month").annotate(s=Sum("sales_fen"))),
    "by_game": lambda ctx: list(_months(ctx).values("game").annotate(s=Sum("sales_fen"))),
    "by_district": lambda ctx: list(
        _months(ctx).values("station__region").annotate(s=Sum("sales_fen"))
    ),
    "top_stations": lambda ctx: list(
        _months(ctx).values("station").annotate(s=Sum("sales_fen")).order_by("-s")[:20]
    ),
}
