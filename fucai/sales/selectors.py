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
"""

import datetime
import hashlib
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from fucai.core.choices import Role
from fucai.core.models import Region
from fucai.core.roles import role_of
from fucai.core.scope import region_ids
from fucai.stations.models import Station

from . import figures
from .models import (
    Game,
    SalesDay,
    SalesMonth,
    SalesRegionMonth,
    SalesRegionTotal,
    SalesStationMonth,
    SalesStationYear,
)

AMOUNTS = ("sales_fen", "welfare_fen", "prize_fen", "issuance_fen", "commission_fen")
MAX_DAILY_RANGE = 93  # days; longer ranges read the monthly rollup


class RangeTooLong(ValueError):
    pass


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

    def stations(self, period: Period) -> Table:
        """Station × year or station × month (all games) for rankings and per-station
        totals: the yearly table when ``period`` is a whole year."""
        if self.filters.game is not None:
            return self.station_games()
        if period.is_whole_year:
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


def _this_and_last(period: Period) -> dict:
    """Conditional sums: each amount for the period and for the same months last year."""
    this, last = period.q(), period.previous.q()
    sums = {}
    for name in AMOUNTS:
        # Aliases may not shadow the model's fields; _with_growth renames them back.
        sums[f"cur_{name}"] = Coalesce(Sum(name, filter=this), 0)
        sums[f"last_{name}"] = Coalesce(Sum(name, filter=last), 0)
    return sums


def _both_years(queryset: QuerySet, period: Period) -> QuerySet:
    return queryset.filter(period.q() | period.previous.q())


def _with_growth(row: dict) -> dict:
    for name in AMOUNTS:
        row[name] = row.pop(f"cur_{name}")
        row[f"yoy_{name}"] = growth(row[name], row[f"last_{name}"])
    return row


def totals(source: Rollups, period: Period) -> dict:
    """Sales, welfare fund, prize fund, issuance fee and commission for the period, the
    same for last year, and the growth of each: one query."""

    def read():
        queryset = source.totals().queryset
        return _with_growth(_both_years(queryset, period).aggregate(**_this_and_last(period)))

    return source.cached("totals", read, period)


def by_month(source: Rollups, period: Period) -> list[dict]:
    """One row per month of the period with last year's figure (YoY) and the previous
    month's (MoM; the month before the period is read too): one query (cached)."""
    return source.cached("by_month", lambda: _by_month(source, period), period)


def _by_month(source: Rollups, period: Period) -> list[dict]:
    queryset = source.totals().queryset
    before = period.start - datetime.timedelta(days=1)
    window = Q(month__gte=period.previous.start, month__lt=period.previous.end) | Q(
        month__gte=before.replace(day=1), month__lt=period.end
    )
    rows = {
        row["month"]: row
        for row in queryset.filter(window)
        .values("month")
        .annotate(**{f"total_{name}": Sum(name) for name in AMOUNTS})
        .order_by()
    }
    result = []
    for month in period.months:
        row = rows.get(month, {})
        last = rows.get(month.replace(year=month.year - 1), {})
        prior = rows.get((month - datetime.timedelta(days=1)).replace(day=1), {})
        item = {"month": month, "label": month.strftime("%Y-%m")}  # |date costs 30 µs
        for name in AMOUNTS:
            item[name] = row.get(f"total_{name}") or 0
            item[f"last_{name}"] = last.get(f"total_{name}") or 0
        item["yoy_sales_fen"] = growth(item["sales_fen"], item["last_sales_fen"])
        item["yoy_welfare_fen"] = growth(item["welfare_fen"], item["last_welfare_fen"])
        item["mom_sales_fen"] = growth(item["sales_fen"], prior.get("total_sales_fen"))
        result.append(item)
    return result


def by_year(source: Rollups) -> list[dict]:
    """Every year with data, oldest first, with growth on the year before: one query
    (cached)."""
    return source.cached("by_year", lambda: _by_year(source))


