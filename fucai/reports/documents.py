"""A report as a PDF (WeasyPrint through core.pdf, charts as SVG) and as an Excel
workbook (openpyxl; every text cell through core.excel's ``safe_cell``): both rendered
from the same ``Report`` (content.py)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from fucai.core.excel import MONEY_FORMAT, PERCENT_FORMAT, safe_cell, sheet_title, yuan
from fucai.core.pdf import html_to_pdf

from .charts import svg_data_url
from .content import FEN, PERCENT, RATE, Report


def report_html(report: Report) -> str:
    """The HTML WeasyPrint turns into the PDF (what the tests read the figures from)."""
    sections = [
        {
            "key": section.key,
            "title": section.title,
            "facts": section.facts,
            "note": section.note,
            "chart_urls": [{"title": c.title, "url": svg_data_url(c)} for c in section.charts],
            "text_tables": [
                {"title": t.title, "headers": t.headers, "rows": t.text_rows()}
                for t in section.tables
            ],
        }
        for section in report.sections
    ]
    return render_to_string(
        "reports/report_pdf.html",
        {"report": report, "sections": sections, "generated_at": timezone.localtime()},
    )


def report_pdf(report: Report) -> bytes:
    return html_to_pdf(report_html(report))


def _cell(sheet, value, unit: str):
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if unit == FEN:
        cell = WriteOnlyCell(sheet, value=Decimal(yuan.from_fen(value)))
        cell.number_format = MONEY_FORMAT
        return cell
    if unit in (PERCENT, RATE):
        cell = WriteOnlyCell(sheet, value=Decimal(value) / 100)
        cell.number_format = PERCENT_FORMAT
        return cell
    if unit == "text":
        return WriteOnlyCell(sheet, value=safe_cell(str(value)))
    return WriteOnlyCell(sheet, value=int(value))


def _bold_row(sheet, values) -> list:
    bold = Font(bold=True)
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(value)))
        cell.font = bold
        cells.append(cell)
    return cells


def report_xlsx(report: Report) -> bytes:
    """An overview sheet (every headline figure: section, item, value in yuan or as a
    number, and the text the PDF shows), then one sheet per table."""
    workbook = Workbook(write_only=True)
    overview = workbook.create_sheet(title=sheet_title(_("Overview")))
    overview.append(_bold_row(overview, [report.title]))
    overview.append([safe_cell(report.scope)])
    overview.append(
        _bold_row(overview, [_("Part of the report"), _("Figure"), _("Value"), _("As shown")])
    )
    for section, fact in report.facts():
        overview.append(
            [
                safe_cell(section.title),
                safe_cell(fact.label),
                _cell(overview, fact.value, fact.unit),
                safe_cell(fact.text),
            ]
        )
    used: set[str] = {sheet_title(_("Overview"))}
    for section in report.sections:
        for table in section.tables:
            title = sheet_title(table.title)
            number = 2
            while title in used:
                title = sheet_title(f"{table.title[:27]} {number}")
                number += 1
            used.add(title)
            sheet = workbook.create_sheet(title=title)
            sheet.append(_bold_row(sheet, [table.title]))
            sheet.append(_bold_row(sheet, table.headers))
            for row in table.rows:
                sheet.append([_cell(sheet, v, u) for v, u in zip(row, table.units, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
