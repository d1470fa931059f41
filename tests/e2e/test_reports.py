"""Leadership downloads the 2019 annual report: from the reports page, generates it,
watches the job, comes back to the page and downloads the PDF and the workbook, whose
overview carries the year's figures; on a phone the page still works."""

import datetime
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.reports.tests.factories import lucheng_station, sales_month

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leadership_downloads_the_2019_annual_report(page, cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    station = lucheng_station(code="33039901", provincial_star_year=2019)
    sales_month(station, datetime.date(2018, 12, 1), 900_000_00, 324_000_00)
    sales_month(station, datetime.date(2019, 12, 1), 1_234_567_00, 444_444_00)

    login(page, "leader", PASSWORD)
    page.goto("/reports/")
    row = page.get_by_test_id("report-annual-2019")
    row.get_by_test_id("generate").click()
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    page.get_by_role("link", name="查看结果").click()
    row = page.get_by_test_id("report-annual-2019")
    expect(row).to_contain_text("已生成")
    with page.expect_download() as download:
        row.get_by_test_id("download-pdf").click()
    assert download.value.suggested_filename == "fucai-annual-2019.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with page.expect_download() as download:
        row.get_by_test_id("download-xlsx").click()
    with open(download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    figures = {
        (r[0], r[1]): r[2] for r in book[book.sheetnames[0]].iter_rows(min_row=4, values_only=True)
    }
    assert figures[("销量与增长", "销量")] == 1_234_567
    assert figures[("投注站", "省级星级站点")] == 1


def test_the_reports_page_fits_a_phone(browser, live_server, cast):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    station = lucheng_station(code="33039902")
    sales_month(station, datetime.date(2019, 12, 1), 100_000_00, 36_000_00)
    login(page, "lucheng", PASSWORD)
    page.goto("/reports/")
    expect(page.get_by_test_id("report-monthly-2019-12")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    context.close()
