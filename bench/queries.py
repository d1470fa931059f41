"""The analytics queries the benchmark times, exactly as the pages run them
(``fucai.sales.selectors``), and the varied questions they are asked.

Each sample draws a question as users ask them: a scope (the leader city-wide, or a
district branch user), a year with data, the whole year or a range of months, and
sometimes a district (the leader's drill-down), a game or a station kind. Every query is
timed on it with the figures cache missed (the sales data version is bumped just
before, as an import does): that is the query's cost. Those answered through the cache
are timed a second time, served from it. The very first call of each query in a fresh process (cold
code paths and plans) is reported on its own.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

# Public names only: these import paths stay whatever the modules' layout.
from fucai.core.models import Region, User
from fucai.core.scope import region_ids
from fucai.sales import figures, selectors
from fucai.sales.models import Game
from fucai.stations.choices import StationKind
from fucai.stations.models import Station

BRANCH_USERS = ("lucheng", "ruian")  # demo branch users, one district each


@dataclass(frozen=True)
class Question:
    """One sample's parameters."""

    user: User
    period: selectors.Period
    filters: selectors.Filters
    days: tuple[datetime.date, datetime.date]  # a daily range inside the period
    station: int  # a station in the user's scope (its sales tab)

    @property
    def label(self) -> str:
        f = self.filters
        return (
            f"{self.user.username} {self.period.year} {self.period.month_from}-"
            f"{self.period.month_to} region={f.region.code if f.region else '-'} "
            f"game={f.game.code if f.game else '-'} kind={f.kind or '-'}"
        )


class Context:
    """The users, districts, games and stations questions are drawn from."""

    def __init__(self):
        self.leader = User.objects.filter(role="leadership").order_by("pk").first()
        self.branches = list(User.objects.filter(username__in=BRANCH_USERS).order_by("pk"))
        self.games = list(Game.objects.order_by("pk"))
        stations = list(Station.objects.values_list("pk", "region_id").order_by("pk"))
        self.regions = list(Region.objects.filter(pk__in={r for _s, r in stations}))
        self.by_region: dict[int, list[int]] = {}
        for station, region in stations:
            self.by_region.setdefault(region, []).append(station)
        self.branch_regions = {
            user.pk: sorted(set(region_ids(user) or ()) & self.by_region.keys())
            for user in self.branches
        }
        months = selectors.month_span(self.leader)
        self.years = list(range(months[0].year, months[1].year + 1))
        self.last_month = months[1]

    def first_question(self) -> Question:
        """The leader's whole last year, no filter: what the first call is timed on."""
        year = self.years[-1]
        end = self.last_month.replace(day=28)
        station = self.by_region[self.regions[0].pk][0]
        return Question(
            self.leader,
            selectors.Period(year),
            selectors.Filters(),
            (end - datetime.timedelta(days=29), end),
            station,
        )

    def draw(self, rng: random.Random) -> Question:
        if rng.random() < 0.5 or not self.branches:
            user, region = self.leader, None
            if rng.random() < 0.4:
                region = rng.choice(self.regions)
            districts = [region.pk] if region else list(self.by_region)
        else:
            user, region = rng.choice(self.branches), None
            districts = self.branch_regions[user.pk]
        year = rng.choice(self.years)
        if rng.random() < 0.5:
            period = selectors.Period(year)
        else:
            first = rng.randint(1, 12)
            period = selectors.Period(year, first, rng.randint(first, 12))
        game = rng.choice(self.games) if rng.random() < 0.3 else None
        kind = rng.choice(StationKind.values) if rng.random() < 0.2 else ""
        # The daily page: 7 to 31 days (it opens on the last 30) inside the period.
        length = rng.randint(7, 31)
        end = period.end - datetime.timedelta(days=1)
        end = min(end, datetime.date(end.year, end.month, 28))
        start = end - datetime.timedelta(days=length - 1)
        station = rng.choice(self.by_region[rng.choice(districts)])
        filters = selectors.Filters(region=region, kind=kind, game=game)
        return Question(user, period, filters, (start, end), station)


def _source(q: Question):
    return selectors.rollups(q.user, q.filters)


QUERIES = {
    "overview_totals": lambda q: selectors.totals(_source(q), q.period),
    "overview_by_month": lambda q: selectors.by_month(_source(q), q.period),
    "breakdown_by_game": lambda q: selectors.Breakdown(_source(q), q.period).by_game(),
    "welfare_by_district": lambda q: selectors.Breakdown(_source(q), q.period).by_region(),
    "breakdown_by_kind": lambda q: selectors.Breakdown(_source(q), q.period).by_kind(),
    "ranking_top20": lambda q: selectors.ranking(_source(q), q.period, "top", 20),
    "ranking_growth20": lambda q: selectors.ranking(_source(q), q.period, "growth", 20),
    "daily_range": lambda q: selectors.by_day(q.user, *q.days, q.filters),
    "station_tab": lambda q: selectors.station_months(q.user, q.station),
}
# Answered through the figures cache: timed a second time, from the cache.
CACHED = frozenset(
    {
        "overview_totals",
        "overview_by_month",
        "breakdown_by_game",
        "welfare_by_district",
        "breakdown_by_kind",
    }
)
# Read the daily facts, so cost seconds a call at scale: asked fewer questions
# (BENCH_DAILY_SAMPLES) to keep the run within minutes.
FACT_QUERIES = frozenset({"daily_range"})


def uncached() -> None:
    """A new sales data version, as an import gives: every cached figure is missed."""
    figures.bump()


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p95 and p99 by the nearest-rank method (a p99 of 200 samples is the second
    slowest), and the number of samples."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    return {"n": len(ordered), "p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}
