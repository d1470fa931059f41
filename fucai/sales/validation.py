"""Checking each row of a sales file against the registry: station, game, dates, rates.

Every problem of every row is collected (not just the first), so the clerk can fix the
whole file in one go. The registry is loaded once into dictionaries, so checking a row
costs no query.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.stations.models import Station

from .models import Game, SplitRate
from .parsing import (
    Columns,
    RawRow,
    RowError,
    ValueProblem,
    display_value,
    normalize_code,
    parse_count,
    parse_date,
    parse_fen,
)


def max_daily_fen() -> int:
    """The largest amount one station may sell (or pay out) of one game in one day, in
    fen (``settings.FUCAI_MAX_DAILY_SALES_YUAN``): a larger figure is a typing error,
    and far below what the fact table's bigint columns hold once summed."""
    return settings.FUCAI_MAX_DAILY_SALES_YUAN * 100


@dataclass(frozen=True, slots=True)
class SalesRow:
    """One valid row, ready to be written as a SalesDay."""

    row: int
    station_id: int
    game_id: int
    date: datetime.date
    sales_fen: int
    tickets: int
    payout_fen: int | None

    @property
    def key(self) -> tuple[int, int, datetime.date]:
        return (self.station_id, self.game_id, self.date)


def overflow_error(raw: RawRow) -> RowError:
    return RowError(
        row=raw.row,
        column="",
        value=", ".join(display_value(cell) for cell in raw.overflow),
        reason=str(
            _(
                "more cells than the header has columns (an amount with a comma "
                "that is not in quotes?)"
            )
        ),
    )


class RowValidator:
    def __init__(self, columns: Columns, *, find_duplicates: bool = True):
        self.columns = columns
        # A file's duplicate keys are found here, or — on PostgreSQL, where every row is
        # staged anyway — by the loader in SQL, so memory does not grow with the file.
        self.find_duplicates = find_duplicates
        self.stations: dict[str, tuple[int, datetime.date | None, datetime.date | None]] = {
            code: (pk, opened, closed)
            for code, pk, opened, closed in Station.objects.values_list(
                "code", "id", "opened_on", "closed_on"
            )
        }
        self.station_codes = {pk: code for code, (pk, _o, _c) in self.stations.items()}
        self.games: dict[str, int] = {}
        self.game_codes: dict[int, str] = {}
        for pk, code, name in Game.objects.values_list("id", "code", "name"):
            self.games[code.upper()] = pk
            self.games[unicodedata.normalize("NFKC", name)] = pk
            self.game_codes[pk] = code
        self.first_rate = dict(
            SplitRate.objects.values("game_id")
            .annotate(first=Min("effective_from"))
            .values_list("game_id", "first")
        )
        # key -> the row it first appeared on; kept for the whole file to catch duplicates
        self.seen: dict[tuple[int, int, datetime.date], int] = {}
        # (station, game, first of month) of every valid row: the rollups to recompute
        self.months: set[tuple[int, int, datetime.date]] = set()
        self.date_from: datetime.date | None = None
        self.date_to: datetime.date | None = None
        # Sales are reported after the day: none dated after today (Asia/Shanghai).
        self.today = timezone.localdate()
        self.max_fen = max_daily_fen()

    def _error(self, raw: RawRow, field: str, reason) -> RowError:
        return RowError(
            row=raw.row,
            column=self.columns.label(field),
            value=display_value(getattr(raw, field)),
            reason=str(reason),
        )

    def describe(self, key: tuple[int, int, datetime.date]) -> str:
        station_id, game_id, date = key
        station = self.station_codes.get(station_id, station_id)
        return f"{station} {self.game_codes.get(game_id, game_id)} {date.isoformat()}"

    def station(self, text) -> tuple | None:
        """(id, opened on, closed on) of the station a cell names, or None."""
        return self.stations.get(normalize_code(text))

    def game_id(self, text) -> int | None:
        """The game a cell names by code (any case) or by name, or None."""
        code = normalize_code(text)
        return self.games.get(code.upper()) or self.games.get(code)

    def check(self, raw: RawRow) -> tuple[SalesRow | None, list[RowError]]:
        errors: list[RowError] = []
        if raw.overflow:
            errors.append(overflow_error(raw))
        station = self.station(raw.station)
        if station is None:
            errors.append(self._error(raw, "station", _("unknown station")))
        game_id = self.game_id(raw.game)
        if game_id is None:
            errors.append(self._error(raw, "game", _("unknown game")))
        values = {}
        for field, parse in (
            ("date", parse_date),
            ("sales", parse_fen),
            ("tickets", parse_count),
        ):
            try:
                values[field] = parse(getattr(raw, field))
            except ValueProblem as problem:
                errors.append(self._error(raw, field, problem))
        payout = None
        if normalize_code(raw.payout):
            try:
                payout = parse_fen(raw.payout)
            except ValueProblem as problem:
                errors.append(self._error(raw, "payout", problem))
        for field, amount in (("sales", values.get("sales")), ("payout", payout)):
            if amount is not None and amount > self.max_fen:
                reason = _("amount exceeds the daily limit of %(limit)s yuan") % {
                    "limit": f"{self.max_fen // 100:,}"
                }
                errors.append(self._error(raw, field, reason))
                values.pop(field, None)
        date = values.get("date")
        if date is not None and date > self.today:
            errors.append(self._error(raw, "date", _("the date is in the future")))
            date = None
        period = self.columns.period
        if date is not None and period is not None and not period[1] <= date <= period[2]:
            reason = _("outside the period %(first)s to %(last)s stated in row %(row)s") % {
                "first": period[1].isoformat(),
                "last": period[2].isoformat(),
                "row": period[0],
            }
            errors.append(self._error(raw, "date", reason))
            date = None
        if station is not None and date is not None:
            errors.extend(self._check_station_dates(raw, station, date))
        if game_id is not None and date is not None:
            first = self.first_rate.get(game_id)
            if first is None or date < first:
                errors.append(self._error(raw, "date", _("no split rate in force for this game")))
        if station is None or game_id is None or date is None:
            return None, errors
        key = (station[0], game_id, date)
        earlier = self.seen.setdefault(key, raw.row) if self.find_duplicates else raw.row
        if earlier != raw.row:
            errors.append(self.duplicate_error(raw.row, earlier, key))
        if errors:
            return None, errors
        self.months.add((key[0], key[1], date.replace(day=1)))
        self.date_from = min(self.date_from or date, date)
        self.date_to = max(self.date_to or date, date)
        return (
            SalesRow(raw.row, key[0], game_id, date, values["sales"], values["tickets"], payout),
            [],
        )

    def duplicate_error(self, row: int, earlier: int, key) -> RowError:
        return RowError(
            row=row,
            column=self.columns.label("date"),
            value=self.describe(key),
            reason=str(_("duplicate of row %(row)s") % {"row": earlier}),
        )

    def _check_station_dates(self, raw: RawRow, station, date) -> list[RowError]:
        _pk, opened, closed = station
        if opened is None:
            return [self._error(raw, "station", _("the station has not opened"))]
        if date < opened:
            reason = _("before the station opened on %(date)s") % {"date": opened.isoformat()}
            return [self._error(raw, "date", reason)]
        if closed is not None and date > closed:
            reason = _("after the station closed on %(date)s") % {"date": closed.isoformat()}
            return [self._error(raw, "date", reason)]
        return []
