"""A report as a PDF (WeasyPrint through core.pdf, charts as SVG) and as an Excel
workbook (openpyxl; every text cell through core.excel's ``safe_cell``): both rendered
from the same ``Report`` (content.py)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core.excel import percent, workbook_bytes, yuan
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


def _value(value, unit: str):
    """A figure as core.excel types it: yuan and percentages as formatted numbers."""
    if value is None:
        return None
    if unit == FEN:
        return yuan.from_fen(value)
    if unit in (PERCENT, RATE):
        return percent(value)
    if unit == "text":
        return str(value)
    return int(value)


def report_xlsx(report: Report) -> bytes:
    """An overview sheet (every headline figure: section, item, value in yuan or as a
    number, and the text the PDF shows), then one sheet per table."""
    overview = (
        _("Overview"),
        [
            [report.title],
            [report.scope],
            [_("Part of the report"), _("Figure"), _("Value"), _("As shown")],
        ],
        (
            [str(section.title), str(fact.label), _value(fact.value, fact.unit), str(fact.text)]
            for section, fact in report.facts()
        ),
    )
    tables = (
        (
            table.title,
            [[table.title], table.headers],
            [[_value(v, u) for v, u in zip(row, table.units, strict=True)] for row in table.rows],
        )
        for section in report.sections
        for table in section.tables
    )
    return workbook_bytes([overview, *tables])
