"""Where the table sits in a sales file exported from a report screen.

A terminal system's report ("温州市福利彩票销售日报表") puts title rows above the header
(the report's name, "统计日期：2019-12-01 至 2019-12-31", "单位：元"), and its header may
take two rows, a group label such as "销量" merged across "销售额 | 兑奖额" below it. The
header is the row among the first ``HEADER_SCAN_ROWS`` non-blank rows — or the pair of
consecutive rows — whose cells name the most known columns; the rows above it are skipped,
except that a period they state is kept, and every sale's date must fall in it.
"""

import dataclasses
import datetime
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from .parsing import (
    ALIAS_TO_FIELD,
    HEADER_ALIASES,
    REQUIRED_FIELDS,
    Columns,
    FileFormatError,
    ValueProblem,
    display_value,
    header_key,
    match_headers,
    parse_date,
)

# A row naming fewer known columns than this is not taken for a header.
MIN_HEADER_FIELDS = 2
# How much of the first rows an error quotes when no header is found.
QUOTED_ROWS = 3
QUOTED_CHARS = 80


def _fields(cells: list) -> list[str | None]:
    return [ALIAS_TO_FIELD.get(header_key(cell)) for cell in cells]


def _score(fields: list[str | None]) -> tuple[int, int, int]:
    """(required columns named, columns named, minus columns named twice)."""
    named = [field for field in fields if field is not None]
    distinct = set(named)
    return (len(distinct & set(REQUIRED_FIELDS)), len(distinct), len(distinct) - len(named))


def _two_rows(top: list, bottom: list) -> list:
    """The header of two header rows, column by column: the lower row's name where it
    is a known one (it is the more specific: "销售额" under "销量"), else the upper's."""
    width = max(len(top), len(bottom))
    top = list(top) + [None] * (width - len(top))
    bottom = list(bottom) + [None] * (width - len(bottom))
    cells = []
    for upper, lower in zip(top, bottom, strict=True):
        if ALIAS_TO_FIELD.get(header_key(lower)) is not None:
            cells.append(lower)
        elif ALIAS_TO_FIELD.get(header_key(upper)) is not None:
            cells.append(upper)
        else:
            cells.append(lower if lower not in (None, "") else upper)
    return cells


def find_header(head: list[tuple[int, list]]) -> tuple[Columns, int]:
    """The columns of the file and how many of ``head``'s rows (the first non-blank rows,
    as (row number, cells)) the header and the rows above it take. A two-row header is
    taken only when it names more columns than its first row alone."""
    best = None  # (score, row number, cells, rows used): the first row that scores best
    for position, (number, cells) in enumerate(head):
        score = _score(_fields(cells))
        if best is None or score > best[0]:
            best = (score, number, cells, position + 1)
    for position, (number, cells) in enumerate(head[:-1]):
        header = _two_rows(cells, head[position + 1][1])
        score = _score(_fields(header))
        if score > best[0]:  # strictly: a title row above a header adds nothing
            best = (score, number, header, position + 2)
    if best[0][1] < MIN_HEADER_FIELDS:
        raise _no_header(head)
    number, header, used = best[1:]
    columns = match_headers(number, header)
    period = _period(head[: used - 1])
    if period is not None:
        columns = dataclasses.replace(columns, period=period)
    return columns, used


_DAY = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{8}"
_PERIOD = re.compile(rf"({_DAY})\s*(?:至|到|~|—|–|--?)\s*({_DAY})")


def _period(rows: list[tuple[int, list]]) -> tuple[int, datetime.date, datetime.date] | None:
    """The period a title row above the header states, as two dates joined by 至 / 到 /
    ~ ("统计日期：2019-12-01 至 2019-12-31"), or None."""
    for number, cells in rows:
        for cell in cells:
            if not isinstance(cell, str):
                continue
            match = _PERIOD.search(unicodedata.normalize("NFKC", cell))
            if match is None:
                continue
            try:
                first, last = (parse_date(match.group(i)) for i in (1, 2))
            except ValueProblem:
                continue
            if first <= last:
                return number, first, last
    return None


def _no_header(head: list[tuple[int, list]]) -> FileFormatError:
    expected = "、".join(HEADER_ALIASES[field][0] for field in REQUIRED_FIELDS)
    quoted = []
    for number, cells in head[:QUOTED_ROWS]:
        text = " | ".join(display_value(c).strip() for c in cells if display_value(c).strip())
        if len(text) > QUOTED_CHARS:
            text = text[: QUOTED_CHARS - 1] + "…"
        quoted.append(str(_("row %(row)s: “%(cells)s”") % {"row": number, "cells": text}))
    first_number, first_cells = head[0]
    return FileFormatError(
        _(
            "No header row found: none of the first %(count)s rows names the columns "
            "%(expected)s. The file begins with %(rows)s."
        )
        % {"count": len(head), "expected": expected, "rows": "; ".join(quoted)},
        row=first_number,
        value=" | ".join(display_value(c) for c in first_cells if display_value(c).strip())[
            :QUOTED_CHARS
        ],
    )
