"""Importing daily sales in the browser: a file with bad rows is rejected with every
error listed by row, the corrected file goes in, and the sales figures move."""

import datetime
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.sales.tests.factories import csv_bytes, ensure_games, report_xlsx
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _rows(year: int, *, broken: bool):
    rows = [
        ("33039001", "SSQ", f"{year}-01-01", "1000.00", "500"),
        ("33039001", "刮刮乐", f"{year}-01-01", "200", "20"),
        ("33039002", "SSQ", f"{year}-01-01", "300.50", "150"),
        ("33039002", "快乐8", f"{year}-01-02", "80", "40"),
    ]
    if broken:
        rows[1] = ("33039999", "刮刮乐", f"{year}-01-01", "200", "20")  # unknown station
        rows[3] = ("33039002", "快乐8", f"{year}-01-02", "八十", "40")  # not an amount
    return rows


def test_finance_fixes_a_rejected_file_and_imports_it(page, cast, tmp_path):
    ensure_games()
    StationFactory(code="33039001")
    StationFactory(code="33039002")
    year = datetime.date.today().year
    login(page, "finance", PASSWORD)

    page.goto("/sales/games/")
    ssq = page.locator("tr[data-game=SSQ]")
    expect(ssq.get_by_test_id("game-sales")).to_have_text("¥0.00")

    bad = tmp_path / "销量-一月.csv"
    bad.write_bytes(csv_bytes(_rows(year, broken=True)))
    page.goto("/sales/imports/")
    page.get_by_test_id("upload-link").click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_test_id("upload-submit").click()

    errors = page.get_by_test_id("error-table")
    expect(page.get_by_test_id("error-count")).to_have_text("2")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors.locator("tr[data-row='3']")).to_contain_text("33039999")
    expect(errors.locator("tr[data-row='5']")).to_contain_text("八十")
    expect(page.locator(".badge[data-status=failed]").first).to_be_visible()

    good = tmp_path / "销量-一月-更正.csv"
    good.write_bytes(csv_bytes(_rows(year, broken=False)))
    page.goto("/sales/imports/upload/")
    page.set_input_files("#id_file", str(good))
    page.get_by_test_id("upload-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".badge[data-status=succeeded]").first).to_be_visible()
    expect(page.get_by_test_id("batch-rows")).to_have_text("4")
    expect(page.get_by_test_id("batch-sales")).to_have_text("¥1,580.50")

    page.goto("/sales/games/")
    expect(ssq.get_by_test_id("game-sales")).to_have_text("¥1,300.50")
    expect(page.get_by_test_id("total-sales")).to_have_text("¥1,580.50")

    page.goto("/sales/imports/")
    expect(page.get_by_test_id("import-table").locator("tbody tr")).to_have_count(2)


def test_finance_downloads_the_template_and_imports_a_terminal_report(page, cast, tmp_path):
    """A report exported from the terminal system (title rows, merged two-row header,
    小计 and 合计 rows) goes in as it is; the same report with a wrong 合计 is refused
    with that row named."""
    ensure_games()
    for code in ("33030001", "33030002"):
        StationFactory(code=code, opened_on=datetime.date(2015, 3, 1))
    login(page, "finance", PASSWORD)
    page.goto("/sales/imports/upload/")

    with page.expect_download() as download:
        page.get_by_test_id("template-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    header = next(workbook.active.iter_rows(values_only=True))
    assert header[:4] == ("站点编号", "游戏", "日期", "销售额")
    expect(page.get_by_test_id("template-csv")).to_be_visible()

    wrong = tmp_path / "日报表-错误.xlsx"
    wrong.write_bytes(report_xlsx(total="4,234.00").getvalue())
    page.set_input_files("#id_file", str(wrong))
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("error-count")).to_have_text("1")
    expect(page.get_by_test_id("error-table").locator("tr[data-row='14']")).to_contain_text(
        "以上各行之和为 4,234.50"
    )

    report = tmp_path / "日报表.xlsx"
    report.write_bytes(report_xlsx().getvalue())
    page.goto("/sales/imports/upload/")
    page.set_input_files("#id_file", str(report))
    page.get_by_test_id("upload-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("3 个合计 / 小计行")
    expect(page.get_by_test_id("batch-rows")).to_have_text("4")
    expect(page.get_by_test_id("batch-sales")).to_have_text("¥4,234.50")