def _by_year(source: Rollups) -> list[dict]:
    queryset = source.totals().queryset
    rows = [
        {"year": row.pop("year"), **{name: row[f"total_{name}"] for name in AMOUNTS}}
        for row in queryset.annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(**{f"total_{name}": Sum(name) for name in AMOUNTS})
        .order_by("year")
    ]
    previous = None
    for row in rows:
        row["yoy_sales_fen"] = growth(row["sales_fen"], previous and previous["sales_fen"])
        row["yoy_welfare_fen"] = growth(row["welfare_fen"], previous and previous["welfare_fen"])
        previous = row
    return rows


_SUMMED = (*AMOUNTS, *(f"last_{name}" for name in AMOUNTS))


def _add_growth(row: dict) -> dict:
    for name in AMOUNTS:
        row[f"yoy_{name}"] = growth(row[name], row[f"last_{name}"])
    return row


class Breakdown:
    """This year's and last year's sums per (game, district, station kind) in one query
    — at most games × districts × kinds groups, whatever the number of stations — folded
    here into the totals and each breakdown, so a page reads the rollup once rather than
    once per table. The sums and the games' names are cached (``Rollups.cached``)."""

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
        # Grouped by year with plain sums, both years folded here: ten conditional sums
        # (this year's and last year's of each amount) cost more to compile than to run.
        groups: dict[tuple, dict] = {}
        for row in (
            _both_years(table.queryset, period)
            .annotate(year=ExtractYear("month"))
            .values("game", table.region, table.kind, "year")
            .annotate(**{f"sum_{name}": Sum(name) for name in AMOUNTS})
            .order_by()
        ):
            key = (row["game"], row[table.region], row[table.kind])
            group = groups.get(key)
            if group is None:
                group = groups[key] = dict.fromkeys(_SUMMED, 0)
                group["game"], group["region"], group["kind"] = key
            prefix = "" if row["year"] == period.year else "last_"
            for name in AMOUNTS:
                group[prefix + name] += row[f"sum_{name}"] or 0
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


RANKING_ORDERS = {
    "top": _("Top sellers"),
    "bottom": _("Lowest sellers"),
    "growth": _("Fastest growing"),
    "decline": _("Fastest falling"),
}


def ranking(source: Rollups, period: Period, order: str = "top", limit: int = 20) -> list:
    """Stations by sales in the period (top / bottom), or by growth on the same months
    last year (growth / decline, only stations with sales in both); ties go by station.
    Two queries: the sums grouped by station id alone, then the names of the stations
    ranked (grouping every station's rows by its names too costs more than the sums)."""
    if order not in RANKING_ORDERS:
        raise ValueError(f"unknown ranking order: {order}")
    table = source.stations(period)
    this, last = table.q(period), table.q(period.previous)
    rows = (
        table.queryset.filter(this | last)
        .values("station")
        .annotate(
            sales=Coalesce(Sum("sales_fen", filter=this), 0),
            last_sales=Coalesce(Sum("sales_fen", filter=last), 0),
            welfare=Coalesce(Sum("welfare_fen", filter=this), 0),
        )
        .filter(sales__gt=0)
    )
    if order in {"growth", "decline"}:
        # Integer ratio in parts per million: exact enough to order by, no floats.
        rows = rows.filter(last_sales__gt=0).annotate(
            change_ppm=(F("sales") - F("last_sales")) * 1_000_000 / F("last_sales")
        )
        ordering = ("-change_ppm",) if order == "growth" else ("change_ppm",)
    else:
        ordering = ("-sales",) if order == "top" else ("sales",)
    rows = list(rows.order_by(*ordering, "station")[:limit])
    stations = Station.objects.filter(pk__in=[row["station"] for row in rows]).values(
        "id", "code", "name", "region__name"
    )
    names = {station["id"]: station for station in stations}
    result = []
    for rank, row in enumerate(rows, start=1):
        station = names[row["station"]]
        result.append(
            {
                "rank": rank,
                "station_id": row["station"],
                "code": station["code"],
                "name": station["name"],
                "region": station["region__name"],
                "sales_fen": row["sales"],
                "last_sales_fen": row["last_sales"],
                "welfare_fen": row["welfare"],
                "yoy_sales_fen": growth(row["sales"], row["last_sales"]),
            }
        )
    return result


