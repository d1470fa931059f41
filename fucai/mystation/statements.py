"""A station's monthly commission statement (代销费结算单).

The commission is paid out of the issuance fee at the commission rate in force on each
day of sale (``SplitRate.commission_pct``, dated). The amounts are those of the monthly
rollup (``SalesMonth``), which every import computes day by day at that day's rate, so a
rate change in mid-month is honoured and nothing is recomputed here: the statement
shows the rollup's integer fen and the rates that were in force, each with its date.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fucai.sales.models import SalesMonth, SplitRate
from fucai.sales.selectors.likedays import month_end

NO_SALES = _("There were no sales at this station in this month: no commission statement.")
BAD_MONTH = _("Give the month as YYYY-MM, for example 2019-03.")


class NoSales(Http404):
    """A month without sales (or not a month) has no statement: a 404 that says why."""


def parse_month(value: str) -> datetime.date:
    """``2019-03`` → 2019-03-01; ValueError for anything else."""
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return datetime.date(int(year), int(month), 1)
    except (ValueError, TypeError):
        raise ValueError(str(BAD_MONTH)) from None


@dataclass(frozen=True)
class RateInForce:
    effective_from: datetime.date
    commission_pct: Decimal
    issuance_pct: Decimal
    # The first day of the month this rate applied to (its start, or the 1st).
    applies_from: datetime.date


@dataclass
class Line:
    game_code: str
    game_name: str
    sales_fen: int
    issuance_fen: int
    commission_fen: int
    days: int
    rates: list[RateInForce] = field(default_factory=list)

    @property
    def rate_changed(self) -> bool:
        return len(self.rates) > 1


@dataclass
class Statement:
    station: object
    month: datetime.date
    lines: list[Line]
    generated_on: datetime.date

    @property
    def owner_name(self) -> str:
        owner = getattr(self.station, "owner", None)
        return owner.name if owner is not None else ""

    @property
    def sales_fen(self) -> int:
        return sum(line.sales_fen for line in self.lines)

    @property
    def issuance_fen(self) -> int:
        return sum(line.issuance_fen for line in self.lines)

    @property
    def commission_fen(self) -> int:
        return sum(line.commission_fen for line in self.lines)

    @property
    def month_label(self) -> str:
        return self.month.strftime("%Y-%m")


def rates_in_force(game_ids, month: datetime.date) -> dict[int, list[RateInForce]]:
    """{game id: the rates in force during ``month``}: the one in force on its first
    day and every one that started later in the month, oldest first (one query)."""
    last = month_end(month)
    by_game: dict[int, list[SplitRate]] = {}
    rates = SplitRate.objects.filter(game_id__in=list(game_ids), effective_from__lte=last)
    for rate in rates.order_by("game_id", "effective_from"):
        by_game.setdefault(rate.game_id, []).append(rate)
    result = {}
    for game_id, game_rates in by_game.items():
        before = [r for r in game_rates if r.effective_from <= month]
        during = [r for r in game_rates if r.effective_from > month]
        chosen = before[-1:] + during
        result[game_id] = [
            RateInForce(
                effective_from=r.effective_from,
                commission_pct=r.commission_pct,
                issuance_pct=r.issuance_pct,
                applies_from=max(r.effective_from, month),
            )
            for r in chosen
        ]
    return result


def months_with_sales(user, station) -> list[dict]:
    """The months the station sold something, newest first, with their totals."""
    return list(
        SalesMonth.objects.visible_to(user)
        .filter(station=station)
        .values("month")
        .annotate(
            sales_fen=Sum("sales_fen"),
            issuance_fen=Sum("issuance_fen"),
            commission_fen=Sum("commission_fen"),
        )
        .filter(sales_fen__gt=0)
        .order_by("-month")
    )


def statement(user, station, month: datetime.date, today: datetime.date) -> Statement:
    """The commission statement of ``station`` (already read through the user's scope)
    for ``month``; :class:`NoSales` when it sold nothing that month."""
    rows = list(
        SalesMonth.objects.visible_to(user)
        .filter(station=station, month=month)
        .filter(~Q(sales_fen=0))
        .select_related("game")
        .order_by("game__code")
    )
    if not rows:
        raise NoSales(NO_SALES)
    rates = rates_in_force({row.game_id for row in rows}, month)
    lines = [
        Line(
            game_code=row.game.code,
            game_name=row.game.name,
            sales_fen=row.sales_fen,
            issuance_fen=row.issuance_fen,
            commission_fen=row.commission_fen,
            days=row.days,
            rates=rates.get(row.game_id, []),
        )
        for row in rows
    ]
    return Statement(station=station, month=month, lines=lines, generated_on=today)
