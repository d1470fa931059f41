"""Sales data, one module per topic: the game catalogue (``catalogue``), imported files
(``imports``), daily and monthly sales facts (``facts``), the rollups pages read
(``summaries``, with the data version the cached figures follow) and targets (``targets``)."""

from .catalogue import Game, SplitRate
from .facts import SalesDay, SalesDayQuerySet, SalesMonth, SalesMonthQuerySet
from .imports import SalesImport
from .summaries import (
    SalesDataVersion,
    SalesRegionMonth,
    SalesRegionMonthQuerySet,
    SalesRegionTotal,
    SalesRegionTotalQuerySet,
    SalesStationMonth,
    SalesStationMonthQuerySet,
    SalesStationYear,
)
from .targets import SalesTarget, SalesTargetQuerySet

__all__ = [
    "Game",
    "SalesDataVersion",
    "SalesDay",
    "SalesDayQuerySet",
    "SalesImport",
    "SalesMonth",
    "SalesMonthQuerySet",
    "SalesRegionMonth",
    "SalesRegionMonthQuerySet",
    "SalesRegionTotal",
    "SalesRegionTotalQuerySet",
    "SalesStationMonth",
    "SalesStationMonthQuerySet",
    "SalesStationYear",
    "SalesTarget",
    "SalesTargetQuerySet",
    "SplitRate",
]
