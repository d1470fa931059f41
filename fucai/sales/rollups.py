"""Monthly rollups, maintained in the import's transaction.

``SalesMonth`` (station × game × month) is recomputed from the daily rows for the months
an import touched (or, on the fast path, for a month that had no day before, summed
from the file's rows as they are written; ``fucai.sales.fastpath``). The coarser tables
the pages read — ``SalesRegionMonth`` (district × kind × game × month),
``SalesRegionTotal`` (district × month), ``SalesStationMonth`` (station × month) and
``SalesStationYear`` (station × year) — are then rebuilt from ``SalesMonth`` for the
same months (``refresh_summaries``): a month of a city is about ten thousand
``SalesMonth`` rows, so the rebuild costs milliseconds and the summaries can never
disagree with the station rollup.

Each day is split at that day's rate and the parts are summed, so a month with a rate
change is right (see ``fucai.sales.split`` for the rounding rule, which the SQL below
reproduces: PostgreSQL's round() on numeric rounds half away from zero, which for
non-negative sales is half up).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from . import figures
from .models import (
    SalesDay,
    SalesMonth,
    SalesRegionMonth,
    SalesRegionTotal,
    SalesStationMonth,
    SalesStationYear,
)
from .rates import RateBook
from .split import split_sales

MonthKey = tuple[int, int, datetime.date]  # station_id, game_id, first day of month
CHUNK = 500

# Rates as date ranges [effective_from, next effective_from), joined to the days.
_PG_RECOMPUTE = """
WITH affected AS (
    SELECT DISTINCT station_id, game_id, date_trunc('month', date)::date AS month
    FROM {source}
), rate AS (
    SELECT game_id, welfare_pct, issuance_pct, commission_pct, effective_from AS valid_from,
           lead(effective_from, 1, DATE '9999-12-31')
               OVER (PARTITION BY game_id ORDER BY effective_from) AS valid_to
    FROM sales_splitrate
), day AS (
    SELECT a.station_id, a.game_id, a.month, d.sales_fen, d.tickets,
           round(d.sales_fen * r.welfare_pct / 100)::bigint AS welfare,
           round(d.sales_fen * r.issuance_pct / 100)::bigint AS issuance_raw,
           round(d.sales_fen * r.commission_pct / 100)::bigint AS commission_raw
    FROM affected a
    JOIN sales_salesday d
      ON d.station_id = a.station_id AND d.game_id = a.game_id
     AND d.date >= a.month AND d.date < (a.month + INTERVAL '1 month')::date
     -- The span of the months, as constants: the planner reads that slice of the
     -- date-first key instead of the whole table.
     AND d.date >= %(first)s AND d.date < %(end)s
    JOIN rate r
      ON r.game_id = d.game_id AND d.date >= r.valid_from AND d.date < r.valid_to
), capped AS (
    SELECT station_id, game_id, month, sales_fen, tickets, welfare,
           LEAST(issuance_raw, sales_fen - welfare) AS issuance,
           LEAST(commission_raw, issuance_raw, sales_fen - welfare) AS commission
    FROM day
), upserted AS (
INSERT INTO sales_salesmonth (
    station_id, game_id, month, sales_fen, tickets, days,
    prize_fen, issuance_fen, welfare_fen, commission_fen, updated_at
)
SELECT station_id, game_id, month, sum(sales_fen), sum(tickets), count(*),
       sum(sales_fen - welfare - issuance), sum(issuance), sum(welfare), sum(commission),
       %(now)s
FROM capped
GROUP BY station_id, game_id, month
ON CONFLICT (station_id, game_id, month) DO UPDATE SET
    sales_fen = EXCLUDED.sales_fen, tickets = EXCLUDED.tickets, days = EXCLUDED.days,
    prize_fen = EXCLUDED.prize_fen, issuance_fen = EXCLUDED.issuance_fen,
    welfare_fen = EXCLUDED.welfare_fen, commission_fen = EXCLUDED.commission_fen,
    updated_at = EXCLUDED.updated_at
RETURNING month
)
SELECT month, count(*) FROM upserted GROUP BY month
"""


def recompute_from_staging(staging_table: str) -> int:
    """PostgreSQL: recompute every month touched by the rows in ``staging_table`` with
    one set-based statement, then the summaries of those months. Months never lose all
    their days on import (replace swaps rows, never removes them), so an upsert is
    enough. Returns the number of ``SalesMonth`` rows written."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(date), max(date) FROM {staging_table}")  # noqa: S608
        first, last = cursor.fetchone()
        if first is None:
            return 0
        span = {"first": first.replace(day=1), "end": _next_month(last.replace(day=1))}
        cursor.execute(_PG_RECOMPUTE.format(source=staging_table), {"now": timezone.now(), **span})
        counts = dict(cursor.fetchall())
    refresh_summaries(counts)
    return sum(counts.values())


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def recompute_months(keys: Iterable[MonthKey]) -> int:
    """Portable path (SQLite, and a cross-check on PostgreSQL): recompute the given
    months from their days with the ORM, a month and a few hundred stations at a time,
    then the summaries of those months."""
    by_month: dict[datetime.date, set[tuple[int, int]]] = defaultdict(set)
    for station_id, game_id, month in keys:
        by_month[month].add((station_id, game_id))
    if not by_month:
        return 0
    rates = RateBook.load()
    now = timezone.now()
    written = 0
    for month, pairs in sorted(by_month.items()):
        station_ids = sorted({s for s, _g in pairs})
        game_ids = sorted({g for _s, g in pairs})
        for start in range(0, len(station_ids), CHUNK):
            chunk = station_ids[start : start + CHUNK]
            totals: dict[tuple[int, int], list[int]] = {}
            days = SalesDay.objects.filter(
                date__gte=month,
                date__lt=_next_month(month),
                station_id__in=chunk,
                game_id__in=game_ids,
            ).values_list("station_id", "game_id", "date", "sales_fen", "tickets")
            for station_id, game_id, date, sales, tickets in days.iterator(chunk_size=5000):
                if (station_id, game_id) not in pairs:
                    continue
                part = split_sales(sales, rates.rate_on(game_id, date))
                total = totals.setdefault((station_id, game_id), [0] * 7)
                for i, amount in enumerate(
                    (
                        sales,
                        tickets,
                        1,
                        part.prize_fen,
                        part.issuance_fen,
                        part.welfare_fen,
                        part.commission_fen,
                    )
                ):
                    total[i] += amount
            stale = [
                pk
                for pk, station_id, game_id in SalesMonth.objects.filter(
                    month=month, station_id__in=chunk, game_id__in=game_ids
                ).values_list("id", "station_id", "game_id")
                if (station_id, game_id) in pairs
            ]
            SalesMonth.objects.filter(pk__in=stale).delete()
            SalesMonth.objects.bulk_create(
                [
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
                    for (station_id, game_id), t in totals.items()
                ],
                batch_size=1000,
            )
            written += len(totals)
    refresh_summaries(by_month)
    return written


