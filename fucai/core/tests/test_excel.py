"""Formula injection: every spreadsheet cell the site writes goes through safe_cell."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils.translation import gettext_lazy

from fucai.core.excel import csv_response, excel_response, percent, safe_cell, yuan

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "-",
    "-2-3",
    "+1e5",
    "-1%+2",
    "-20.0%\n=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_evaluate_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["鹿城一站", "a=b", " =1", "", "'=already quoted", None, "-5", "-20.0%", "+1,234.50"]
)
def test_other_text_is_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value", [-5, 0, 3.5, -2.25, Decimal("-12.50"), True, datetime.date(2024, 5, 1)]
)
def test_numbers_dates_and_booleans_stay_what_they_are(value):
    assert safe_cell(value) is value


def test_a_lazy_translation_is_written_as_its_text():
    assert safe_cell(gettext_lazy("=lazy")) == "'=lazy"


ROWS = [["=1+1", -5, Decimal("12.50"), "-1+2"], ["@x", 7, datetime.date(2024, 5, 1), "ok"]]


def test_the_workbook_holds_neutralized_text_and_real_numbers():
    response = excel_response("t", ["=header", "n", "d", "t"], ROWS)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["'=header", "n", "d", "t"]
    assert values[1] == ["'=1+1", -5, 12.5, "'-1+2"]
    assert values[2][:2] == ["'@x", 7] and values[2][2] == datetime.datetime(2024, 5, 1)
    types = [[cell.data_type for cell in row] for row in sheet.iter_rows()]
    assert "f" not in {t for row in types for t in row}  # no formula anywhere
    assert types[1][:2] == ["s", "n"]


def test_percentages_and_money_are_numbers_with_formats_on_a_chinese_sheet():
    rows = [
        ["-20.5%", percent(Decimal("12.5")), yuan.from_fen(123456789), Decimal("3.50")],
        ["12.5%\n=1+1", "x", 7, None],
    ]
    response = excel_response("t", ["a", "b", "c", "d"], rows, title="投注站/列表")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.title == "投注站 列表"
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    assert [cell.value for cell in first] == [-0.205, 0.125, 1234567.89, 3.5]
    assert [cell.number_format for cell in first] == ["0.0%", "0.0%", "#,##0.00", "#,##0.00"]
    second = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    assert second[0] == "12.5%\n=1+1"  # not a percentage: text, and not a formula
    default = excel_response("t", ["a"], [])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(default.streaming_content))).active
    assert sheet.title == "数据"


def test_the_csv_holds_neutralized_text():
    response = csv_response("t.csv", ["h"], [["=1+1", -5, "\r=2"], ["+3+x", "-3", 0]])
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''t.csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows == [["h"], ["'=1+1", "-5", "'\r=2"], ["'+3+x", "-3", "0"]]


WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(|xlsxwriter|text/csv")


def test_no_spreadsheet_is_written_outside_core_excel():
    """One writer, so no export can skip safe_cell: a new export calls excel_response or
    csv_response."""
    package = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "excel.py"
        and WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
