"""Background jobs of the supervision pages in the browser: a branch user filters the
inspection list, asks for the PDFs as a zip, watches the job and downloads it; a planner
runs the risk scan now and finds the new proposal in the list."""

import datetime
import zipfile

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.choices import InspectionStatus
from fucai.governance.services import risk
from fucai.governance.tests.factories import InspectionFactory
from fucai.governance.tests.test_plan_risk import NOV, _network, _sales
from fucai.sales.rollups import refresh_summaries
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_branch_user_downloads_the_pdfs_of_a_filtered_list(page, cast):
    for n, status in enumerate([InspectionStatus.SUBMITTED] * 2 + [InspectionStatus.PLANNED]):
        InspectionFactory(
            station=StationFactory(region=region("330302"), code=f"3303020{n}"),
            inspector=cast["inspector"],
            status=status,
            inspected_on=datetime.date(2019, 6, 5) if status == "submitted" else None,
        )
    login(page, "lucheng", PASSWORD)
    page.goto("/governance/inspections/")
    page.select_option("#id_status", "submitted")  # the filter bar swaps the table (htmx)
    expect(page.locator("#results tbody tr")).to_have_count(2)
    page.get_by_test_id("pdf-bundle").get_by_role("button").click()
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    with page.expect_download() as download:
        page.get_by_role("link", name="查看结果").click()
    archive = zipfile.ZipFile(download.value.path())
    assert len(archive.namelist()) == 2  # the filter on screen, not the whole list
    assert download.value.suggested_filename.startswith("inspections-")


def test_a_planner_runs_the_risk_scan_now(page, cast, monkeypatch):
    _network()
    _sales(StationFactory(region=region("330302"), name="鹿城跳升站"), scale={NOV: 3})
    refresh_summaries()
    monkeypatch.setattr(risk, "latest_complete_month", lambda: NOV)
    login(page, "stations", PASSWORD)
    page.goto("/governance/proposals/")
    expect(page.locator("#results")).not_to_contain_text("鹿城跳升站")
    page.get_by_role("button", name="立即运行风险扫描").click()
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    page.get_by_role("link", name="查看结果").click()
    expect(page.get_by_test_id("scan-result")).to_contain_text("新增 1 条建议")
    expect(page.locator("#results")).to_contain_text("鹿城跳升站")
