"""Reading daily-sales files: CSV or XLSX, as the issuing system or a clerk produced them.

Files come from several sources, so the reader is lenient about form — encoding (UTF-8
with or without BOM, GBK / GB18030 from Chinese Excel), delimiter, Chinese or English
headers, full-width digits, ``¥1,234.50`` — and strict about content: every value either
parses exactly or is reported. Amounts go from text to integer fen through Decimal,
never float. Rows are streamed, one at a time, so a large file is never held in memory.
"""

import codecs
import csv
import datetime
import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fucai.core.archives import UnsafeArchive, check_zip, scan_sheet

CHUNK = 1 << 20

# Field -> accepted headers, compared after header_key() normalisation.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "station": (
        "站点编号",
        "投注站编号",
        "站号",
        "站点代码",
        "投注站代码",
        "station",
        "station_code",
        "站点编码",
        "投注站号",
    ),
    "game": ("游戏", "玩法", "游戏名称", "玩法名称", "game", "game_code", "game_name"),
    "date": ("日期", "销售日期", "date", "sales_date"),
    "sales": ("销售额", "销量", "金额", "销售金额", "sales", "amount", "sales_amount"),
    "tickets": ("票数", "张数", "tickets"),
    "payout": ("兑奖金额", "兑奖额", "兑奖", "payout"),
}
REQUIRED_FIELDS = ("station", "game", "date", "sales")
# A total row's label: 合计 / 总计 / 累计 (the whole file or section) and 小计 (a group);
# reports often space them out ("合　计") and some systems write traditional characters.
TOTAL = re.compile(r"(合|总|總|累)\s*[计計]|(小)\s*[计計]")
CSV_DELIMITERS = (",", "\t", ";")
# The header is looked for among the first non-blank rows (a report's title rows above it).
HEADER_SCAN_ROWS = 30


class FileFormatError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, undecodable, missing columns)."""

    def __init__(self, reason, *, row: int = 0, column: str = "", value: str = ""):
        super().__init__(str(reason))
        self.error = RowError(row=row, column=column, value=value, reason=str(reason))


class ValueProblem(ValueError):
    """One cell's value is unusable; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # as the user sees it: the spreadsheet row / the line of the CSV file
    column: str  # the header as written in the file
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class FileInfo:
    checksum: str
    kind: str  # "csv", "xlsx" or "xls" (refused)
    encoding: str  # for CSV


@dataclass(frozen=True, slots=True)
class RawRow:
    row: int
    station: Any
    game: Any
    date: Any
    sales: Any
    tickets: Any
    payout: Any
    # Cells beyond the header's last column: usually an amount like 1,234.50 written
    # without quotes in a comma-separated file, which would otherwise be misread as 1.
    overflow: tuple = ()
    # The text that marks a total row (合计 / 小计 / 总计 / 累计): such a row is not a sale,
    # its figures are checked against the rows it adds up (see ``totals``).
    total: str = ""


def inspect_file(file: IO[bytes]) -> FileInfo:
    """Checksum the file and find its kind and text encoding in one streaming pass.

    The encoding is UTF-8 (BOM or not) if the whole file decodes strictly as UTF-8,
    otherwise GB18030, the superset of GBK that Chinese Excel writes.
    """
    file.seek(0)
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    utf8, head = True, b""
    while chunk := file.read(CHUNK):
        digest.update(chunk)
        if len(head) < 8:
            head += chunk[:8]
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        kind = "xlsx"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "xls"
    else:
        kind = "csv"
    return FileInfo(digest.hexdigest(), kind, "utf-8-sig" if utf8 else "gb18030")


def iter_rows(file: IO[bytes], info: FileInfo) -> Iterator[tuple[int, list]]:
    """(row number as the user sees it, cell values) for every non-blank row."""
    if info.kind == "xls":
        raise FileFormatError(_("Old .xls workbooks are not supported; save as .xlsx or CSV."))
    rows = _xlsx_rows(file) if info.kind == "xlsx" else _csv_rows(file, info.encoding)
    for number, cells in rows:
        if any(cell is not None and str(cell).strip() != "" for cell in cells):
            yield number, list(cells)


