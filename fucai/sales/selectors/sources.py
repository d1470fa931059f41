"""The rollup tables a user may read (``Rollups``), narrowed by a page's filters, each
question asking for the coarsest ``Table`` that answers it; cached figures under the
sales data version; the span of months with data and the default period."""

import datetime
import hashlib
from dataclasses import dataclass, replace

from django.db.models import Max, Min, Q, QuerySet

from fucai.core.choices import Role
from fucai.core.roles import role_of
from fucai.core.scope import region_ids

from .. import figures
from ..models import (
    Game,
    SalesMonth,
    SalesRegionMonth,
    SalesRegionTotal,
    SalesStationMonth,
    SalesStationYear,
)
from .common import Filters, Period


@dataclass(frozen=True)
class Table:
    """A scoped, filtered rollup queryset and the lookups of its district and kind;
    ``yearly`` tables have a ``year`` where the others have a ``month``."""

    queryset: QuerySet
    region: str = "region"
    kind: str = "kind"
    yearly: bool = False

    def q(self, period: Period) -> Q:
        return Q(year=period.year) if self.yearly else period.q()


class Rollups:
    """The rollups ``user`` may read, narrowed by a page's filters; each selector asks
    for the coarsest ``Table`` that can answer it."""

    def __init__(self, user, filters: Filters | None = None):
        self.user = user
        self.filters = filters or Filters()
        self.owner = role_of(user) == Role.STATION_OWNER

    def cached(self, question: str, compute, *args):
        """``compute()``, cached under the sales data version, this user's scope, the
        filters, ``question`` and ``args`` (``fucai.sales.figures``); computed each time
        for a station owner."""
        if self.owner:
            return compute()
        filters = self.filters
        parts = (
            figures.scope_key(region_ids(self.user)),
            filters.region.pk if filters.region is not None else None,
            filters.kind,
            filters.game.pk if filters.game is not None else None,
            question,
            *args,
        )
        return figures.cached(self.user, parts, compute)

    def fragment_key(self, *parts) -> tuple[str, int]:
        """(key, seconds) for ``{% cache %}`` of a fragment that shows only these figures
        (no form, no CSRF token, no user name): the same parts as ``cached`` plus the
        caller's (the query string its links carry, the language); (key, 0), so never
        cached, for a station owner."""
        if self.owner:
            return "", 0
        filters = self.filters
        raw = repr(
            (
                figures.version_for(self.user),
                figures.scope_key(region_ids(self.user)),
                filters.region.pk if filters.region is not None else None,
                filters.kind,
                filters.game.pk if filters.game is not None else None,
                *parts,
            )
        ).encode()
        return hashlib.blake2b(raw, digest_size=20).hexdigest(), figures.TIMEOUT

    def _filtered(self, model, region: str, kind: str, *, game: bool = True) -> Table:
        queryset = model.objects.visible_to(self.user)
        if self.filters.region is not None:
            queryset = queryset.filter(**{region: self.filters.region})
        if self.filters.kind:
            queryset = queryset.filter(**{kind: self.filters.kind})
        if game and self.filters.game is not None:
            queryset = queryset.filter(game=self.filters.game)
        return Table(queryset, region, kind)

    def station_games(self) -> Table:
        """Station × game × month: answers everything, reads the most rows."""
        return self._filtered(SalesMonth, "station__region", "station__kind")

    def districts(self) -> Table:
        """District × kind × game × month, for breakdowns by game or kind."""
        if self.owner:
            return self.station_games()
        return self._filtered(SalesRegionMonth, "region", "kind")

    def totals(self) -> Table:
        """District × month (all games and kinds) when no game or kind is filtered, for
        totals and trends; otherwise as ``districts``."""
        if self.owner or self.filters.kind or self.filters.game is not None:
            return self.districts()
        return self._filtered(SalesRegionTotal, "region", "")

    def stations(self, period: Period, *, monthly: bool = False) -> Table:
        """Station × year or station × month (all games) for rankings and per-station
        totals: the yearly table when ``period`` is a whole year, unless ``monthly``
        (to compare last year only up to a month)."""
        if self.filters.game is not None:
            return self.station_games()
        if period.is_whole_year and not monthly:
            table = self._filtered(SalesStationYear, "region", "kind", game=False)
            return replace(table, yearly=True)
        return self._filtered(SalesStationMonth, "region", "kind", game=False)


def rollups(user, filters: Filters | None = None) -> Rollups:
    """The monthly rollups ``user`` may see, narrowed by the page's filters."""
    return Rollups(user, filters)


def month_span(user) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last month with sales in the user's scope: one query (cached)."""
    source = Rollups(user)

    def read():
        span = source.totals().queryset.aggregate(first=Min("month"), last=Max("month"))
        return span["first"], span["last"]

    return source.cached("span", read)


def latest_month(user) -> datetime.date | None:
    """The last month with sales in the user's scope (the natural default period)."""
    return month_span(user)[1]


def default_period(user, today: datetime.date | None = None) -> Period:
    """The latest year with data, up to its latest month (so YoY compares like months)."""
    last = latest_month(user)
    if last is None:
        return Period((today or datetime.date.today()).year)
    return Period(last.year, 1, last.month)


def game_options(user) -> list[tuple[str, str]]:
    """``(code, name)`` of every game in the games' order: the options of a game
    select, as ``ModelChoiceField`` prints them (by ``str(game)``), read from the cache
    under the sales data version, which a game's save or deletion bumps (signals.py)."""
    return figures.cached(
        user, ("game-options",), lambda: [(game.code, str(game)) for game in Game.objects.all()]
    )
