"""The PostgreSQL fast path of the sales import: the file goes into the database with one
COPY and is checked and typed there with set-based SQL, instead of row by row in Python.

It only ever *accepts* a file: every rule of the row-by-row path (``validation``) holds
for every row, checked in SQL, or the file is handed back to the row-by-row path, which
then reports each problem with its row and column. So the two paths cannot disagree on
what is accepted, and the fast path needs no error messages of its own. It is
conservative: values in canonical form (ASCII digits, ``1234.50``) are typed in SQL;
anything the Python parser would have to interpret (full-width digits, ``1,234.50``,
``¥``) sends the file down the row-by-row path, which handles it.

The few distinct station codes, game names and date texts of a file are typed by the
same Python functions as the row-by-row path and joined in as small mapping tables.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import logging
from dataclasses import dataclass
from typing import IO

import psycopg
from django.db import connection, transaction

from . import loading
from .parsing import (
    CHUNK,
    CSV_DELIMITERS,
    FileFormatError,
    FileInfo,
    ValueProblem,
    match_headers,
    normalize_code,
    parse_date,
)
from .validation import RowValidator

logger = logging.getLogger(__name__)

_PG_ENCODING = {"utf-8-sig": "UTF8", "gb18030": "GB18030"}
_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_COUNT = r"^[0-9]{1,9}$"


class NotEligible(Exception):
    """The file needs the row-by-row path (an unusual form, or a problem to report)."""


@dataclass
class FastResult:
    rows: int
    date_from: datetime.date
    date_to: datetime.date
    inserted: int
    replaced: int


def _header(file: IO[bytes], encoding: str) -> tuple[int, list[str], str, int]:
    """(header row number, header cells, delimiter, byte offset of the first data row)."""
    file.seek(0)
    head = file.read(CHUNK)
    offset, number = 0, 0
    if encoding == "utf-8-sig" and head.startswith(codecs.BOM_UTF8):
        offset = len(codecs.BOM_UTF8)
    while True:
        end = head.find(b"\n", offset)
        if end < 0:
            raise NotEligible("no complete header line in the first megabyte")
        number += 1
        line = head[offset:end].decode(encoding.replace("-sig", ""))
        offset = end + 1
        if line.strip():
            break
    delimiter = max(CSV_DELIMITERS, key=line.count)
    cells = next(csv.reader([line], delimiter=delimiter))
    return number, cells, delimiter, offset


def _copy_raw(cursor, file: IO[bytes], width: int, delimiter: str, encoding: str, offset: int):
    columns = ", ".join(f"c{i} text" for i in range(width))
    cursor.execute(
        f"CREATE TEMP TABLE sales_import_raw ({columns}, row_no bigserial) ON COMMIT DROP"
    )
    names = ", ".join(f"c{i}" for i in range(width))
    statement = (
        f"COPY sales_import_raw ({names}) FROM STDIN WITH "
        f"(FORMAT csv, DELIMITER {_literal(delimiter)}, ENCODING '{_PG_ENCODING[encoding]}')"
    )
    file.seek(offset)
    with cursor.cursor.copy(statement) as copy:
        while chunk := file.read(CHUNK):
            copy.write(chunk)


def _literal(delimiter: str) -> str:
    return "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"


def _distinct(cursor, column: str) -> list[str | None]:
    cursor.execute(f"SELECT DISTINCT {column} FROM sales_import_raw")  # noqa: S608 -- c<n>
    return [row[0] for row in cursor.fetchall()]


def _mapping(cursor, name: str, kind: str, pairs: list[tuple[str, object]]) -> None:
    cursor.execute(f"CREATE TEMP TABLE {name} (t text PRIMARY KEY, v {kind}) ON COMMIT DROP")
    with cursor.cursor.copy(f"COPY {name} (t, v) FROM STDIN") as copy:
        for text, value in pairs:
            copy.write_row((text, value))


def _map_values(cursor, validator: RowValidator, index: dict[str, int]) -> None:
    """Type the distinct station, game and date texts exactly as the Python path does."""
    stations = []
    for text in _distinct(cursor, f"c{index['station']}"):
        station = validator.stations.get(normalize_code(text)) if text is not None else None
        if station is not None:
            stations.append((text, station[0]))
    games = []
    for text in _distinct(cursor, f"c{index['game']}"):
        if text is None:
            continue
        code = normalize_code(text)
        game_id = validator.games.get(code.upper()) or validator.games.get(code)
        if game_id is not None:
            games.append((text, game_id))
    dates = []
    for text in _distinct(cursor, f"c{index['date']}"):
        if text is None:
            continue
        try:
            dates.append((text, parse_date(text)))
        except ValueProblem:
            continue
    _mapping(cursor, "sales_map_station", "bigint", stations)
    _mapping(cursor, "sales_map_game", "bigint", games)
    _mapping(cursor, "sales_map_date", "date", dates)


def _typed(cursor, index: dict[str, int], first_row: int) -> None:
    """The same staging table as the row-by-row loader's, typed in SQL; NULL (or -1 for
    a payout) marks a value the fast path does not accept."""
    sales = f"r.c{index['sales']}"
    tickets = f"NULLIF(r.c{index['tickets']}, '')" if "tickets" in index else "NULL"
    payout = f"NULLIF(r.c{index['payout']}, '')" if "payout" in index else "NULL"
    # Column names are c<index> built here; values go in as parameters.
    statement = f"""
        CREATE TEMP TABLE {loading.STAGING} ON COMMIT DROP AS
        SELECT r.row_no + %s AS row_no, ms.v AS station_id, mg.v AS game_id, md.v AS date,
               CASE WHEN {sales} ~ %s THEN ({sales}::numeric * 100)::bigint END AS sales_fen,
               CASE WHEN {tickets} IS NULL THEN 0
                    WHEN {tickets} ~ %s THEN {tickets}::integer END AS tickets,
               CASE WHEN {payout} IS NULL THEN NULL
                    WHEN {payout} ~ %s THEN ({payout}::numeric * 100)::bigint
                    ELSE -1 END AS payout_fen
        FROM sales_import_raw r
        LEFT JOIN sales_map_station ms ON ms.t = r.c{index["station"]}
        LEFT JOIN sales_map_game mg ON mg.t = r.c{index["game"]}
        LEFT JOIN sales_map_date md ON md.t = r.c{index["date"]}
    """  # noqa: S608
    cursor.execute(statement, [first_row - 1, _AMOUNT, _COUNT, _AMOUNT])


_CHECKS = """
SELECT
  (SELECT count(*) FROM {staging}),
  (SELECT count(*) FROM {staging}
    WHERE station_id IS NULL OR game_id IS NULL OR date IS NULL OR sales_fen IS NULL
       OR tickets IS NULL OR payout_fen = -1),
  (SELECT count(*) FROM {staging} s JOIN stations_station st ON st.id = s.station_id
    WHERE st.opened_on IS NULL OR s.date < st.opened_on
       OR (st.closed_on IS NOT NULL AND s.date > st.closed_on)),
  (SELECT count(*) FROM {staging} s
    LEFT JOIN (SELECT game_id, min(effective_from) AS first FROM sales_splitrate
               GROUP BY game_id) r ON r.game_id = s.game_id
    WHERE r.first IS NULL OR s.date < r.first),
  (SELECT count(*) FROM (SELECT 1 FROM {staging} GROUP BY date, station_id, game_id
                         HAVING count(*) > 1) d),
  (SELECT min(date) FROM {staging}),
  (SELECT max(date) FROM {staging})
