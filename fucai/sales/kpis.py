"""Headline figures compared like with like.

A year in progress is compared with the same *days* of last year: when the latest month
with data is not complete (sales known up to the 15th, say), last year's figures stop at
its 15th too. The selectors do the cutting (``selectors.likedays``); this module adds
what every KPI card shows: the period it covers (``period_label``: "1–11月") and the day
the data reach (``until``: "数据截至 2019-12-31").
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import selectors
from .selectors import Filters, Period, Rollups
from .selectors.likedays import cut, data_until, month_end, same_day_last_year, until_for

__all__ = [
    "Comparison",
    "Period",
    "compare",
    "data_until",
    "latest",
    "month_end",
    "period_label",
    "same_day_last_year",
]


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
    """``selectors.totals`` of the period (or the ``totals`` a page already has from the
    same selectors), which compare last year up to the same day the data reach, with
    that day (within the period) and whether last year was cut."""
    source = Rollups(user, filters or Filters())
    if totals is None:
        totals = selectors.totals(source, period)
    if until is _UNKNOWN:
        until = until_for(source)
    last_day = period.end - datetime.timedelta(days=1)
    like_days = cut(period, until) is not None
    if until is not None and until > last_day:
        until = last_day
    return Comparison(period=period, until=until, totals=dict(totals), like_days=like_days)


def latest(user) -> Comparison:
    """The latest year with data up to its last day, against the same days of last year
    (the home page's KPIs)."""
    until = until_for(Rollups(user))
    if until is None:
        return compare(user, selectors.default_period(user), until=None)
    return compare(user, Period(until.year, 1, until.month), until=until)
