"""The benchmark's input files: terminal-system exports (station code, game, date, sales
in yuan, tickets: what Fucai's import reads) and, row for row, the same data as the
sales fact table stores it (station id, game id, date, sales in fen, tickets, payout,
batch: what the baseline ``COPY`` reads). One row per station × game × day."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

HEADER = "站点编号,游戏,日期,销售额,票数\n"
# The fact table's columns in the order the import's COPY writes them.
FACT_COLUMNS = (
    "station_id",
    "game_id",
    "date",
    "sales_fen",
    "tickets",
    "payout_fen",
    "import_batch_id",
)
BASELINE_BATCH_ID = 1  # the import writes its batch's id into every row; so does the baseline


@dataclass
class Pair:
    """A terminal file and the same rows as fact-table rows."""

    terminal: Path
    typed: Path
    rows: int = 0

    def open(self):
        terminal = self.terminal.open("wb")
        terminal.write(HEADER.encode())
        return terminal, self.typed.open("wb")


@dataclass
class Files:
    bulk: Pair  # every day but the last ``daily`` ones
    days: list[tuple[datetime.date, Pair]] = field(default_factory=list)  # one file a day
    last_year: Path | None = None  # the last year's terminal file (for the 1-year database)
    last_year_rows: int = 0

    @property
    def rows(self) -> int:
        return self.bulk.rows + sum(pair.rows for _day, pair in self.days)


def day_frames(
    day: datetime.date,
    codes: Sequence[str],
    station_ids: Sequence[int],
    games: Sequence[tuple[str, int]],
    rng: random.Random,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(terminal rows, fact rows) of one day, station by station, game by game."""
    n = len(codes) * len(games)
    tickets = pl.Series("tickets", rng.choices(range(1, 401), k=n), dtype=pl.Int64)
    station_index = pl.int_range(0, n, eager=True) // len(games)
    game_index = pl.int_range(0, n, eager=True) % len(games)
    terminal = pl.DataFrame(
        {
            "code": pl.Series(codes).gather(station_index),
            "game": pl.Series([code for code, _id in games]).gather(game_index),
            "date": pl.repeat(day.isoformat(), n, eager=True),
            # Sales in yuan with two decimals, as the terminal prints them: 2 yuan a ticket.
            "sales": (tickets * 2).cast(pl.String) + ".00",
            "tickets": tickets,
        }
    )
    typed = pl.DataFrame(
        {
            "station_id": pl.Series(station_ids, dtype=pl.Int64).gather(station_index),
            "game_id": pl.Series([gid for _code, gid in games], dtype=pl.Int64).gather(game_index),
            "date": pl.repeat(day, n, eager=True),
            "sales_fen": tickets * 200,
            "tickets": tickets,
            "payout_fen": pl.repeat(None, n, dtype=pl.Int64, eager=True),
            "import_batch_id": pl.repeat(BASELINE_BATCH_ID, n, dtype=pl.Int64, eager=True),
        }
    )
    return terminal, typed


def generate(
    folder: Path,
    codes: Sequence[str],
    station_ids: Sequence[int],
    games: Sequence[tuple[str, int]],
    *,
    last_year: int,
    years: int,
    daily: int,
    with_last_year: bool,
) -> Files:
    """The bulk pair (``years`` years up to the end of ``last_year``, less its last
    ``daily`` days), one pair per each of those days, and, with ``with_last_year``, the
    last year's terminal rows in a file of their own."""
    rng = random.Random(2019)
    first = datetime.date(last_year - years + 1, 1, 1)
    end = datetime.date(last_year + 1, 1, 1)
    tag = f"{len(codes)}x{len(games)}-{years}y"
    files = Files(bulk=Pair(folder / f"sales-{tag}.csv", folder / f"sales-{tag}.fact.csv"))
    bulk = files.bulk.open()
    year_file = None
    if with_last_year:
        files.last_year = folder / f"sales-{len(codes)}x{len(games)}-{last_year}.csv"
        year_file = files.last_year.open("wb")
        year_file.write(HEADER.encode())
    try:
        day = first
        while day < end:
            terminal, typed = day_frames(day, codes, station_ids, games, rng)
            if (end - day).days > daily:
                pair, (terminal_out, typed_out) = files.bulk, bulk
            else:
                stem = folder / f"sales-{len(codes)}x{len(games)}-day-{day.isoformat()}"
                pair = Pair(stem.with_suffix(".csv"), stem.with_suffix(".fact.csv"))
                files.days.append((day, pair))
                terminal_out, typed_out = pair.open()
            terminal.write_csv(terminal_out, include_header=False)
            typed.write_csv(typed_out, include_header=False, null_value="")
            pair.rows += terminal.height
            if year_file is not None and day.year == last_year:
                terminal.write_csv(year_file, include_header=False)
                files.last_year_rows += terminal.height
            if pair is not files.bulk:
                terminal_out.close()
                typed_out.close()
            day += datetime.timedelta(days=1)
    finally:
        for handle in (*bulk, year_file):
            if handle is not None:
                handle.close()
    return files