def _text_lines(file: IO[bytes], encoding: str) -> Iterator[str]:
    """Decoded lines, keeping their line ends (as csv wants), split on "\\n" only so a
    stray Unicode line separator inside a field does not split a row."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending = ""
    number = 0
    limit = settings.FUCAI_IMPORT_MAX_LINE_CHARS
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            pending += decoder.decode(chunk)
            *lines, pending = pending.split("\n")
            for line in lines:
                number += 1
                if len(line) > limit:
                    raise _line_too_long(number, limit)
                yield line + "\n"
            if len(pending) > limit:
                # No line break in sight: one "line" would otherwise fill the memory.
                raise _line_too_long(number + 1, limit)
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise FileFormatError(
            _("The file is neither UTF-8 nor GBK/GB18030 text, nor an .xlsx workbook.")
        ) from None
    if pending:
        yield pending


def _line_too_long(number: int, limit: int) -> FileFormatError:
    return FileFormatError(
        _("Line %(row)s is longer than %(limit)s characters; this is not a sales file.")
        % {"row": number, "limit": f"{limit:,}"},
        row=number,
    )


def _too_many_columns(number: int, count: int, limit: int) -> FileFormatError:
    return FileFormatError(
        _("Row %(row)s has %(count)s columns, more than the %(limit)s allowed.")
        % {"row": number, "count": count, "limit": limit},
        row=number,
    )


def _csv_rows(file: IO[bytes], encoding: str) -> Iterator[tuple[int, list]]:
    lines = _text_lines(file, encoding)
    # The first lines are read ahead to choose the delimiter; a report's title lines
    # ("温州市福利彩票销售日报表") may come before the header.
    head: list[str] = []
    filled = 0
    for line in lines:
        head.append(line)
        if line.strip():
            filled += 1
            if filled >= HEADER_SCAN_ROWS:
                break
        elif len(head) > 10 * HEADER_SCAN_ROWS:
            break
    if not filled:
        return
    delimiter = _delimiter([line for line in head if line.strip()])

    def all_lines():
        yield from head
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    max_columns = settings.FUCAI_IMPORT_MAX_COLUMNS
    try:
        for cells in reader:
            if len(cells) > max_columns:
                raise _too_many_columns(reader.line_num, len(cells), max_columns)
            yield reader.line_num, cells
    except csv.Error as error:
        raise FileFormatError(
            _("The CSV file is malformed: %(error)s") % {"error": error},
            row=reader.line_num,
        ) from None


def _delimiter(lines: list[str]) -> str:
    """The delimiter that splits one of the first lines into the most known column names;
    failing that, the one the first line holds most of. A header is the better guide:
    csv.Sniffer guesses wrongly on rows of numbers with thousands separators, and a
    title line above the header may hold no delimiter at all."""

    def known(delimiter: str) -> int:
        best = 0
        for line in lines:
            if delimiter not in line:
                continue
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except csv.Error:
                continue
            best = max(best, len({ALIAS_TO_FIELD.get(header_key(c)) for c in cells} - {None}))
        return best

    scores = {delimiter: known(delimiter) for delimiter in CSV_DELIMITERS}
    if max(scores.values()) > 0:
        return max(CSV_DELIMITERS, key=scores.__getitem__)
    return max(CSV_DELIMITERS, key=lines[0].count)


def _xlsx_rows(file: IO[bytes]) -> Iterator[tuple[int, list]]:
    import openpyxl

    # Sizes are checked before anything is unzipped (see core.archives), and the sheet's
    # rows and columns are counted from its XML before openpyxl builds a single row.
    try:
        check_zip(file)
    except UnsafeArchive as refused:
        raise FileFormatError(refused) from None
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged zip or workbook
        raise FileFormatError(_("The workbook cannot be opened; is it a valid .xlsx?")) from None
    max_rows, max_columns = settings.FUCAI_IMPORT_MAX_ROWS, settings.FUCAI_IMPORT_MAX_COLUMNS
    try:
        if not workbook.worksheets:
            raise FileFormatError(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        merged: list[tuple[int, int, int, int]] = []
        try:
            with workbook._archive.open(sheet._worksheet_path) as stream:
                scan_sheet(stream, max_rows=max_rows, max_columns=max_columns, merged=merged)
        except UnsafeArchive as refused:
            raise FileFormatError(refused) from None
        # The declared dimension is not trusted: with it openpyxl pads every row to the
        # claimed width (A1:XFD1048576 makes each row 16,384 cells).
        sheet.reset_dimensions()
        # read-only sheets yield empty tuples for missing rows, so numbering stays true
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        for number, cells in _fill_merged_down(rows, merged):
            if number > max_rows or len(cells) > max_columns:  # the scan already refused
                raise _too_many_columns(number, len(cells), max_columns)
            yield number, cells
    finally:
        workbook.close()


def _fill_merged_down(rows, merged: list[tuple[int, int, int, int]]):
    """Cells merged down a column (a station code or a date spanning its group's rows,
    a header spanning two header rows) hold their value in the top cell only; it is
    copied into the cells below, on rows that have any other value (a blank spacer row
    stays blank). Cells merged across a row are left empty: a group header such as
    "销量" over "销售额 | 兑奖额" names the columns below it, not each of them."""
    starts: dict[int, list[tuple[int, int]]] = {}
    for first_column, first_row, _last_column, last_row in merged:
        if last_row > first_row:
            starts.setdefault(first_row, []).append((first_column - 1, last_row))
    if not starts:
        yield from rows
        return
    active: dict[int, tuple[Any, int]] = {}  # column -> (value, last row of the range)
    for number, cells in rows:
        if active and any(cell is not None and str(cell).strip() != "" for cell in cells):
            cells = list(cells)
            for column, (value, last_row) in list(active.items()):
                if number > last_row:
                    del active[column]
                    continue
                if column >= len(cells):
                    cells.extend([None] * (column + 1 - len(cells)))
                if cells[column] is None:
                    cells[column] = value
        for column, last_row in starts.pop(number, ()):
            value = cells[column] if column < len(cells) else None
            if value is not None:
                active[column] = (value, last_row)
        yield number, cells


def header_key(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    text = re.sub(r"\(.*?\)|\*", "", text)  # 销售额(元), required-field markers
    return re.sub(r"[\s_\-]", "", text)


ALIAS_TO_FIELD = {
    header_key(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases
}


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each field is in the file and the header the user gave it."""

    index: dict[str, int]
    header: dict[str, str]
    width: int
    # The period a report's title rows state ("统计日期：2019-12-01 至 2019-12-31"), as
    # (row, first day, last day): every sale must fall in it (see ``layout``).
    period: tuple[int, datetime.date, datetime.date] | None = None

    def raw(self, number: int, cells: list) -> RawRow:
        size = len(cells)
        values = [
            cells[i] if i is not None and i < size else None
            for i in (self.index.get(field) for field in HEADER_ALIASES)
        ]
        overflow = ()
        if size > self.width:
            overflow = tuple(c for c in cells[self.width :] if c is not None and str(c).strip())
        return RawRow(number, *values, overflow=overflow, total=self._total(cells, values))

    @staticmethod
    def _total(cells: list, values: list) -> str:
        """The total word's cell, if the row is a total row: its first non-empty cell, or
        its station, game or date cell (never legitimately a total word), holds one.
        Run on every row of a file, so the common case is kept to a few cheap tests."""
        first = cells[0] if cells else None
        if first is None or first == "":
            first = next((c for c in cells if c is not None and c != ""), None)
        for cell in values[:3] if first is values[0] else (first, *values[:3]):
            if cell.__class__ is str and ("计" in cell or "計" in cell) and TOTAL.search(cell):
                return re.sub(r"\s+", "", text_of(cell))  # "合　计" reads 合计
        return ""

    def label(self, field: str) -> str:
        return self.header.get(field, field)

    def repeats_header(self, raw: RawRow) -> bool:
        """Whether a row is the header again (a report repeats it on every printed
        page): each of its cells in a known column is blank or that column's name."""
        named = False
        for field in self.index:
            value = getattr(raw, field)
            if value is None or str(value).strip() == "":
                continue
            if ALIAS_TO_FIELD.get(header_key(value)) != field:
                return False
            named = True
        return named


