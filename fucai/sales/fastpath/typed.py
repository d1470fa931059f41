"""Typing and checking a chunk column-wise with polars: station, game and date texts
through the row-by-row path's own functions (a few distinct texts per chunk), amounts
and counts only in canonical form, the split at each day's rate; anything else raises
``NotEligible``."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import polars as pl

from ..parsing import ValueProblem, parse_date
from ..rates import RateBook
from ..validation import RowValidator
from .chunks import NotEligible, _chunks

# Canonical numbers only; [0-9], not \d, which is Unicode-aware in polars' regex.
_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_COUNT = r"^[0-9]{1,9}$"

_DAY_COLUMNS = ("station_id", "game_id", "date", "sales_fen", "tickets", "payout_fen")
_SUMS = ("sales_fen", "tickets", "prize_fen", "issuance_fen", "welfare_fen", "commission_fen")


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


_PARTIAL_COLUMNS = ("station_id", "game_id", "month", "days", *_SUMS)


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
