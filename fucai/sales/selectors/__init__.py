"""Sales analytics reads. Every function reads a rollup through ``Rollups`` (scoped with
``visible_to`` and narrowed by the page's filters), or ``SalesDay`` for short daily
ranges, and aggregates in SQL with one GROUP BY: a fixed number of queries whatever the
number of rows, never a Python loop over them. Amounts are integer fen; only growth
rates are Decimal percentages.

Each question is answered from the coarsest rollup that can answer it, so a page's cost
depends on the number of districts and stations, not of days or games:

- totals and trends: ``SalesRegionTotal`` (district × month), or with a game or kind
  filter ``SalesRegionMonth`` (district × kind × game × month), which also answers
  the breakdowns by game, district and kind;
- rankings and per-station figures: ``SalesStationYear`` (station × year) for a whole
  year, ``SalesStationMonth`` (station × month) for a range of months;
- ``SalesMonth`` (station × game × month) where neither can: a station owner's pages
  (their scope is their own stations), station figures for one game, a station's tab.

A period is a year and a month range inside it; "last year" is the same months one year
earlier, so a year still in progress is compared like for like.

One module per topic: ``common`` (amounts, ``Period``, ``Filters``, growth), ``sources``
(``Rollups`` and its tables, the span of months), ``trends`` (totals, by month, by
year), ``breakdown`` (by game, district, kind), ``stations`` (ranking, a station's
months), ``daily`` and ``likedays`` (last year cut to the day the data reach); every
name is importable from ``fucai.sales.selectors``.
"""

from .breakdown import Breakdown, by_game, by_kind, by_region
from .common import AMOUNTS, Filters, Period, achievement, growth, ratio
from .daily import MAX_DAILY_RANGE, RangeTooLong, by_day
from .likedays import Cut, cut_for, data_until
from .sources import (
    Rollups,
    Table,
    default_period,
    game_options,
    latest_month,
    month_span,
    rollups,
)
from .stations import RANKING_ORDERS, ranking, sales_by_station, station_months
from .trends import by_month, by_year, totals

__all__ = [
    "AMOUNTS",
    "MAX_DAILY_RANGE",
    "RANKING_ORDERS",
    "Breakdown",
    "Cut",
    "Filters",
    "Period",
    "RangeTooLong",
    "Rollups",
    "Table",
    "achievement",
    "by_day",
    "by_game",
    "by_kind",
    "by_month",
    "by_region",
    "by_year",
    "cut_for",
    "data_until",
    "default_period",
    "game_options",
    "growth",
    "latest_month",
    "month_span",
    "ranking",
    "ratio",
    "rollups",
    "sales_by_station",
    "station_months",
    "totals",
]