def match_headers(number: int, cells: list) -> Columns:
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    for i, cell in enumerate(cells):
        field = ALIAS_TO_FIELD.get(header_key(cell))
        if field is None:
            continue  # other columns (station name, district, ...) are ignored
        if field in index:
            raise FileFormatError(
                _("Two columns mean the same thing."), row=number, column=str(cell).strip()
            )
        index[field], header[field] = i, str(cell).strip()
    missing = [f for f in REQUIRED_FIELDS if f not in index]
    if missing:
        names = " / ".join(HEADER_ALIASES[missing[0]][:3])
        raise FileFormatError(
            _("Required column missing (expected a header such as %(names)s).") % {"names": names},
            row=number,
            column=HEADER_ALIASES[missing[0]][0],
        )
    width = max(i for i, cell in enumerate(cells) if cell is not None and str(cell).strip()) + 1
    return Columns(index, header, width)


def iter_records(file: IO[bytes], info: FileInfo) -> tuple[Columns, Iterator[RawRow]]:
    """The columns and the data rows of a file: the header is found among its first
    rows (title rows above it are skipped, see ``layout``); blank rows are skipped."""
    from .layout import find_header  # layout builds on this module's header matching

    rows = iter_rows(file, info)
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    if not head:
        raise FileFormatError(_("The file is empty."))
    columns, used = find_header(head)
    return columns, (columns.raw(n, c) for n, c in itertools.chain(head[used:], rows))


