"""Daily figures, read from the daily facts for short ranges only."""

import datetime

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from ..models import SalesDay
from .common import Filters

MAX_DAILY_RANGE = 93  # days; longer ranges read the monthly rollup


class RangeTooLong(ValueError):
    pass


def days_of(user, filters: Filters | None = None) -> QuerySet:
    """The daily facts ``user`` may see, narrowed by the page's filters."""
    days = SalesDay.objects.visible_to(user)
    filters = filters or Filters()
    if filters.region is not None:
        days = days.filter(station__region=filters.region)
    if filters.kind:
        days = days.filter(station__kind=filters.kind)
    if filters.game is not None:
        days = days.filter(game=filters.game)
    return days


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
    queryset = days_of(user, filters).filter(date__gte=start, date__lte=end)
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
