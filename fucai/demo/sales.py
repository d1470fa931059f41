"""Daily sales of the demo network for 2018 and 2019, and their monthly rollups.

Calibrated to the Wenzhou center's 2019 report: about 20 亿 yuan of sales in 2019 and a
little over 5 亿 of welfare fund, 2019 a few percent above 2018. Station volumes are
roughly log-normal; days follow the draw calendar (双色球 draws on Tuesday, Thursday and
Sunday), the season (a strong December, a weak early spring), the Spring Festival
market closure of the computer games, and a handful of jackpot runs.

The rows are generated in memory and written in bulk — ``COPY`` on PostgreSQL,
``executemany`` on SQLite — and the month rollups are summed while generating, with the
same per-day split and rounding rule as an import (``fucai.sales.split``).
"""

from __future__ import annotations

import bisect
import datetime
import io
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from fucai.sales import figures, rollups
from fucai.sales.models import (
    Game,
    SalesDay,
    SalesImport,
    SalesMonth,
    SalesRegionMonth,
    SalesRegionTotal,
    SalesStationMonth,
    SalesStationYear,
)
from fucai.sales.rates import RateBook
from fucai.stations.choices import StationClass, StationKind, StationStatus
from fucai.stations.models import Station

YEARS = (2018, 2019)
# 2019 sales of the whole network (20.2 亿 yuan, in fen) for the full 1,275 stations;
# a smaller demo scales it by its number of active stations.
TARGET_2019_FEN = 2_020_000_000 * 100
FULL_NETWORK = 1275
GROWTH_2019 = 1.04

# Share of a station's sales by game, per station kind. 快乐8 only launched in late 2020.
GAME_MIX: dict[str, dict[str, float]] = {
    StationKind.COMPUTER: {"SSQ": 0.52, "3D": 0.16, "QLC": 0.06, "DF61": 0.06, "GGL": 0.20},
    StationKind.INSTANT: {"GGL": 1.0},
    StationKind.VIDEO: {"ZFZX": 0.85, "GGL": 0.15},
}
# Relative yearly volume by kind and class: video halls sell far more than a corner shop.
KIND_VOLUME = {StationKind.COMPUTER: 1.0, StationKind.INSTANT: 1.3, StationKind.VIDEO: 9.0}
CLASS_VOLUME = {StationClass.FLAGSHIP: 2.0, StationClass.DEDICATED: 1.1, StationClass.COMBINED: 0.8}
# Ticket price steps in fen: a computer bet is 2 yuan, scratch cards mostly 10 yuan.
PRICE_FEN = {"SSQ": 200, "QLC": 200, "3D": 200, "DF61": 200, "GGL": 1000, "ZFZX": 100}
COMPUTER_GAMES = frozenset({"SSQ", "QLC", "3D", "DF61"})

# Spring Festival market closure (春节休市) of the computer games.
FESTIVAL_CLOSURE = {
    2018: (datetime.date(2018, 2, 15), datetime.date(2018, 2, 21)),
    2019: (datetime.date(2019, 2, 4), datetime.date(2019, 2, 10)),
}
MONTH_FACTOR = (0.92, 0.78, 0.97, 0.98, 1.0, 0.99, 0.98, 1.0, 1.01, 1.0, 1.04, 1.15)
SSQ_DRAW_WEEKDAYS = frozenset({1, 3, 6})  # Tuesday, Thursday, Sunday
# Day-to-day noise; divided by its mean so it does not inflate the year's total.
NOISE_SIGMA = 0.25
NOISE_MEAN = math.exp(NOISE_SIGMA**2 / 2)
NOISE_BITS = 16
NOISE_POOL = 1 << NOISE_BITS  # pre-drawn noise values, picked at random per row


@dataclass
class SalesSummary:
    rows: int = 0
    months: int = 0
    by_year: dict[int, dict[str, int]] = field(default_factory=dict)


def _days(year: int) -> list[datetime.date]:
    start = datetime.date(year, 1, 1)
    return [
        start + datetime.timedelta(days=n)
        for n in range((datetime.date(year + 1, 1, 1) - start).days)
    ]


