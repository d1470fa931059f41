"""Reading a population file: its size bounded, then the rows of a CSV (UTF-8 or
GB18030) or of an .xlsx workbook's first sheet (sizes checked before anything is
unzipped), and the data rows under the header matched to the known columns."""

import csv
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..archives import UnsafeArchive, check_zip, scan_sheet

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 500

# (field, header the template writes, other headers accepted, required). The headers
# are the column names of the statistics bureau's tables: data, not interface text.
COLUMNS = (
    (
        "region",
        "区县",
        ("县（市、区）", "区县（市）", "行政区划代码", "区划代码", "district"),
        True,
    ),
    ("township", "乡镇（街道）", ("乡镇街道", "乡镇", "街道", "township"), False),
    ("year", "年份", ("年度", "统计年份", "year"), True),
    ("population", "常住人口（人）", ("常住人口", "人口", "人口数", "population"), True),
    ("latitude", "纬度", ("latitude", "lat"), False),
    ("longitude", "经度", ("longitude", "lng", "lon"), False),
    ("source", "数据来源", ("来源", "source"), False),
)
FIELDS = tuple(name for name, *_rest in COLUMNS)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class PopulationImportRejected(ValidationError):
    """The file was refused; ``row_errors`` lists each wrong cell (nothing was saved)."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = errors
        super().__init__(
            _("The file has %(count)d errors; nothing was imported.") % {"count": len(errors)},
            code="rejected",
        )


@dataclass
class Row:
    number: int
    values: dict = field(default_factory=dict)


def _key(text) -> str:
    return "".join(str(text or "").split()).lower().replace("(", "（").replace(")", "）")


def _aliases() -> dict[str, str]:
    found = {}
    for name, label, others, _required in COLUMNS:
        for alias in (label, *others):
            found[_key(alias)] = name
    return found


def column_label(name: str) -> str:
    return next(label for field_name, label, *_rest in COLUMNS if field_name == name)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Reading the file ------------------------------------------------------------------


def _bounded(upload) -> bytes:
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="file_too_large",
        )
    upload.seek(0)
    return upload.read(8)


def _xlsx_rows(upload) -> list[tuple[int, tuple]]:
    try:
        check_zip(upload)
    except UnsafeArchive as refused:
        raise ValidationError(str(refused), code="unsafe_archive") from None
    import openpyxl  # only once the file is known to be a bounded workbook

    upload.seek(0)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(
            _("The workbook cannot be opened; is it a valid .xlsx?"), code="file_type"
        ) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(_("The workbook has no worksheet."), code="no_sheet")
        sheet = workbook.worksheets[0]
        try:
            with workbook._archive.open(sheet._worksheet_path) as stream:
                scan_sheet(
                    stream, max_rows=MAX_ROWS + 1, max_columns=settings.FUCAI_IMPORT_MAX_COLUMNS
                )
        except UnsafeArchive as refused:
            raise ValidationError(str(refused), code="too_large") from None
        sheet.reset_dimensions()
        return list(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _csv_rows(upload) -> list[tuple[int, list]]:
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(
            _("The file is neither UTF-8 nor GBK/GB18030 text, nor an .xlsx workbook."),
            code="file_type",
        )
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 1:
        raise ValidationError(
            _("The file has %(rows)s rows, more than the %(limit)s allowed; split it.")
            % {"rows": f"{len(lines):,}", "limit": f"{MAX_ROWS:,}"},
            code="too_large",
        )
    limit = settings.FUCAI_IMPORT_MAX_LINE_CHARS
    for number, line in enumerate(lines, start=1):
        if len(line) > limit:
            raise ValidationError(
                _("Line %(row)s is longer than %(limit)s characters.")
                % {"row": number, "limit": f"{limit:,}"},
                code="too_large",
            )
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count)
    rows = []
    max_columns = settings.FUCAI_IMPORT_MAX_COLUMNS
    try:
        for number, cells in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            if len(cells) > max_columns:
                raise ValidationError(
                    _("Row %(row)s has more than %(limit)s columns; refused.")
                    % {"row": number, "limit": max_columns},
                    code="too_large",
                )
            rows.append((number, cells))
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file is malformed: %(error)s") % {"error": error}, code="file_type"
        ) from None
    return rows


def read_rows(upload) -> list[Row]:
    """The data rows below the header as ``Row(number, {field: raw value})``; raises
    ValidationError when the file itself cannot be read."""
    head = _bounded(upload)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _("Old .xls workbooks are not supported; save as .xlsx or CSV."), code="file_type"
        )
    rows = _xlsx_rows(upload) if head.startswith(b"PK\x03\x04") else _csv_rows(upload)
    rows = [(n, cells) for n, cells in rows if any(cell_text(c) for c in cells)]
    if not rows:
        raise ValidationError(_("The file has no data rows."), code="no_rows")
    _header_number, header = rows[0]
    aliases = _aliases()
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = aliases.get(_key(cell))
        if name and name not in positions:
            positions[name] = index
    missing = [label for name, label, _o, required in COLUMNS if required and name not in positions]
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": "、".join(missing)},
            code="missing_columns",
        )
    return [
        Row(number, {name: cells[i] if i < len(cells) else None for name, i in positions.items()})
        for number, cells in rows[1:]
    ]
