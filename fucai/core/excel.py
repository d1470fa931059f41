"""Spreadsheet exports (Excel and CSV). Every file the site hands out is written here,
and every cell goes through ``safe_cell`` on the way out.

Formula injection (OWASP "CSV Injection"): a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read by Excel, WPS and LibreOffice as a
formula, so a station named ``=HYPERLINK("http://x","y")`` or an uploaded value
``=cmd|' /C calc'!A0`` would run in the finance office's spreadsheet. openpyxl even
stores such a string as a formula by itself. Such text is prefixed with a single quote,
which spreadsheets show as text; numbers, dates and booleans stay what they are (a
negative number is still a number, the *text* ``-1+2`` is neutralized). Text that is
only a signed number (``-5``, ``-20.0%``, ``+1,234.5``) is left as it is, as defusedcsv
does: a spreadsheet reads it as a number at most, and a quote would spoil a YoY column.

Numbers stay numbers, formatted the way the center reads them: a percentage (``percent``
or text such as ``12.5%``) becomes the number 0.125 shown as ``12.5%`` (so the finance
office can sum and sort it), an amount in yuan (``yuan`` or a Decimal at two places)
``#,##0.00``. The sheet carries a Chinese title, not openpyxl's "Sheet".
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"[+-](?:\d[\d,]*(?:\.\d*)?|\.\d+)%?")
PERCENT_TEXT = re.compile(r"[+-]?\d+(?:\.\d+)?%")
PERCENT_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0.00"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


class percent(Decimal):
    """A percentage in percent (``percent(12.5)`` is 12.5%), written as a number."""


class yuan(Decimal):
    """An amount in yuan, written as a number with thousands separators."""

    @classmethod
    def from_fen(cls, fen: int | None):
        return None if fen is None else cls(int(fen)) / 100


def _typed_cell(sheet, value):
    """A cell for ``value`` with its number format, or the plain (safe) value."""
    if isinstance(value, percent) or (isinstance(value, str) and PERCENT_TEXT.fullmatch(value)):
        number = Decimal(str(value).rstrip("%")) / 100
        cell = WriteOnlyCell(sheet, value=number)
        cell.number_format = PERCENT_FORMAT
        return cell
    if isinstance(value, yuan) or (
        isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == -2
    ):
        cell = WriteOnlyCell(sheet, value=Decimal(value))
        cell.number_format = MONEY_FORMAT
        return cell
    return safe_cell(value)


def sheet_title(title) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``\\ / * ? : [ ]``."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:31]
    return cleaned or _("Data")


def safe_cell(value):
    """The value as it may be written to a spreadsheet cell: text that a spreadsheet
    would evaluate gets a leading ``'``; anything that is not text is left alone."""
    if isinstance(value, Promise):  # a lazy translation: write its text
        value = str(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable]) -> Iterator[list]:
    """Every row with every cell passed through ``safe_cell``."""
    for row in rows:
        yield [safe_cell(value) for value in row]


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def excel_response(
    filename: str, headers: list, rows: Iterable[Iterable], *, title=None
) -> FileResponse:
    """A streamed, write-only workbook (large lists stay cheap in memory) named
    ``<filename>-<timestamp>.xlsx``: a sheet called ``title`` (Chinese, "数据" by
    default), a bold header row, then ``rows`` with percentages and yuan as numbers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title if title is not None else ""))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_typed_cell(sheet, value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(handle, content_type=XLSX)
    return _attachment(response, f"{filename}-{stamp}.xlsx")


def workbook_bytes(sheets: Iterable[tuple[str, list[list], Iterable[Iterable]]]) -> bytes:
    """A write-only workbook of several sheets, each ``(title, bold rows, rows)``: the
    titles made valid and unique, the bold rows (titles, headers) as text, the rows typed
    as ``excel_response`` types them — every text cell through ``safe_cell``."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for title, bold_rows, rows in sheets:
        name, number = sheet_title(title), 2
        while name in used:
            name = sheet_title(f"{str(title)[:27]} {number}")
            number += 1
        used.add(name)
        sheet = workbook.create_sheet(title=name)
        for values in bold_rows:
            cells = []
            for value in values:
                cell = WriteOnlyCell(sheet, value=safe_cell(str(value)))
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        for row in rows:
            sheet.append([_typed_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(filename: str, headers: list, rows: Iterable[Iterable]) -> HttpResponse:
    """A UTF-8 CSV named ``filename`` (the BOM makes Excel read the Chinese correctly)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerows(safe_rows([headers]))
    writer.writerows(safe_rows(rows))
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv")
    return _attachment(response, filename)
