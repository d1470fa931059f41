"""Headline figures compared like with like.

A year in progress is compared with the same *days* of last year: the months before
the latest one come from the monthly rollup (both years), and when the latest month
with data is not complete (sales known up to the 15th, say) last year's figure of that
month is replaced by last year's sales of its first 15 days, read from the daily facts
(one month of rows at most) and split at each day's rate.

Every KPI carries the period it covers (``period_label``: "1–11月") and the date the
data reach (``until``: "数据截至 2019-12-31").
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import SalesDay
from .rates import RateBook
from .selectors import AMOUNTS, Filters, Period, Rollups, growth
from .split import split_sales


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def same_day_last_year(day: datetime.date) -> datetime.date:
    """The same calendar day one year earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _days(user, filters: Filters):
    days = SalesDay.objects.visible_to(user)
    if filters.region is not None:
        days = days.filter(station__region=filters.region)
    if filters.kind:
        days = days.filter(station__kind=filters.kind)
    if filters.game is not None:
        days = days.filter(game=filters.game)
    return days


def data_until(user, filters: Filters | None = None) -> datetime.date | None:
    """The last day with sales in the user's scope (and the page's filters): the latest
    month from the rollup, then its last day from the daily facts of that month only.
    Without daily facts (rollups loaded on their own) the month counts as complete."""
    filters = filters or Filters()
    last = selectors.latest_month(user)
    if last is None:
        return None
    end = month_end(last)
    day = _days(user, filters).filter(date__gte=last, date__lte=end).aggregate(d=Max("date"))["d"]
    return day or end


def period_label(period: Period) -> str:
    """ "1–11月", "3月", or "全年" for a whole year, with the year: "2019年 1–11月"."""
    if period.is_whole_year:
        return str(_("%(year)d full year") % {"year": period.year})
    if period.month_from == period.month_to:
        return str(_("%(year)d, month %(m)d") % {"year": period.year, "m": period.month_from})
    return str(
        _("%(year)d, months %(a)d–%(b)d")
        % {"year": period.year, "a": period.month_from, "b": period.month_to}
    )


def _partial_month_last_year(user, filters: Filters, first: datetime.date, last: datetime.date):
    """Each amount of last year's ``first``..``last`` (days of one month), split at each
    day's rate per game and day (two queries: the sums and the rates)."""
    rows = list(
        _days(user, filters)
        .filter(date__gte=first, date__lte=last)
        .values("game_id", "date")
        .annotate(total=Sum("sales_fen"))
        .order_by()
    )
    book = RateBook.load({row["game_id"] for row in rows})
    amounts = dict.fromkeys(AMOUNTS, 0)
    for row in rows:
        amounts["sales_fen"] += row["total"] or 0
        rate = book.rate_on(row["game_id"], row["date"])
        if rate is None:
            continue
        split = split_sales(row["total"] or 0, rate)
        for name in ("prize_fen", "issuance_fen", "welfare_fen", "commission_fen"):
            amounts[name] += getattr(split, name)
    return amounts


@dataclass
class Comparison:
    """The totals of a period against the same days of last year."""

    period: Period
    until: datetime.date | None
    totals: dict
    like_days: bool  # True when last year's figures were cut to the same days

    @property
    def label(self) -> str:
        return period_label(self.period)


_UNKNOWN = object()


def compare(
    user,
    period: Period,
    filters: Filters | None = None,
    totals: dict | None = None,
    until=_UNKNOWN,
) -> Comparison:
    """``selectors.totals`` of the period (or the ``totals`` a page already has), with
    last year's figures cut to the same days when the data stop inside the period (in
    a month not yet complete, or before the period's last month)."""
    filters = filters or Filters()
    source = Rollups(user, filters)
    totals = dict(totals) if totals is not None else selectors.totals(source, period)
    if until is _UNKNOWN:
        until = data_until(user, filters)
    like_days = False
    last_day = period.end - datetime.timedelta(days=1)
    if until is not None and until.year == period.year and period.start <= until < last_day:
        # The data stop inside the period: last year counts only up to the same day.
        if until.month < period.month_to:
            # Months asked for beyond the data: last year's stop at the data's month.
            known = selectors.totals(source, Period(period.year, period.month_from, until.month))
            for name in AMOUNTS:
                totals[f"last_{name}"] = known[f"last_{name}"]
        if until != month_end(until):
            month = Period(period.year, until.month, until.month)
            whole = selectors.totals(source, month)
            first = datetime.date(period.year - 1, until.month, 1)
            part = _partial_month_last_year(user, filters, first, same_day_last_year(until))
            for name in AMOUNTS:
                totals[f"last_{name}"] += part[name] - whole[f"last_{name}"]
        for name in AMOUNTS:
            totals[f"yoy_{name}"] = growth(totals[name], totals[f"last_{name}"])
        like_days = True
    if until is not None and until > last_day:
        until = last_day
    return Comparison(period=period, until=until, totals=totals, like_days=like_days)


def latest(user) -> Comparison:
    """The latest year with data up to its last day, against the same days of last year
    (the home page's KPIs)."""
    until = data_until(user)
    if until is None:
        return compare(user, selectors.default_period(user), until=None)
    return compare(user, Period(until.year, 1, until.month), until=until)
