"""Comparing like with like when the data stop inside the period.

Sales arrive day by day, so the latest month is usually incomplete: with sales known up
to 15 November, November 2019 must be compared with 1–15 November 2018, not with the
whole month, and a period asked for up to December stops at 15 November on both sides.
``cut_for`` says where last year's side stops (a ``Cut``); the selectors then read last
year's whole months from the rollup as before and the days of its incomplete month from
the daily facts (``last_year_days``: one month of rows at most, split at each day's
rate). A period the data cover entirely has no cut and reads as before.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, Sum

from ..rates import RateBook
from ..split import split_sales
from .common import AMOUNTS, Filters, Period
from .daily import days_of
from .sources import Rollups, latest_month

# A rollup condition no row meets: last year has no whole month to compare.
_NOTHING = datetime.date(1, 1, 1)
_DAY = datetime.timedelta(days=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def same_day_last_year(day: datetime.date) -> datetime.date:
    """The same calendar day one year earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def data_until(user, filters: Filters | None = None) -> datetime.date | None:
    """The last day with sales in the user's scope: the latest month from the rollup,
    then its last day from the daily facts of that month only. Without daily facts
    (rollups loaded on their own) the month counts as complete.

    The page's filters do not move it: it is how far the imports reach, and a district
    or a game that sold nothing on the last days has not stopped earlier (``filters``
    is accepted for the callers' convenience and ignored)."""
    last = latest_month(user)
    if last is None:
        return None
    end = month_end(last)
    days = days_of(user).filter(date__gte=last, date__lte=end)
    return days.aggregate(d=Max("date"))["d"] or end


@dataclass(frozen=True)
class Cut:
    """Last year's side of a period whose data stop at ``until``: its whole ``months``
    (None if there are none) from the rollup, and the ``days`` (first, last) of its
    incomplete month from the daily facts (None when ``until`` ends a month)."""

    until: datetime.date
    months: Period | None
    days: tuple[datetime.date, datetime.date] | None

    @property
    def last_year_until(self) -> datetime.date:
        """The last day of last year that is compared."""
        return self.days[1] if self.days else self.months.end - _DAY

    def last_q(self, field: str = "month") -> Q:
        """Last year's rows of a monthly rollup that are compared whole."""
        if self.months is None:
            return Q(**{f"{field}__lt": _NOTHING})
        return self.months.q(field)


def cut(period: Period, until: datetime.date | None) -> Cut | None:
    """Where last year's side of ``period`` stops when the data stop at ``until`` inside
    it; None when the data cover the period (or stop before it, or in another year)."""
    if until is None or until.year != period.year:
        return None
    if not period.start <= until < period.end - _DAY:
        return None
    partial = until != month_end(until)
    whole_to = until.month - 1 if partial else until.month
    return Cut(
        until=until,
        months=Period(period.year - 1, period.month_from, whole_to)
        if whole_to >= period.month_from
        else None,
        days=(until.replace(year=period.year - 1, day=1), same_day_last_year(until))
        if partial
        else None,
    )


def until_for(source: Rollups) -> datetime.date | None:
    """``data_until`` for ``source``'s user, cached with the figures."""
    return source.cached("until", lambda: data_until(source.user))


def cut_for(source: Rollups, period: Period) -> Cut | None:
    """``cut`` of ``period`` at the day the data reach for ``source``'s user."""
    return cut(period, until_for(source))


def last_year_days(
    source: Rollups, days: tuple[datetime.date, datetime.date], group: tuple[str, ...] = ()
) -> dict[tuple, dict[str, int]]:
    """Each amount of the daily facts of ``days`` (first, last), per ``group`` of
    ``SalesDay`` lookups ("game", "station__region", ...): the sales summed in SQL per
    group, game and day, and split here at each day's rate (two queries)."""
    rows = list(
        days_of(source.user, source.filters)
        .filter(date__gte=days[0], date__lte=days[1])
        .values(*group, "game_id", "date")
        .annotate(total=Sum("sales_fen"))
        .order_by()
    )
    book = RateBook.load({row["game_id"] for row in rows})
    result: dict[tuple, dict[str, int]] = {}
    for row in rows:
        amounts = result.setdefault(tuple(row[name] for name in group), dict.fromkeys(AMOUNTS, 0))
        total = row["total"] or 0
        amounts["sales_fen"] += total
        rate = book.rate_on(row["game_id"], row["date"])
        if rate is None:
            continue
        split = split_sales(total, rate)
        for name in ("prize_fen", "issuance_fen", "welfare_fen", "commission_fen"):
            amounts[name] += getattr(split, name)
    return result


def last_year_station_sales(
    source: Rollups, days: tuple[datetime.date, datetime.date]
) -> dict[int, int]:
    """{station id: sales} of the daily facts of ``days``: one query, summed in SQL."""
    rows = (
        days_of(source.user, source.filters)
        .filter(date__gte=days[0], date__lte=days[1])
        .values("station_id")
        .annotate(total=Sum("sales_fen"))
        .order_by()
    )
    return {row["station_id"]: row["total"] or 0 for row in rows}