def station_months(user, station, months: int = 24, until: datetime.date | None = None) -> dict:
    """A station's last ``months`` months (ending with its latest month with data) by
    game, with the same month a year earlier for YoY: one query (plus one for the
    end month when ``until`` is not given)."""
    queryset = SalesMonth.objects.visible_to(user).filter(station=station)
    if until is None:
        until = queryset.aggregate(last=Max("month"))["last"]
    if until is None:
        return {"months": [], "games": [], "until": None}
    first = until
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    window_start = first.replace(year=first.year - 1)
    rows = (
        queryset.filter(month__gte=window_start, month__lte=until)
        .values("month", "game", "game__name", "game__sort_order")
        .annotate(sales=Sum("sales_fen"), welfare=Sum("welfare_fen"))
        .order_by("month", "game__sort_order")
    )
    games: dict[int, str] = {}
    cells: dict[datetime.date, dict[int, int]] = {}
    welfare: dict[datetime.date, int] = {}
    for row in rows:
        games.setdefault(row["game"], row["game__name"])
        cells.setdefault(row["month"], {})[row["game"]] = row["sales"]
        welfare[row["month"]] = welfare.get(row["month"], 0) + row["welfare"]
    result = []
    month = first
    while month <= until:
        total = sum(cells.get(month, {}).values())
        last = sum(cells.get(month.replace(year=month.year - 1), {}).values())
        result.append(
            {
                "month": month,
                "by_game": [cells.get(month, {}).get(game, 0) for game in games],
                "sales_fen": total,
                "welfare_fen": welfare.get(month, 0),
                "last_sales_fen": last,
                "yoy_sales_fen": growth(total, last),
            }
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return {"months": result, "games": list(games.values()), "until": until}


def by_day(
    user, start: datetime.date, end: datetime.date, filters: Filters | None = None
) -> list[dict]:
    """Daily sales from the daily facts, for ranges up to MAX_DAILY_RANGE days
    (inclusive ``start``..``end``): one query."""
    days = (end - start).days + 1
    if days < 1:
        raise RangeTooLong(_("The end date is before the start date."))
    if days > MAX_DAILY_RANGE:
        raise RangeTooLong(
            _(
                "Daily figures cover at most %(max)d days; choose a shorter range or use "
                "the monthly overview."
            )
            % {"max": MAX_DAILY_RANGE}
        )
    queryset = SalesDay.objects.visible_to(user).filter(date__gte=start, date__lte=end)
    filters = filters or Filters()
    if filters.region is not None:
        queryset = queryset.filter(station__region=filters.region)
    if filters.kind:
        queryset = queryset.filter(station__kind=filters.kind)
    if filters.game is not None:
        queryset = queryset.filter(game=filters.game)
    rows = {
        row["date"]: row
        for row in queryset.values("date")
        .annotate(sales=Sum("sales_fen"), tickets=Sum("tickets"))
        .order_by()
    }
    return [
        {
            "date": start + datetime.timedelta(days=n),
            "sales_fen": (rows.get(start + datetime.timedelta(days=n)) or {}).get("sales") or 0,
            "tickets": (rows.get(start + datetime.timedelta(days=n)) or {}).get("tickets") or 0,
        }
        for n in range(days)
    ]


def sales_by_station(source: Rollups, period: Period, station_ids) -> dict[int, int]:
    """{station id: sales in the period} for the given stations: one query."""
    table = source.stations(period)
    rows = (
        table.queryset.filter(table.q(period), station__in=list(station_ids))
        .values("station")
        .annotate(sales=Sum("sales_fen"))
        .order_by()
    )
    return {row["station"]: row["sales"] for row in rows}


def achievement(actual: int, target: int | None) -> dict:
    """Actual ÷ target for a progress bar (the bar stops at 100%, the figure does not)."""
    rate = ratio(actual, target)
    bar = min(rate, Decimal(100)) if rate is not None else Decimal(0)
    return {"actual_fen": actual, "target_fen": target, "rate": rate, "bar": int(bar)}