def _day_weights(rng: random.Random, year: int, code: str) -> list[float]:
    """The shape of a game's year: relative sales of each day (zero when closed)."""
    closed_from, closed_to = FESTIVAL_CLOSURE[year]
    jackpots = set(rng.sample(range(20, 350), 6)) if code == "SSQ" else set()
    weights = []
    for index, day in enumerate(_days(year)):
        weight = MONTH_FACTOR[day.month - 1]
        in_festival = closed_from <= day <= closed_to
        if code in COMPUTER_GAMES:
            if in_festival:
                weights.append(0.0)
                continue
            if code == "SSQ":
                weight *= 1.3 if day.weekday() in SSQ_DRAW_WEEKDAYS else 0.8
                if index in jackpots or index - 1 in jackpots:
                    weight *= 1.7  # a large jackpot draws players for a few days
        else:
            weight *= 1.15 if day.weekday() >= 5 else 0.95
            if in_festival:
                weight *= 0.5
        weights.append(weight)
    total = sum(weights)
    return [w / total for w in weights]


def _station_weight(rng: random.Random, station: Station) -> float:
    # Log-normal around a median of ~1.2 M yuan a year, the seed's 157 万 mean.
    return (
        math.exp(rng.gauss(0, 0.55))
        * KIND_VOLUME[station.kind]
        * CLASS_VOLUME[station.station_class]
    )


def _open_span(station: Station, days: list[datetime.date]) -> tuple[int, int]:
    """[first, last) indexes of ``days`` on which the station was open."""
    if station.opened_on is None:
        return (0, 0)
    first = bisect.bisect_left(days, station.opened_on)
    last = len(days) if station.closed_on is None else bisect.bisect_left(days, station.closed_on)
    return (first, max(first, last))


def flush_demo_sales() -> dict[str, int]:
    """Delete every sales fact, rollup and import batch (a demo database holds only
    demo sales). Returns counts by table for the summary."""
    deleted = {}
    summaries = (SalesRegionTotal, SalesRegionMonth, SalesStationMonth, SalesStationYear)
    for model in (*summaries, SalesMonth, SalesDay, SalesImport):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    figures.bump()
    return deleted


