"""The PostgreSQL fast path of the sales import: a CSV is read in chunks of a few
megabytes, typed and checked column by column with polars (vectorised, no Python loop
per row), and written with ``COPY`` straight into the fact table; the monthly rollups
are summed from the same columns on the way.

It only ever *accepts* a file: every rule of the row-by-row path (``validation``) holds
for every row, or the file is handed back to the row-by-row path, which then reports
each problem with its row and column. So the two paths cannot disagree on what is
accepted, and the fast path needs no error messages of its own. It is conservative:
numbers in canonical form (ASCII digits, ``1234.50``) are typed here; anything the Python
parser would have to interpret (full-width digits, ``1,234.50``, ``¥``, spaces) sends the
file down the row-by-row path, which handles it. The few distinct station codes, game
names and date texts of each chunk are typed by the same Python functions as the
row-by-row path. A key already stored (insert mode) or twice in the file violates the
fact table's primary key, which aborts the COPY and sends the file row by row too.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from queue import Full, Queue
from typing import IO

import polars as pl
import psycopg
from django.conf import settings
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from . import loading, rollups
from .parsing import (
    CHUNK,
    CSV_DELIMITERS,
    FileFormatError,
    FileInfo,
    ValueProblem,
    match_headers,
    parse_date,
)
from .rates import RateBook
from .validation import RowValidator

logger = logging.getLogger(__name__)

# Bytes per chunk: large enough for polars to pay off, small enough that memory stays
# flat (a chunk of ~250,000 rows takes a few tens of MB as columns).
CHUNK_BYTES = 8 << 20

# Canonical numbers only; [0-9], not \d, which is Unicode-aware in polars' regex.
_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_COUNT = r"^[0-9]{1,9}$"

_DAY_COLUMNS = ("station_id", "game_id", "date", "sales_fen", "tickets", "payout_fen")
_SUMS = ("sales_fen", "tickets", "prize_fen", "issuance_fen", "welfare_fen", "commission_fen")


class NotEligible(Exception):
    """The file needs the row-by-row path (an unusual form, or a problem to report)."""


@dataclass
class FastResult:
    rows: int
    date_from: datetime.date
    date_to: datetime.date
    inserted: int
    replaced: int
    by_game: list[dict]


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


def _chunks(file: IO[bytes], offset: int, encoding: str) -> Iterator[bytes]:
    """UTF-8 pieces of the data lines, each ending at a line break. A quoted field
    spanning lines (or a stray quote) leaves an odd number of quotes before the break:
    such a file goes row by row. (In GB18030 neither a line break nor a quote byte
    occurs inside a character.)"""
    file.seek(offset)
    pending = b""
    while True:
        block = file.read(CHUNK_BYTES)
        data = pending + block
        if not block:
            if data.strip():
                if not data.endswith(b"\n"):
                    data += b"\n"
                yield _utf8(data, encoding)
            return
        end = data.rfind(b"\n") + 1
        if data.count(b'"', 0, end) % 2:
            raise NotEligible("a quoted field spans lines")
        if not end:
            if len(data) > 4 * settings.FUCAI_IMPORT_MAX_LINE_CHARS:
                raise NotEligible("a line longer than the limit")  # reported row by row
            pending = data
            continue
        pending = data[end:]
        yield _utf8(data[:end], encoding)


def _utf8(data: bytes, encoding: str) -> bytes:
    if encoding == "gb18030":
        return data.decode("gb18030").encode("utf-8")
    return data


@dataclass
class _Maps:
    """Text → typed value for the station, game and date texts met so far, typed by the
    row-by-row path's own functions; a text it refuses maps to nothing."""

    validator: RowValidator
    stations: dict[str, tuple | None] = field(default_factory=dict)
    games: dict[str, int | None] = field(default_factory=dict)
    dates: dict[str, datetime.date | None] = field(default_factory=dict)
    rates: RateBook = field(default_factory=RateBook.load)
    rate_rows: dict[tuple[int, datetime.date], tuple] = field(default_factory=dict)

    def station_frame(self, texts: list[str]) -> pl.DataFrame:
        for text in texts:
            if text not in self.stations:
                self.stations[text] = self.validator.station(text)
        rows = [(t, *self.stations[t]) for t in texts if self.stations[t] is not None]
        return pl.DataFrame(
            rows,
            schema={"t": pl.String, "station_id": pl.Int64, "opened": pl.Date, "closed": pl.Date},
            orient="row",
        )

    def game_frame(self, texts: list[str]) -> pl.DataFrame:
        for text in texts:
            if text not in self.games:
                self.games[text] = self.validator.game_id(text)
        first_rate = self.validator.first_rate
        rows = [(t, self.games[t], first_rate.get(self.games[t])) for t in texts if self.games[t]]
        return pl.DataFrame(
            rows, schema={"t": pl.String, "game_id": pl.Int64, "first": pl.Date}, orient="row"
        )

    def date_frame(self, texts: list[str]) -> pl.DataFrame:
        for text in texts:
            if text not in self.dates:
                try:
                    date = parse_date(text)
                except ValueProblem:
                    date = None
                # A future date is refused, as row by row (validation.RowValidator).
                self.dates[text] = date if date and date <= self.validator.today else None
        rows = [(t, self.dates[t]) for t in texts if self.dates[t] is not None]
        return pl.DataFrame(rows, schema={"t": pl.String, "date": pl.Date}, orient="row")

    def rate_frame(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """The rate in force for each (game, date), in hundredths of a percent."""
        rows = []
        for game_id, date in pairs.iter_rows():
            key = (game_id, date)
            if key not in self.rate_rows:
                rate = self.rates.rate_on(game_id, date)
                self.rate_rows[key] = (
                    None
                    if rate is None
                    else tuple(
                        int(pct * 100)
                        for pct in (rate.welfare_pct, rate.issuance_pct, rate.commission_pct)
                    )
                )
            if self.rate_rows[key] is not None:
                rows.append((game_id, date, *self.rate_rows[key]))
        schema = {"game_id": pl.Int64, "date": pl.Date}
        schema |= {"w": pl.Int64, "i": pl.Int64, "c": pl.Int64}
        return pl.DataFrame(rows, schema=schema, orient="row")


def _typed(frame: pl.DataFrame, index: dict[str, int], maps: _Maps) -> pl.DataFrame:
    """The chunk as SalesDay columns plus its month and split, or NotEligible."""
    station, game, date = (f"c{index[name]}" for name in ("station", "game", "date"))
    frame = (
        frame.join(
            maps.station_frame(frame[station].drop_nulls().unique().to_list()),
            left_on=station,
            right_on="t",
            how="left",
            maintain_order="left",
        )
        .join(
            maps.game_frame(frame[game].drop_nulls().unique().to_list()),
            left_on=game,
            right_on="t",
            how="left",
            maintain_order="left",
        )
        .join(
            maps.date_frame(frame[date].drop_nulls().unique().to_list()),
            left_on=date,
            right_on="t",
            how="left",
            maintain_order="left",
        )
    )
    sales = pl.col(f"c{index['sales']}")
    tickets = pl.col(f"c{index['tickets']}") if "tickets" in index else pl.lit(None, pl.String)
    payout = pl.col(f"c{index['payout']}") if "payout" in index else pl.lit(None, pl.String)
    checks = frame.select(
        known=pl.col("station_id").is_not_null().all()
        & pl.col("game_id").is_not_null().all()
        & pl.col("date").is_not_null().all(),
        open=(
            (pl.col("date") >= pl.col("opened"))
            & (pl.col("closed").is_null() | (pl.col("date") <= pl.col("closed")))
            & (pl.col("date") >= pl.col("first"))
        ).all(ignore_nulls=False),  # a station not yet opened has no opening date
        sales=sales.str.contains(_AMOUNT).all(ignore_nulls=False),
        tickets=(tickets.is_null() | tickets.str.contains(_COUNT)).all(ignore_nulls=False),
        payout=(payout.is_null() | payout.str.contains(_AMOUNT)).all(ignore_nulls=False),
    ).row(0, named=True)
    if all(checks.values()):
        # Amounts above the daily limit are refused, as row by row (only once they are
        # known to be canonical numbers, which _fen can read).
        checks["limit"] = frame.select(
            (_fen(sales) <= maps.validator.max_fen).all()
            & (payout.is_null() | (_fen(payout) <= maps.validator.max_fen)).all()
        ).item()
    if not all(checks.values()):
        raise NotEligible(f"a chunk needs the row-by-row path: {checks}")
    frame = frame.select(
        "station_id",
        "game_id",
        "date",
        sales_fen=_fen(sales),
        tickets=tickets.cast(pl.Int64).fill_null(0),
        payout_fen=_fen(payout),
        month=pl.col("date").dt.truncate("1mo"),
    )
    rates = maps.rate_frame(frame.select("game_id", "date").unique())
    frame = frame.join(rates, on=["game_id", "date"], how="left", maintain_order="left")
    if frame["w"].null_count():
        raise NotEligible("a sale before its game's first rate")
    # The split of ``fucai.sales.split``: welfare and issuance rounded half up in integer
    # arithmetic, issuance capped at what the welfare fund leaves, commission at issuance.
    sales_fen = pl.col("sales_fen")
    welfare = (sales_fen * pl.col("w") + 5000) // 10000
    issuance = pl.min_horizontal((sales_fen * pl.col("i") + 5000) // 10000, sales_fen - welfare)
    commission = pl.min_horizontal((sales_fen * pl.col("c") + 5000) // 10000, issuance)
    return frame.with_columns(
        welfare_fen=welfare,
        issuance_fen=issuance,
        commission_fen=commission,
        prize_fen=sales_fen - welfare - issuance,
    )


def _fen(text: pl.Expr) -> pl.Expr:
    """A canonical yuan amount (checked by _AMOUNT) in integer fen."""
    yuan = text.str.extract(r"^([0-9]+)", 1).cast(pl.Int64)
    cents = text.str.extract(r"\.([0-9]+)$", 1).str.pad_end(2, "0").cast(pl.Int64)
    return yuan * 100 + cents.fill_null(0)


def _csv(frame: pl.DataFrame, columns: tuple[str, ...]) -> bytes:
    buffer = io.BytesIO()
    frame.select(columns).write_csv(buffer, include_header=False, null_value="")
    return buffer.getvalue()


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


_PARTIAL_COLUMNS = ("station_id", "game_id", "month", "days", *_SUMS)
_MONTH_SUMS = ", ".join(f"sum({name})" for name in ("days", *_SUMS))


@dataclass
class _Chunk:
    """One chunk, typed: its rows for COPY and its sums by (station, game, month)."""

    rows: int
    first: datetime.date
    last: datetime.date
    months: set[datetime.date]
    days_csv: bytes
    partial_csv: bytes


def _typed_chunks(file, offset, info, cells, delimiter, index, maps, batch_id):
    names = [f"c{i}" for i in range(len(cells))]
    day_columns = _DAY_COLUMNS if batch_id is None else (*_DAY_COLUMNS, "import_batch_id")
    for chunk in _chunks(file, offset, info.encoding):
        try:
            frame = pl.read_csv(
                chunk,
                has_header=False,
                new_columns=names,
                infer_schema=False,
                separator=delimiter,
                quote_char='"',
            )
        except pl.exceptions.PolarsError as error:  # ragged rows, bad quoting, bad UTF-8
            raise NotEligible(f"unreadable as CSV: {error}") from error
        if len(frame.columns) != len(names):
            raise NotEligible("ragged rows")
        frame = _typed(frame, index, maps).with_columns(import_batch_id=pl.lit(batch_id, pl.Int64))
        partial = frame.group_by("station_id", "game_id", "month").agg(
            pl.len().alias("days"), *(pl.col(name).sum() for name in _SUMS)
        )
        yield _Chunk(
            rows=frame.height,
            first=frame["date"].min(),
            last=frame["date"].max(),
            months=set(frame["month"].unique().to_list()),
            days_csv=_csv(frame, day_columns),
            partial_csv=_csv(partial, _PARTIAL_COLUMNS),
        )


def _prefetched(chunks: Iterator[_Chunk], depth: int = 2) -> Iterator[_Chunk]:
    """Type the next chunks in a thread while the database takes the current one:
    polars releases the GIL, so reading and COPY overlap on two cores. The thread
    never touches the database."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce():
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        queue.put(chunk, timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put(done)
        except BaseException as error:  # handed to the consumer, raised there
            queue.put(error)

    thread = threading.Thread(target=produce, name="sales-import-reader", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


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