# --- cell values -------------------------------------------------------------------


def text_of(value: Any) -> str:
    if isinstance(value, str):
        # NFKC folds full-width digits and signs (１２３，４ ￥); ASCII needs no folding.
        return (value if value.isascii() else unicodedata.normalize("NFKC", value)).strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_TWO_PLACES = Decimal("0.01")


def parse_fen(value: Any) -> int:
    """A yuan amount (``1234.5``, ``1,234.50``, ``¥１２３４``, an XLSX number) in fen."""
    if isinstance(value, bool):
        raise ValueProblem(_("not an amount"))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # XLSX numbers are binary doubles; repr() gives the shortest decimal that reads
        # back the same, which is what Excel displays. A formula may leave float noise
        # (0.1 + 0.2), which we round away only when it is far below a fen.
        amount = Decimal(repr(value))
        if amount.is_finite() and abs(amount - amount.quantize(_TWO_PLACES)) < Decimal("1e-6"):
            amount = amount.quantize(_TWO_PLACES)
    else:
        text = text_of(value).replace(" ", "")
        if not text:
            raise ValueProblem(_("amount is missing"))
        text = text.removeprefix("¥").removesuffix("元")
        if text.startswith("-") or (text.startswith("(") and text.endswith(")")):
            raise ValueProblem(_("amount is negative"))
        if not _AMOUNT.match(text):
            raise ValueProblem(_("not an amount"))
        amount = Decimal(text.replace(",", ""))
    if not amount.is_finite():
        raise ValueProblem(_("not an amount"))
    if amount < 0:
        raise ValueProblem(_("amount is negative"))
    if amount != amount.quantize(_TWO_PLACES):
        raise ValueProblem(_("amount has more than two decimal places"))
    return int(amount * 100)


def parse_count(value: Any) -> int:
    """A non-negative whole number (ticket count); blank means 0."""
    if isinstance(value, bool):
        raise ValueProblem(_("not a whole number"))
    text = text_of(value).replace(" ", "")
    if not text:
        return 0
    if text.startswith("-"):
        raise ValueProblem(_("number is negative"))
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        raise ValueProblem(_("not a whole number"))
    count = int(text.replace(",", ""))
    if count > 2_147_483_647:
        raise ValueProblem(_("number is too large"))
    return count


_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
# Excel stores dates as day numbers; a date cell without date formatting reads as one.
_EXCEL_SERIALS = (20_000, 80_000)  # 1954 .. 2119


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and _EXCEL_SERIALS[0] <= value < _EXCEL_SERIALS[1]
    ):
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    return _parse_date_text(text_of(value))


@functools.lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> datetime.date:
    # Cached: a file repeats the same few dates on thousands of rows.
    text = re.sub(r"[ T]0{1,2}:00(?::00)?$", "", text)  # a date written as midnight
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValueProblem(_("not a valid date"))


def normalize_code(value: Any) -> str:
    return text_of(value)


def display_value(value: Any) -> str:
    """The value as shown back to the user in an error."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)
