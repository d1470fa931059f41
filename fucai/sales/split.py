"""Splitting sales into prize fund, issuance fee and welfare fund, in integer fen.

Rounding rule: the welfare fund and the issuance fee are each ``sales × rate`` rounded
half up to the fen; the prize fund is what remains (``sales − welfare − issuance``), so
the three parts always add up exactly to the sales. The station commission is
``sales × commission rate`` rounded half up; it is paid out of the issuance fee, not on
top of it. Only when the prize share of an amount is under a fen (a 1-fen sale split
50/50 into welfare and issuance) could both round-ups overshoot the sales; then the
issuance fee is cut to ``sales − welfare`` (and the commission to the issuance fee), so
no part is ever negative. Months and years are split day by day at each day's rate and then summed,
never as a total × rate. The SQL in ``fucai.sales.rollups`` applies the same rule.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class Rate(Protocol):
    issuance_pct: Decimal
    welfare_pct: Decimal
    commission_pct: Decimal


@dataclass(frozen=True, slots=True)
class Split:
    prize_fen: int
    issuance_fen: int
    welfare_fen: int
    commission_fen: int


def percent_of(fen: int, pct: Decimal) -> int:
    """``fen × pct / 100`` rounded half up to the fen, for ``fen ≥ 0`` and a percentage
    with at most two decimals. Integer arithmetic, so it is exact at any size."""
    if fen < 0:
        raise ValueError("sales cannot be negative")
    hundredths = int(pct * 100)
    if hundredths != pct * 100:
        raise ValueError(f"a rate has at most two decimals: {pct}")
    return (fen * hundredths + 5_000) // 10_000


def split_sales(sales_fen: int, rate: Rate) -> Split:
    welfare = percent_of(sales_fen, rate.welfare_pct)
    issuance = min(percent_of(sales_fen, rate.issuance_pct), sales_fen - welfare)
    return Split(
        prize_fen=sales_fen - welfare - issuance,
        issuance_fen=issuance,
        welfare_fen=welfare,
        commission_fen=min(percent_of(sales_fen, rate.commission_pct), issuance),
    )
