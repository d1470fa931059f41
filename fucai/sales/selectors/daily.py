"""Daily figures, read from the daily facts for short ranges only."""

import datetime

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from ..models import SalesDay
from .common import Filters

MAX_DAILY_RANGE = 93  # days; longer ranges read the monthly rollup


class RangeTooLong(ValueError):
    pass


def by_day(
    user, start: datetime.date, end: datetime.date, filters: Filters | None = None
) -> list[dict]:
    """Daily sales from the daily facts, for ranges up to MAX_DAILY_RANGE days
    (inclusive ``start``..``end``): one query."""
    days = (end - start).days + 1
    if days < 1:
        raise RangeTooLong(_("The end date is before the start date."))
    if days > MAX_DAILY_RANGE:
        raise RangeTooLong(
            _(
                "Daily figures cover at most %(max)d days; choose a shorter range or use "
                "the monthly overview."
            )
            % {"max": MAX_DAILY_RANGE}
        )
    queryset = SalesDay.objects.visible_to(user).filter(date__gte=start, date__lte=end)
    filters = filters or Filters()
    if filters.region is not None:
        queryset = queryset.filter(station__region=filters.region)
    if filters.kind:
        queryset = queryset.filter(station__kind=filters.kind)
    if filters.game is not None:
        queryset = queryset.filter(game=filters.game)
    rows = {
        row["date"]: row
        for row in queryset.values("date")
        .annotate(sales=Sum("sales_fen"), tickets=Sum("tickets"))
        .order_by()
    }
    return [
        {
            "date": start + datetime.timedelta(days=n),
            "sales_fen": (rows.get(start + datetime.timedelta(days=n)) or {}).get("sales") or 0,
            "tickets": (rows.get(start + datetime.timedelta(days=n)) or {}).get("tickets") or 0,
        }
        for n in range(days)
    ]
