"""What every sales read shares: the amounts, a period (a year and a month range in
it; "last year" is the same months one year earlier), the page's filters, and growth
and ratio as Decimal percentages."""

import datetime
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from fucai.core.models import Region

from ..models import Game

AMOUNTS = ("sales_fen", "welfare_fen", "prize_fen", "issuance_fen", "commission_fen")


@dataclass(frozen=True)
class Period:
    year: int
    month_from: int = 1
    month_to: int = 12

    def __post_init__(self):
        if not (1 <= self.month_from <= self.month_to <= 12):
            raise ValueError("months must satisfy 1 ≤ from ≤ to ≤ 12")

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month_from, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        if self.month_to == 12:
            return datetime.date(self.year + 1, 1, 1)
        return datetime.date(self.year, self.month_to + 1, 1)

    @property
    def previous(self) -> "Period":
        return replace(self, year=self.year - 1)

    @property
    def months(self) -> list[datetime.date]:
        return [datetime.date(self.year, m, 1) for m in range(self.month_from, self.month_to + 1)]

    @property
    def is_whole_year(self) -> bool:
        return self.month_from == 1 and self.month_to == 12

    def q(self, field: str = "month") -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


@dataclass(frozen=True)
class Filters:
    region: Region | None = None
    kind: str = ""
    game: Game | None = None


def growth(current: int | None, previous: int | None) -> Decimal | None:
    """(current − previous) ÷ previous in percent, one decimal; None without a base."""
    if not previous:
        return None
    value = Decimal((current or 0) - previous) * 100 / Decimal(previous)
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def ratio(part: int | None, whole: int | None) -> Decimal | None:
    """part ÷ whole in percent, one decimal (achievement rates, shares)."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def achievement(actual: int, target: int | None) -> dict:
    """Actual ÷ target for a progress bar (the bar stops at 100%, the figure does not)."""
    rate = ratio(actual, target)
    bar = min(rate, Decimal(100)) if rate is not None else Decimal(0)
    return {"actual_fen": actual, "target_fen": target, "rate": rate, "bar": int(bar)}
