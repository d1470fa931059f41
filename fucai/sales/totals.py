"""Checking the total rows of a report-style sales file.

A row labelled 合计 / 总计 / 累计 or 小计 (see ``parsing.TOTAL``) is not a sale: it is
checked against the rows it adds up, and a total that does not match is an error naming
its row, column, the figure found and the sum expected. Which rows a total adds up:

- 小计 (subtotal) closes a group: the data rows since the previous total row of any kind.
  A 小计 that directly follows another 小计 (no data row between them) is a higher-level
  subtotal, such as a district's after its stations': it adds up the data rows since the
  previous such higher-level subtotal (or since the last 合计, or the header).
- 合计 / 总计 / 累计 (total) adds up every data row since the previous one of these (all
  rows above it, for the usual single 合计 at the end).

A period-to-date row (本年累计, 本月累计, 年度累计, 年初至今; see ``parsing.TO_DATE``)
is recognised and skipped without a check: its figures include days the file does not
hold (a daily report's 本年累计 counts the year so far), so it cannot match the rows
above it. It moves no mark either: the totals after it add up what they did before.

Sales, tickets and payout are checked where the file has the column and the total row
fills it in (a blank or "-" cell is not checked). A figure that could not be read on one
of the rows added up is already an error of that row, so the sum is not checked then.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .parsing import (
    TO_DATE,
    TOTAL,
    Columns,
    RawRow,
    RowError,
    ValueProblem,
    display_value,
    parse_count,
    parse_fen,
    text_of,
)
from .validation import SalesRow, overflow_error

_PARSERS = {"sales": parse_fen, "tickets": parse_count, "payout": parse_fen}
_NOT_FILLED = {"", "-", "—", "--", "/"}


@dataclass
class _Mark:
    """The running sums at a point of the file, and the first data row after it."""

    sums: dict[str, int]
    unknown: dict[str, int]  # rows whose figure could not be read
    rows: int  # data rows counted before it
    first_row: int | None = None


def _amount_text(field_name: str, value: int) -> str:
    if field_name == "tickets":
        return f"{value:,}"
    return f"{value // 100:,}.{value % 100:02d}"


class TotalsChecker:
    def __init__(self, columns: Columns):
        self.columns = columns
        self.fields = [name for name in _PARSERS if name in columns.index]
        self.sums = dict.fromkeys(self.fields, 0)
        self.unknown = dict.fromkeys(self.fields, 0)
        self.rows = 0
        self.last_row = 0
        self.group = self._mark()  # since the last total row of any kind
        self.outer = self._mark()  # since the last higher-level subtotal or total
        self.section = self._mark()  # since the last 合计
        self.checked = 0  # total rows met and checked (and skipped as sales)
        self.to_date = 0  # period-to-date rows met (skipped, not checked)

    def _mark(self) -> _Mark:
        return _Mark(dict(self.sums), dict(self.unknown), rows=self.rows)

    def add(self, raw: RawRow, row: SalesRow | None) -> None:
        """Count a data row; ``row`` is its checked form, None if it had errors."""
        self.rows += 1
        self.last_row = raw.row
        for mark in (self.group, self.outer, self.section):
            if mark.first_row is None:
                mark.first_row = raw.row
        if row is not None:
            self.sums["sales"] += row.sales_fen
            if "tickets" in self.sums:
                self.sums["tickets"] += row.tickets
            if "payout" in self.sums:
                self.sums["payout"] += row.payout_fen or 0
            return
        for name in self.fields:
            value = getattr(raw, name)
            if name != "sales" and text_of(value) == "":
                continue  # blank tickets or payout count as nothing, as on a valid row
            try:
                self.sums[name] += _PARSERS[name](value)
            except ValueProblem:
                self.unknown[name] += 1

    def check(self, raw: RawRow) -> list[RowError]:
        """Check a total row against the rows it adds up; move the marks past it. A
        period-to-date row is only counted."""
        if TO_DATE.search(raw.total):
            self.to_date += 1
            return []
        self.checked += 1
        match = TOTAL.search(raw.total)
        subtotal = match is not None and match.group(2) is not None
        if subtotal and self.rows > self.group.rows:
            mark = self.group
        elif subtotal:
            mark = self.outer
            self.outer = self._mark()
        else:
            mark = self.section
            self.section = self.outer = self._mark()
        self.group = self._mark()
        if raw.overflow:
            return [overflow_error(raw)]
        errors = []
        for name in self.fields:
            value = getattr(raw, name)
            if text_of(value) in _NOT_FILLED:
                continue
            try:
                found = _PARSERS[name](value)
            except ValueProblem as problem:
                errors.append(self._error(raw, name, problem))
                continue
            if self.unknown[name] != mark.unknown[name]:
                continue
            expected = self.sums[name] - mark.sums[name]
            if found != expected:
                errors.append(self._mismatch(raw, name, found, expected, mark, grand=not subtotal))
        return errors

    def _error(self, raw: RawRow, name: str, reason) -> RowError:
        return RowError(
            row=raw.row,
            column=self.columns.label(name),
            value=display_value(getattr(raw, name)),
            reason=str(reason),
        )

    def _mismatch(
        self, raw: RawRow, name: str, found: int, expected: int, mark: _Mark, *, grand: bool
    ) -> RowError:
        values = {
            "row": raw.row,
            "label": raw.total[:20],
            "column": self.columns.label(name),
            "found": _amount_text(name, found),
            "expected": _amount_text(name, expected),
            "first": mark.first_row,
            "last": self.last_row,
        }
        if mark.first_row is None:
            reason = _(
                "Row %(row)s “%(label)s”: %(column)s is %(found)s, but there are no data "
                "rows above it to add up"
            )
        elif grand:
            reason = _(
                "Row %(row)s “%(label)s”: %(column)s is %(found)s, but the rows above add up "
                "to %(expected)s"
            )
        else:
            reason = _(
                "Row %(row)s “%(label)s”: %(column)s is %(found)s, but rows %(first)s to "
                "%(last)s add up to %(expected)s"
            )
        return self._error(raw, name, reason % values)
