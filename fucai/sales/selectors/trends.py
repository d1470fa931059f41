"""Totals and their trend: the period's totals against last year, one row per month
(YoY and MoM), one row per year."""

import datetime

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from .common import AMOUNTS, Period, growth
from .likedays import Cut, cut_for, last_year_days
from .sources import Rollups


def _this_and_last(this: Q, last: Q) -> dict:
    """Conditional sums: each amount this year and for last year's compared months."""
    sums = {}
    for name in AMOUNTS:
        # Aliases may not shadow the model's fields; _with_growth renames them back.
        sums[f"cur_{name}"] = Coalesce(Sum(name, filter=this), 0)
        sums[f"last_{name}"] = Coalesce(Sum(name, filter=last), 0)
    return sums


def compared_months(period: Period, cut: Cut | None) -> tuple[Q, Q]:
    """The rollup conditions of the period and of last year's months compared whole:
    the same months, or up to the cut (whose incomplete month the caller reads from
    the daily facts)."""
    return period.q(), period.previous.q() if cut is None else cut.last_q()


def _with_growth(row: dict) -> dict:
    for name in AMOUNTS:
        row[name] = row.pop(f"cur_{name}")
        row[f"yoy_{name}"] = growth(row[name], row[f"last_{name}"])
    return row


def totals(source: Rollups, period: Period) -> dict:
    """Sales, welfare fund, prize fund, issuance fee and commission for the period, the
    same for last year — up to the same day when the data stop inside the period
    (``likedays``) — and the growth of each: one query, three with an incomplete month
    (cached)."""

    def read():
        cut = cut_for(source, period)
        this, last = compared_months(period, cut)
        row = source.totals().queryset.filter(this | last).aggregate(**_this_and_last(this, last))
        if cut is not None and cut.days is not None:
            part = last_year_days(source, cut.days).get((), {})
            for name in AMOUNTS:
                row[f"last_{name}"] += part.get(name, 0)
        return _with_growth(row)

    return source.cached("totals", read, period)


def by_month(source: Rollups, period: Period) -> list[dict]:
    """One row per month of the period with last year's figure (YoY) and the previous
    month's (MoM; the month before the period is read too): one query (cached). When
    the data stop inside the period, the month they stop in is compared with the same
    days of last year (its row says until which day: ``until``) and the months after it
    have no growth."""
    return source.cached("by_month", lambda: _by_month(source, period), period)


def _by_month(source: Rollups, period: Period) -> list[dict]:
    queryset = source.totals().queryset
    before = period.start - datetime.timedelta(days=1)
    window = Q(month__gte=period.previous.start, month__lt=period.previous.end) | Q(
        month__gte=before.replace(day=1), month__lt=period.end
    )
    rows = {
        row["month"]: row
        for row in queryset.filter(window)
        .values("month")
        .annotate(**{f"total_{name}": Sum(name) for name in AMOUNTS})
        .order_by()
    }
    cut = cut_for(source, period)
    if cut is not None and cut.days is not None:
        # The incomplete month's row of last year: its same days only.
        part = last_year_days(source, cut.days).get((), dict.fromkeys(AMOUNTS, 0))
        rows[cut.days[0]] = {f"total_{name}": part[name] for name in AMOUNTS}
    result = []
    for month in period.months:
        row = rows.get(month, {})
        last = rows.get(month.replace(year=month.year - 1), {})
        prior = rows.get((month - datetime.timedelta(days=1)).replace(day=1), {})
        item = {"month": month, "label": month.strftime("%Y-%m")}  # |date costs 30 µs
        for name in AMOUNTS:
            item[name] = row.get(f"total_{name}") or 0
            item[f"last_{name}"] = last.get(f"total_{name}") or 0
        item["until"] = None
        if cut is not None and month > cut.until:
            # No data yet: nothing to compare (last year's figure is still shown).
            item["yoy_sales_fen"] = item["yoy_welfare_fen"] = item["mom_sales_fen"] = None
        else:
            item["yoy_sales_fen"] = growth(item["sales_fen"], item["last_sales_fen"])
            item["yoy_welfare_fen"] = growth(item["welfare_fen"], item["last_welfare_fen"])
            item["mom_sales_fen"] = growth(item["sales_fen"], prior.get("total_sales_fen"))
            if cut is not None and cut.days is not None and month == cut.until.replace(day=1):
                item["until"] = cut.until
                item["mom_sales_fen"] = None  # part of a month against a whole one
        result.append(item)
    return result


def by_year(source: Rollups) -> list[dict]:
    """Every year with data, oldest first, with growth on the year before: one query
    (cached)."""
    return source.cached("by_year", lambda: _by_year(source))


def _by_year(source: Rollups) -> list[dict]:
    queryset = source.totals().queryset
    rows = [
        {"year": row.pop("year"), **{name: row[f"total_{name}"] for name in AMOUNTS}}
        for row in queryset.annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(**{f"total_{name}": Sum(name) for name in AMOUNTS})
        .order_by("year")
    ]
    previous = None
    for row in rows:
        row["yoy_sales_fen"] = growth(row["sales_fen"], previous and previous["sales_fen"])
        row["yoy_welfare_fen"] = growth(row["welfare_fen"], previous and previous["welfare_fen"])
        previous = row
    return rows
