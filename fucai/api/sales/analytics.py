"""Sales analytics API, mounted at /api/sales: totals, monthly series and station
rankings from the monthly rollup, in integer fen, within the caller's data scope.

Last year's figures are like for like: when the data stop inside the period asked for
(sales known up to 15 November, say), last year's stop at the same day, which
``last_year_until`` gives (null when whole months are compared).

As with /api/stations, a ``region`` filter narrows the caller's scope and never widens
it: a district outside the scope yields zeros; an unknown region code is a 404.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from fucai.core import roles
from fucai.core.models import Region
from fucai.sales import selectors
from fucai.sales.selectors.likedays import same_day_last_year

router = Router(tags=["sales"])


class PeriodQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    region: str | None = Field(None, pattern=r"^\d{6}$")


class SummaryQuery(PeriodQuery):
    month: int | None = Field(None, ge=1, le=12)


class RankingQuery(PeriodQuery):
    order: Literal["top", "bottom", "growth", "decline"] = "top"
    limit: int = Field(20, ge=1, le=200)


class Amounts(Schema):
    sales_fen: int
    welfare_fund_fen: int
    prize_fund_fen: int
    issuance_fee_fen: int
    commission_fen: int


class GameAmounts(Amounts):
    game: str
    name: str
    yoy_sales_pct: Decimal | None


class Yoy(Schema):
    last_year: Amounts
    sales_pct: Decimal | None
    welfare_fund_pct: Decimal | None
    last_year_until: datetime.date | None = Field(
        None,
        description="Last year stops at this day: the data's last day, a year earlier.",
    )


class Summary(Amounts):
    year: int
    month: int | None
    region: str | None
    by_game: list[GameAmounts]
    yoy: Yoy


class MonthOut(Amounts):
    month: datetime.date
    last_year_sales_fen: int
    last_year_until: datetime.date | None = Field(
        None, description="The month's data stop inside it: last year's sales up to this day."
    )
    yoy_sales_pct: Decimal | None
    mom_sales_pct: Decimal | None


class Monthly(Schema):
    year: int
    region: str | None
    months: list[MonthOut]


class RankedStation(Schema):
    rank: int
    code: str
    name: str
    region: str
    sales_fen: int
    last_year_sales_fen: int
    welfare_fund_fen: int
    yoy_sales_pct: Decimal | None


class Ranking(Schema):
    year: int
    region: str | None
    order: str
    last_year_until: datetime.date | None = Field(
        None,
        description="Last year stops at this day: the data's last day, a year earlier.",
    )
    items: list[RankedStation]


def _amounts(row: dict, prefix: str = "") -> dict:
    return {
        "sales_fen": row[f"{prefix}sales_fen"],
        "welfare_fund_fen": row[f"{prefix}welfare_fen"],
        "prize_fund_fen": row[f"{prefix}prize_fen"],
        "issuance_fee_fen": row[f"{prefix}issuance_fen"],
        "commission_fen": row[f"{prefix}commission_fen"],
    }


def _rollups(request, region_code: str | None):
    if not roles.has_permission(request.user, roles.VIEW_SALES):
        raise PermissionDenied
    region = get_object_or_404(Region, code=region_code) if region_code else None
    if region is not None and region.level != "county":
        region = None  # the city (or province) is everything the caller sees
    return selectors.rollups(request.user, selectors.Filters(region=region)), region


def _last_year_until(rollups, period) -> datetime.date | None:
    cut = selectors.cut_for(rollups, period)
    return cut.last_year_until if cut is not None else None


@router.get("/summary", response=Summary)
def summary(request, query: Query[SummaryQuery]):
    """Totals of a year (or one month of it) with last year's and the split by game."""
    rollups, region = _rollups(request, query.region)
    if query.month:
        period = selectors.Period(query.year, query.month, query.month)
    else:
        period = selectors.Period(query.year)
    totals = selectors.totals(rollups, period)
    games = selectors.by_game(rollups, period)
    return {
        "year": query.year,
        "month": query.month,
        "region": region.code if region else None,
        **_amounts(totals),
        "by_game": [
            {
                "game": row["code"],
                "name": row["name"],
                **_amounts(row),
                "yoy_sales_pct": row["yoy_sales_fen"],
            }
            for row in games
        ],
        "yoy": {
            "last_year": _amounts(totals, "last_"),
            "sales_pct": totals["yoy_sales_fen"],
            "welfare_fund_pct": totals["yoy_welfare_fen"],
            "last_year_until": _last_year_until(rollups, period),
        },
    }


@router.get("/monthly", response=Monthly)
def monthly(request, query: Query[PeriodQuery]):
    """Each month of the year with last year's sales, YoY and MoM growth."""
    rollups, region = _rollups(request, query.region)
    months = selectors.by_month(rollups, selectors.Period(query.year))
    return {
        "year": query.year,
        "region": region.code if region else None,
        "months": [
            {
                "month": row["month"],
                **_amounts(row),
                "last_year_sales_fen": row["last_sales_fen"],
                "last_year_until": row["until"] and same_day_last_year(row["until"]),
                "yoy_sales_pct": row["yoy_sales_fen"],
                "mom_sales_pct": row["mom_sales_fen"],
            }
            for row in months
        ],
    }


@router.get("/ranking", response=Ranking)
def ranking(request, query: Query[RankingQuery]):
    """Stations by sales in the year (top / bottom) or by growth on last year."""
    rollups, region = _rollups(request, query.region)
    period = selectors.Period(query.year)
    rows = selectors.ranking(rollups, period, query.order, query.limit)
    return {
        "year": query.year,
        "region": region.code if region else None,
        "order": query.order,
        "last_year_until": _last_year_until(rollups, period),
        "items": [
            {
                "rank": row["rank"],
                "code": row["code"],
                "name": row["name"],
                "region": row["region"],
                "sales_fen": row["sales_fen"],
                "last_year_sales_fen": row["last_sales_fen"],
                "welfare_fund_fen": row["welfare_fen"],
                "yoy_sales_pct": row["yoy_sales_fen"],
            }
            for row in rows
        ],
    }
