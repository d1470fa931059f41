"""Reading a file's rows: its kind and text encoding (``inspect_file``), the rows of a
CSV (delimiter guessed from the header) or of the first sheet of an XLSX (sizes checked
before anything is unzipped, merged cells filled down), streamed one at a time; and
its records below the header (``iter_records``)."""

import codecs
import csv
import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fucai.core.archives import UnsafeArchive, check_zip, scan_sheet

from .columns import ALIAS_TO_FIELD, Columns, RawRow, header_key
from .errors import FileFormatError

CHUNK = 1 << 20

CSV_DELIMITERS = (",", "\t", ";")
# The header is looked for among the first non-blank rows (a report's title rows above it).
HEADER_SCAN_ROWS = 30


@dataclass(frozen=True, slots=True)
class FileInfo:
    checksum: str
    kind: str  # "csv", "xlsx" or "xls" (refused)
    encoding: str  # for CSV


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


def iter_records(file: IO[bytes], info: FileInfo) -> tuple[Columns, Iterator[RawRow]]:
    """The columns and the data rows of a file: the header is found among its first
    rows (title rows above it are skipped, see ``layout``); blank rows are skipped."""
    from ..layout import find_header  # layout builds on this package's header matching

    rows = iter_rows(file, info)
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    if not head:
        raise FileFormatError(_("The file is empty."))
    columns, used = find_header(head)
    return columns, (columns.raw(n, c) for n, c in itertools.chain(head[used:], rows))
