"""Loading a typed CSV: ``COPY`` of each chunk into the fact table (or, in replace
mode, into the staging table merged afterwards) and of its sums into a partial table
the monthly rollups are written from; ``try_fast_load`` is the entry point."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import IO

import psycopg
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from .. import loading, rollups
from ..parsing import FileFormatError, FileInfo, match_headers
from ..validation import RowValidator
from .chunks import NotEligible, _header, _prefetched
from .typed import _DAY_COLUMNS, _PARTIAL_COLUMNS, _SUMS, _Maps, _typed_chunks

logger = logging.getLogger(__name__)


@dataclass
class FastResult:
    rows: int
    date_from: datetime.date
    date_to: datetime.date
    inserted: int
    replaced: int
    by_game: list[dict]


def _copy(cursor, table: str, data: bytes, columns: tuple[str, ...]) -> None:
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
    with cursor.cursor.copy(statement) as copy:
        copy.write(data)


def _fresh(cursor, months: list[datetime.date]) -> list[datetime.date]:
    """Those of ``months`` with no stored day: one probe of the primary key each. The
    planner's statistics of the fact table lag behind a bulk load, so it is told not
    to scan the table instead."""
    fresh = []
    cursor.execute("SET LOCAL enable_seqscan = off")
    for month in months:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM sales_salesday WHERE date >= %s AND date < %s)",
            [month, following],
        )
        if cursor.fetchone()[0]:
            fresh.append(month)
    cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    return fresh


def try_fast_load(batch, file: IO[bytes], info: FileInfo, *, replace: bool) -> FastResult | None:
    """Load a clean CSV column-wise, or return None (leaving nothing behind) so the
    caller runs the row-by-row path."""
    if connection.vendor != "postgresql" or info.kind != "csv":
        return None
    try:
        with transaction.atomic():  # a savepoint: a refused file leaves nothing behind
            return _load(batch, file, info, replace=replace)
    except _REFUSALS as reason:
        logger.info("sales import %s: row-by-row path (%s)", batch.pk, reason)
    file.seek(0)
    return None


# What sends a file row by row: its content, as the CSV reader, the checks or the fact
# table's constraints see it (a key already stored, a NOT NULL or CHECK violated, a
# value COPY cannot read). Anything else, such as an error in our own SQL, is a bug
# and is raised, not hidden behind the slower path.
_REFUSALS = (
    NotEligible,
    FileFormatError,
    UnicodeDecodeError,
    psycopg.DataError,
    psycopg.IntegrityError,
    DataError,
    IntegrityError,
)


_MONTH_SUMS = ", ".join(f"sum({name})" for name in ("days", *_SUMS))


def _write_months(cursor, fresh: list[datetime.date]) -> None:
    """Insert mode. A month of the file in which no day was stored before ("fresh",
    the usual case for a month's or a year's file) gets its rollups straight from the
    file's sums: any rollup left in it is cleared first. Any other touched (station,
    game, month) is recomputed from all its days, so a rollup is always the sum of
    every day of its month, whatever wrote them."""
    cursor.execute("DELETE FROM sales_salesmonth WHERE month = ANY(%s)", [fresh])
    cursor.execute("ANALYZE sales_import_partial")
    cursor.execute(
        "INSERT INTO sales_salesmonth (station_id, game_id, month, days, "  # noqa: S608
        f"{', '.join(_SUMS)}, updated_at) "
        f"SELECT station_id, game_id, month, {_MONTH_SUMS}, %s FROM sales_import_partial "
        "WHERE month = ANY(%s) GROUP BY station_id, game_id, month",
        [timezone.now(), fresh],
    )
    rollups.refresh_summaries(fresh)
    cursor.execute(
        "CREATE TEMP TABLE sales_import_touched ON COMMIT DROP AS "
        "SELECT DISTINCT station_id, game_id, month AS date FROM sales_import_partial "
        "WHERE NOT month = ANY(%s)",
        [fresh],
    )
    if cursor.rowcount:
        rollups.recompute_from_staging("sales_import_touched")
    cursor.execute("DROP TABLE sales_import_touched")


def _load(batch, file: IO[bytes], info: FileInfo, *, replace: bool) -> FastResult:
    number, cells, delimiter, offset = _header(file, info.encoding)
    columns = match_headers(number, cells)
    maps = _Maps(RowValidator(columns))
    chunks = _typed_chunks(
        file, offset, info, cells, delimiter, columns.index, maps, None if replace else batch.pk
    )
    seen: set[datetime.date] = set()
    fresh: list[datetime.date] = []
    rows, first, last = 0, datetime.date.max, datetime.date.min
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {loading.STAGING}, sales_import_partial")
        cursor.execute(
            "CREATE TEMP TABLE sales_import_partial (station_id bigint, game_id bigint, "
            f"month date, days bigint, {', '.join(f'{n} bigint' for n in _SUMS)}) ON COMMIT DROP"
        )
        if replace:
            cursor.execute(
                f"CREATE TEMP TABLE {loading.STAGING} (row_no integer, station_id bigint, "
                "game_id bigint, date date, sales_fen bigint, tickets integer, "
                "payout_fen bigint) ON COMMIT DROP"
            )
        for chunk in _prefetched(chunks):
            rows += chunk.rows
            first, last = min(first, chunk.first), max(last, chunk.last)
            if replace:
                _copy(cursor, loading.STAGING, chunk.days_csv, _DAY_COLUMNS)
            else:
                # A month first met in this chunk has none of the file's days stored yet.
                new = sorted(chunk.months - seen)
                seen.update(new)
                fresh += _fresh(cursor, new)
                day_columns = (*_DAY_COLUMNS, "import_batch_id")
                _copy(cursor, "sales_salesday", chunk.days_csv, day_columns)
            _copy(cursor, "sales_import_partial", chunk.partial_csv, _PARTIAL_COLUMNS)
        if rows == 0:
            raise NotEligible("no data rows")
        if replace:
            cursor.execute(f"ANALYZE {loading.STAGING}")
            inserted, replaced = loading.merge_staging(cursor, batch.pk, replace=True)
            rollups.recompute_from_staging(loading.STAGING)
            cursor.execute(f"DROP TABLE {loading.STAGING}")
        else:
            inserted, replaced = rows, 0
            _write_months(cursor, fresh)
        cursor.execute(
            "SELECT game_id, sum(days), sum(sales_fen), sum(tickets) "
            "FROM sales_import_partial GROUP BY game_id ORDER BY game_id"
        )
        by_game = [
            {"game": game, "rows": int(n), "sales_fen": int(sales), "tickets": int(tickets)}
            for game, n, sales, tickets in cursor.fetchall()
        ]
        cursor.execute("DROP TABLE sales_import_partial")
    return FastResult(rows, first, last, inserted, replaced, by_game)
