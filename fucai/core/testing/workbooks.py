"""Hostile workbooks for tests and the memory benchmark, built with ``zipfile`` so they
stay small on disk however large they claim to be."""

import io
import zipfile
from collections.abc import Iterable

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(value) -> str:
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def row_xml(cells: Iterable) -> str:
    return "<row>" + "".join(_cell(value) for value in cells) + "</row>"


def write_workbook(target, sheet_parts: Iterable[str]) -> None:
    """A minimal valid .xlsx whose first sheet's XML is the concatenated parts (rows),
    compressed at the highest level: repeated rows shrink about a thousandfold."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            for part in sheet_parts:
                sheet.write(part.encode())
            sheet.write(_SHEET_TAIL.encode())


def zip_bomb_xlsx(target=None, *, sheet_mb: int = 50):
    """A valid workbook whose sheet is ``sheet_mb`` MB of one repeated (bad) row: about
    a hundred KB on disk. Returns the buffer when no target is given."""
    buffer = target if target is not None else io.BytesIO()
    header = row_xml(["站点编号", "游戏", "日期", "销售额", "票数"])
    row = row_xml(["33030001", "SSQ", "not a date", "1", "1"])
    block = row * (1024 * 1024 // len(row) + 1)  # ~1 MB of rows

    def parts():
        yield header
        for _ in range(sheet_mb):
            yield block

    write_workbook(buffer, parts())
    if target is None:
        buffer.seek(0)
    return buffer