"""


def try_fast_load(batch, file: IO[bytes], info: FileInfo, *, replace: bool) -> FastResult | None:
    """Load a clean CSV in SQL, or return None (leaving nothing behind) so the caller
    runs the row-by-row path."""
    if connection.vendor != "postgresql" or info.kind != "csv":
        return None
    try:
        with transaction.atomic():  # a savepoint: a refused file leaves no temp tables
            return _load(batch, file, info, replace=replace)
    except (NotEligible, FileFormatError, psycopg.Error, UnicodeDecodeError) as reason:
        logger.info("sales import %s: row-by-row path (%s)", batch.pk, reason)
        file.seek(0)
        return None
    except Exception as error:
        # Django wraps driver errors (DataError, ...); a COPY that trips over a ragged
        # or badly quoted row is a reason to read the file row by row, not a crash.
        if error.__class__.__module__.startswith("django.db"):
            logger.info("sales import %s: row-by-row path (%s)", batch.pk, error)
            file.seek(0)
            return None
        raise


_TEMP_TABLES = (
    "sales_import_raw",
    "sales_map_station",
    "sales_map_game",
    "sales_map_date",
    loading.STAGING,
)


def _drop_temp_tables(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_TEMP_TABLES)}")


def _load(batch, file: IO[bytes], info: FileInfo, *, replace: bool) -> FastResult:
    number, cells, delimiter, offset = _header(file, info.encoding)
    columns = match_headers(number, cells)
    validator = RowValidator(columns)
    with connection.cursor() as cursor:
        _drop_temp_tables(cursor)  # left by an earlier import in the same transaction
        _copy_raw(cursor, file, len(cells), delimiter, info.encoding, offset)
        _map_values(cursor, validator, columns.index)
        _typed(cursor, columns.index, number + 1)
        cursor.execute(_CHECKS.format(staging=loading.STAGING))
        rows, bad, outside, unrated, duplicates, first, last = cursor.fetchone()
        if rows == 0 or bad or outside or unrated or duplicates:
            raise NotEligible(
                f"rows={rows} bad={bad} outside={outside} unrated={unrated} dup={duplicates}"
            )
        cursor.execute(f"ANALYZE {loading.STAGING}")
        if not replace and loading.staging_conflicts(cursor):
            raise NotEligible("rows already imported (insert mode)")
        inserted, replaced = loading.merge_staging(cursor, batch.pk, replace=replace)
        # Months are recomputed from all their days, not incremented: a rollup can
        # never drift from the facts, whatever wrote them.
        loading.rollups.recompute_from_staging(loading.STAGING)
        _drop_temp_tables(cursor)
    return FastResult(rows, first, last, inserted, replaced)