_SUMMED = "sales_fen, tickets, prize_fen, issuance_fen, welfare_fen, commission_fen"
_SUMS = ", ".join(f"SUM(m.{name})" for name in _SUMMED.split(", "))
_PLAIN_SUMS = ", ".join(f"SUM({name})" for name in _SUMMED.split(", "))


def refresh_summaries(months: Iterable[datetime.date] | None = None) -> None:
    """Rebuild the summaries of ``months`` (every month when None): the district and
    station months from ``SalesMonth`` and the stations' current district and kind,
    the district totals from the district months, then the station years of those
    months' years, and a new sales data version (``fucai.sales.figures``: the cached
    figures of the pages are keyed by it). Portable SQL."""
    where, params = "", []
    if months is not None:
        months = sorted(set(months))
        if not months:
            return
        where = f"WHERE month IN ({', '.join(['%s'] * len(months))})"
        params = months
    figures.bump()
    region_table = SalesRegionMonth._meta.db_table
    station_table = SalesStationMonth._meta.db_table
    source = (
        f"FROM {SalesMonth._meta.db_table} m JOIN stations_station s ON s.id = m.station_id "
        f"{where.replace('month', 'm.month')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {region_table} {where}", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {station_table} {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {region_table} (month, region_id, kind, game_id, {_SUMMED}) "
            f"SELECT m.month, s.region_id, s.kind, m.game_id, {_SUMS} {source} "
            "GROUP BY m.month, s.region_id, s.kind, m.game_id",
            params,
        )
        cursor.execute(
            f"INSERT INTO {station_table} (station_id, month, region_id, kind, {_SUMMED}) "
            f"SELECT m.station_id, m.month, s.region_id, s.kind, {_SUMS} {source} "
            "GROUP BY m.station_id, m.month, s.region_id, s.kind",
            params,
        )
        total_table = SalesRegionTotal._meta.db_table
        cursor.execute(f"DELETE FROM {total_table} {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {total_table} (month, region_id, {_SUMMED}) "  # noqa: S608
            f"SELECT month, region_id, {_PLAIN_SUMS} FROM {region_table} {where} "
            "GROUP BY month, region_id",
            params,
        )
    _refresh_years(months)


def _refresh_years(months: list[datetime.date] | None) -> None:
    if months is None:
        span = SalesStationMonth.objects.aggregate(first=Min("month"), last=Max("month"))
        SalesStationYear.objects.all().delete()
        if span["first"] is None:
            return
        years = range(span["first"].year, span["last"].year + 1)
    else:
        years = sorted({month.year for month in months})
    table = SalesStationYear._meta.db_table
    source = SalesStationMonth._meta.db_table
    with connection.cursor() as cursor:
        for year in years:
            cursor.execute(f"DELETE FROM {table} WHERE year = %s", [year])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {table} (station_id, year, region_id, kind, {_SUMMED}) "  # noqa: S608
                f"SELECT station_id, %s, region_id, kind, {_PLAIN_SUMS} FROM {source} "
                "WHERE month >= %s AND month < %s GROUP BY station_id, region_id, kind",
                [year, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)],
            )


def refresh_station(station) -> int:
    """After a station's district or kind changed: rebuild the summaries of the months
    that still file its sales under the old ones. Returns the number of months."""
    months = list(
        SalesStationMonth.objects.filter(station=station)
        .exclude(region_id=station.region_id, kind=station.kind)
        .values_list("month", flat=True)
    )
    refresh_summaries(months)
    return len(months)
