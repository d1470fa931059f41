"""The period's figures broken down by game, district and station kind, from one read
of the district rollup."""

from functools import cached_property

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from fucai.core.models import Region

from ..models import Game
from .common import AMOUNTS, Period, growth
from .likedays import cut_for, last_year_days
from .sources import Rollups
from .trends import compared_months

_SUMMED = (*AMOUNTS, *(f"last_{name}" for name in AMOUNTS))


def _add_growth(row: dict) -> dict:
    for name in AMOUNTS:
        row[f"yoy_{name}"] = growth(row[name], row[f"last_{name}"])
    return row


class Breakdown:
    """This year's and last year's sums per (game, district, station kind) in one query
    — at most games × districts × kinds groups, whatever the number of stations — folded
    here into the totals and each breakdown, so a page reads the rollup once rather than
    once per table. Last year stops at the same day as the data when they stop inside
    the period (``likedays``: its incomplete month from the daily facts, two queries
    more). The sums and the games' names are cached (``Rollups.cached``)."""

    def __init__(self, source: Rollups, period: Period):
        self.period = period
        self.source = source

    @cached_property
    def rows(self) -> list[dict]:
        """The groups' sums (read only when a fold is not in the cache already)."""
        return self.source.cached(
            "breakdown", lambda: self._read(self.source, self.period), self.period
        )

    @staticmethod
    def _read(source: Rollups, period: Period) -> list[dict]:
        table = source.districts()
        cut = cut_for(source, period)
        this, last = compared_months(period, cut)
        # Grouped by year with plain sums, both years folded here: ten conditional sums
        # (this year's and last year's of each amount) cost more to compile than to run.
        groups: dict[tuple, dict] = {}

        def group_of(key: tuple) -> dict:
            group = groups.get(key)
            if group is None:
                group = groups[key] = dict.fromkeys(_SUMMED, 0)
                group["game"], group["region"], group["kind"] = key
            return group

        for row in (
            table.queryset.filter(this | last)
            .annotate(year=ExtractYear("month"))
            .values("game", table.region, table.kind, "year")
            .annotate(**{f"sum_{name}": Sum(name) for name in AMOUNTS})
            .order_by()
        ):
            group = group_of((row["game"], row[table.region], row[table.kind]))
            prefix = "" if row["year"] == period.year else "last_"
            for name in AMOUNTS:
                group[prefix + name] += row[f"sum_{name}"] or 0
        if cut is not None and cut.days is not None:
            # Last year's incomplete month: its same days, from the daily facts.
            days = last_year_days(source, cut.days, ("game", "station__region", "station__kind"))
            for key, amounts in days.items():
                group = group_of(key)
                for name in AMOUNTS:
                    group[f"last_{name}"] += amounts[name]
        return list(groups.values())

    def _fold(self, key: str | None) -> dict:
        return self.source.cached("fold", lambda: self._folded(key), self.period, key)

    def _folded(self, key: str | None) -> dict:
        folded: dict = {}
        for row in self.rows:
            acc = folded.setdefault(row[key] if key else None, dict.fromkeys(_SUMMED, 0))
            for name in _SUMMED:
                acc[name] += row[name]
        return {
            k: _add_growth(v) for k, v in folded.items() if v["sales_fen"] or v["last_sales_fen"]
        }

    def totals(self) -> dict:
        return self._fold(None).get(None) or _add_growth(dict.fromkeys(_SUMMED, 0))

    def by_game(self) -> list[dict]:
        """Games in their catalogue order (one more query, for the games' names)."""
        return self.source.cached("by_game", self._by_game, self.period)

    def _by_game(self) -> list[dict]:
        folded = self._fold("game")
        games = Game.objects.in_bulk(list(folded))
        ordered = sorted(folded, key=lambda pk: (games[pk].sort_order, games[pk].code))
        return [
            {**folded[pk], "game": pk, "code": games[pk].code, "name": games[pk].name}
            for pk in ordered
        ]

    def by_region(self, regions=None) -> list[dict]:
        """One row per district; with ``regions`` (the user's districts) every one of
        them appears, with zeros where nothing was sold."""
        folded = self._fold("region")
        if regions is None:
            regions = Region.objects.filter(pk__in=list(folded))
        empty = dict.fromkeys(_SUMMED, 0)
        return [
            {
                **(folded.get(region.pk) or _add_growth(dict(empty))),
                "region": region,
                "code": region.code,
                "name": region.name,
            }
            for region in regions
        ]

    def by_kind(self) -> list[dict]:
        from fucai.stations.choices import StationKind

        folded = self._fold("kind")
        return [
            {**folded[kind], "kind": kind, "name": label}
            for kind, label in StationKind.choices
            if kind in folded
        ]


def by_game(source: Rollups, period: Period) -> list[dict]:
    return Breakdown(source, period).by_game()


def by_region(source: Rollups, period: Period, regions=None) -> list[dict]:
    return Breakdown(source, period).by_region(regions)


def by_kind(source: Rollups, period: Period) -> list[dict]:
    return Breakdown(source, period).by_kind()