def load_demo_sales(*, seed: int, batch_user=None) -> SalesSummary:
    """Write the demo sales of every station that traded in 2018–2019. Runs inside the
    demo's transaction; the caller has emptied the sales tables."""
    rng = random.Random(f"sales-{seed}")
    games = {g.code: g for g in Game.objects.all()}
    rates = RateBook.load()
    stations = list(
        Station.objects.exclude(status=StationStatus.PREPARING)
        .only("id", "kind", "station_class", "opened_on", "closed_on", "status")
        .order_by("code")
    )
    active = sum(1 for s in stations if s.status == StationStatus.ACTIVE) or 1
    weights = {s.id: _station_weight(rng, s) for s in stations}
    year_totals = {2019: TARGET_2019_FEN * active / FULL_NETWORK}
    year_totals[2018] = year_totals[2019] / GROWTH_2019
    shapes = {(y, code): _day_weights(rng, y, code) for y in YEARS for code in PRICE_FEN}
    days_of = {y: _days(y) for y in YEARS}

    batch = SalesImport.objects.create(
        filename="demo-sales-2018-2019",
        checksum=f"demo-{seed}",
        mode="insert",
        status="succeeded",
        created_by=batch_user,
        date_from=datetime.date(YEARS[0], 1, 1),
        date_to=datetime.date(YEARS[-1], 12, 31),
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    # Per-game split rates as integer hundredths of a percent, fixed over the demo years
    # (checked: the rate book has no change inside them), for fast integer rounding.
    split = {}
    for code, game in games.items():
        rate = rates.rate_on(game.id, datetime.date(YEARS[0], 1, 1))
        if rate is None or rate != rates.rate_on(game.id, datetime.date(YEARS[-1], 12, 31)):
            continue
        split[code] = (
            int(rate.welfare_pct * 100),
            int(rate.issuance_pct * 100),
            int(rate.commission_pct * 100),
        )
    months: dict[tuple[int, int, datetime.date], list[int]] = defaultdict(lambda: [0] * 7)
    summary = SalesSummary()
    writer = _writer()
    noise = [rng.lognormvariate(0, NOISE_SIGMA) / NOISE_MEAN for _ in range(NOISE_POOL)]
    for year in YEARS:
        days = days_of[year]
        month_of = [day.replace(day=1) for day in days]
        spans = {s.id: _open_span(s, days) for s in stations}
        # Scale this year's weights so the network's sales hit the year's target; a
        # station open part of the year counts for that part.
        exposure = sum(
            weights[s.id] * (spans[s.id][1] - spans[s.id][0]) / len(days) for s in stations
        )
        per_weight = year_totals[year] / (exposure or 1)
        totals = summary.by_year.setdefault(year, {"sales_fen": 0, "welfare_fen": 0})
        # One stream per station and game; days are the outer loop so rows reach the
        # table in the order of its date-first unique key, as daily imports would.
        streams = []
        for station in stations:
            first, last = spans[station.id]
            if first >= last:
                continue
            station_year = weights[station.id] * per_weight
            for code, share in GAME_MIX[station.kind].items():
                if code not in split or code not in games:
                    continue
                price = PRICE_FEN[code]
                streams.append(
                    (
                        station.id,
                        games[code].id,
                        station_year * share / price,  # the year's budget in tickets
                        price,
                        shapes[(year, code)],
                        first,
                        last,
                        *split[code],
                        code == "GGL",
                    )
                )
        for index, day in enumerate(days):
            month_start = month_of[index]
            for stream in streams:
                (station_id, game_id, budget, price, shape, first, last,
                 welfare_h, issuance_h, commission_h, instant) = stream  # fmt: skip
                weight = shape[index]
                if weight == 0.0 or index < first or index >= last:
                    continue
                tickets = round(budget * weight * noise[rng.getrandbits(NOISE_BITS)])
                if tickets <= 0:
                    continue
                sales = tickets * price
                payout = int(sales * (0.55 + 0.17 * rng.random())) if instant else None
                writer.add(station_id, game_id, day, sales, tickets, payout, batch.id)
                # The same split as an import: welfare and issuance rounded half up,
                # prize the remainder, commission out of the issuance fee.
                welfare = (sales * welfare_h + 5000) // 10000
                issuance = (sales * issuance_h + 5000) // 10000
                if issuance > sales - welfare:
                    issuance = sales - welfare
                commission = (sales * commission_h + 5000) // 10000
                if commission > issuance:
                    commission = issuance
                month = months[(station_id, game_id, month_start)]
                month[0] += sales
                month[1] += tickets
                month[2] += 1
                month[3] += sales - welfare - issuance
                month[4] += issuance
                month[5] += welfare
                month[6] += commission
                totals["sales_fen"] += sales
                totals["welfare_fen"] += welfare
    summary.rows = writer.finish()
    now = timezone.now()
    SalesMonth.objects.bulk_create(
        (
            SalesMonth(
                station_id=station_id,
                game_id=game_id,
                month=month,
                sales_fen=t[0],
                tickets=t[1],
                days=t[2],
                prize_fen=t[3],
                issuance_fen=t[4],
                welfare_fen=t[5],
                commission_fen=t[6],
                updated_at=now,
            )
            for (station_id, game_id, month), t in months.items()
        ),
        batch_size=5000,
    )
    rollups.refresh_summaries()
    summary.months = len(months)
    by_game: dict[int, dict] = {}
    for (_station, game_id, _month), t in months.items():
        line = by_game.setdefault(
            game_id, {"game": game_id, "rows": 0, "sales_fen": 0, "tickets": 0}
        )
        line["rows"] += t[2]
        line["sales_fen"] += t[0]
        line["tickets"] += t[1]
    SalesImport.objects.filter(pk=batch.pk).update(
        rows=summary.rows, inserted=summary.rows, by_game=[by_game[g] for g in sorted(by_game)]
    )
    return summary


def _writer():
    return _CopyWriter() if connection.vendor == "postgresql" else _InsertWriter()


_COLUMNS = (
    "station_id",
    "game_id",
    "date",
    "sales_fen",
    "tickets",
    "payout_fen",
    "import_batch_id",
)


NULL = "\\N"  # COPY's text-format null


class _CopyWriter:
    """PostgreSQL: stream rows through COPY in text format (~1 M rows/s here)."""

    CHUNK = 200_000

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.pending = 0
        self.rows = 0

    def add(self, station_id, game_id, day, sales, tickets, payout, batch_id) -> None:
        self.buffer.write(
            f"{station_id}\t{game_id}\t{day.isoformat()}\t{sales}\t{tickets}\t"
            f"{NULL if payout is None else payout}\t{batch_id}\n"
        )
        self.pending += 1
        if self.pending >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        table = SalesDay._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                copy.write(self.buffer.getvalue())
        self.rows += self.pending
        self.buffer = io.StringIO()
        self.pending = 0

    def finish(self) -> int:
        self._flush()
        return self.rows


class _InsertWriter:
    """SQLite (and any other backend): executemany in large chunks."""

    CHUNK = 50_000

    def __init__(self) -> None:
        self.pending: list[tuple] = []
        self.rows = 0

    def add(self, *row) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        table = SalesDay._meta.db_table
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(
                # Table and columns come from the model, not from input.
                f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
                self.pending,
            )
        self.rows += len(self.pending)
        self.pending = []

    def finish(self) -> int:
        self._flush()
        return self.rows
