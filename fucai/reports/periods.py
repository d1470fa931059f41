"""A report's period — a year (the annual report) or a month (the month report) — and
the periods a user can ask for: those with sales in their scope."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fucai.sales.selectors import Period, month_span

ANNUAL, MONTHLY = "annual", "monthly"
KINDS = (ANNUAL, MONTHLY)
_KEY = {ANNUAL: re.compile(r"(\d{4})"), MONTHLY: re.compile(r"(\d{4})-(\d{2})")}


class BadPeriod(ValueError):
    """The period asked for is malformed or has no data; the message says which."""


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    year: int
    month: int | None = None

    @classmethod
    def parse(cls, kind: str, key: str) -> ReportPeriod:
        """``("annual", "2019")`` or ``("monthly", "2019-12")``; BadPeriod otherwise."""
        pattern = _KEY.get(kind)
        match = pattern.fullmatch(key or "") if pattern else None
        if match is None:
            raise BadPeriod(_("Unknown report period %(key)s.") % {"key": key})
        year = int(match.group(1))
        month = int(match.group(2)) if kind == MONTHLY else None
        if not 2000 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
            raise BadPeriod(_("Unknown report period %(key)s.") % {"key": key})
        return cls(kind, year, month)

    @property
    def key(self) -> str:
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def sales_period(self) -> Period:
        if self.month is None:
            return Period(self.year)
        return Period(self.year, self.month, self.month)

    @property
    def start(self) -> datetime.date:
        return self.sales_period.start

    @property
    def last_day(self) -> datetime.date:
        return self.sales_period.end - datetime.timedelta(days=1)

    @property
    def title(self) -> str:
        if self.month is None:
            return _("Annual report %(year)s") % {"year": self.year}
        return _("Monthly report %(year)s-%(month)02d") % {"year": self.year, "month": self.month}


def available(user) -> dict[str, list[ReportPeriod]]:
    """The years and months with sales in ``user``'s scope, newest first (one query,
    cached with the sales figures)."""
    first, last = month_span(user)
    if first is None or last is None:
        return {ANNUAL: [], MONTHLY: []}
    years = [ReportPeriod(ANNUAL, y) for y in range(last.year, first.year - 1, -1)]
    months = []
    month = last
    while month >= first:
        months.append(ReportPeriod(MONTHLY, month.year, month.month))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return {ANNUAL: years, MONTHLY: months}


def require_available(user, period: ReportPeriod) -> None:
    periods = available(user)[period.kind]
    if period not in periods:
        raise BadPeriod(
            _("There are no data for %(period)s in your scope.") % {"period": period.key}
        )
