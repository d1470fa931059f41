"""Supervision planning in the browser: a planner runs the annual campaign and reads
the coverage; a manager revises a checklist that past inspections used."""

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.models import ChecklistTemplate
from fucai.governance.tests.factories import InspectionFactory, ensure_default_checklists
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(cast):
    ensure_default_checklists()
    lucheng = [StationFactory(region=region("330302"), name=f"鹿城{n}号站") for n in range(3)]
    ruian = [StationFactory(region=region("330381"), name=f"瑞安{n}号站") for n in range(2)]
    return {"lucheng": lucheng, "ruian": ruian}


def test_a_planner_runs_the_annual_campaign_and_sees_the_coverage(page, cast, network):
    login(page, "stations", PASSWORD)
    page.click("text=站点监管")
    expect(page.get_by_test_id("total-planned")).to_have_text("0")
    page.get_by_test_id("campaign-link").click()
    # 瑞安's branch has no inspector and the center has none: 瑞安 is reported, not planned.
    page.get_by_test_id("run-campaign").click()
    expect(page.get_by_test_id("created")).to_have_text("3")
    expect(page.get_by_test_id("unassigned")).to_contain_text("瑞安")
    expect(page.get_by_test_id("per-inspector")).to_contain_text("3")

    page.get_by_test_id("to-coverage").click()
    expect(page.get_by_test_id("total-planned")).to_have_text("3")
    lucheng = page.get_by_test_id("district-330302")
    expect(lucheng.get_by_test_id("planned")).to_have_text("3")
    expect(lucheng.get_by_test_id("done")).to_have_text("0")
    expect(page.get_by_test_id("district-330381")).to_contain_text("2 个未安排")

    # Running it again plans nothing twice.
    page.get_by_test_id("campaign-link").click()
    page.get_by_test_id("run-campaign").click()
    expect(page.get_by_test_id("created")).to_have_text("0")
    expect(page.get_by_test_id("already")).to_have_text("3")

    with page.expect_download() as download:
        page.goto("/governance/")
        page.get_by_test_id("export-districts").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_leader_reads_the_coverage_on_a_phone(browser, live_server, cast, network):
    InspectionFactory(station=network["lucheng"][0], inspector=cast["inspector"], year=2019)
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    login(page, "leader", PASSWORD)
    page.goto("/governance/")
    expect(page.locator("h2.page-title")).to_contain_text("2019")
    expect(page.get_by_test_id("district-330302").get_by_test_id("overdue")).to_have_text("1")
    expect(page.get_by_test_id("campaign-link")).to_have_count(0)  # leaders read only
    context.close()


def test_a_manager_revises_a_checklist_used_by_past_inspections(page, cast, network):
    annual = ChecklistTemplate.objects.get(code="annual-standard", is_current=True)
    InspectionFactory(station=network["lucheng"][0], template=annual, status="submitted")
    login(page, "stations", PASSWORD)
    page.goto("/governance/checklists/")
    page.click("text=第 1 版")
    expect(page.get_by_test_id("used-note")).to_be_visible()
    expect(page.get_by_test_id("item-count")).to_have_text("37")

    page.get_by_test_id("edit-C02").click()
    modal = page.locator("#modal")
    expect(modal.locator("#id_weight")).to_be_visible()
    modal.locator("#id_weight").fill("6")
    modal.locator("button[type=submit]").click()

    expect(page.get_by_test_id("version")).to_have_text("第 2 版")
    expect(page.locator(".alert-info").first).to_contain_text("已另存为第 2 版")
    expect(page.get_by_test_id("item-C02").get_by_test_id("weight")).to_have_text("6")
    expect(page.get_by_test_id("total-weight")).to_have_text("101")
    expect(page.get_by_test_id("current")).to_have_count(0)

    page.get_by_test_id("make-current").click()
    expect(page.get_by_test_id("current")).to_be_visible()
    page.click("text=v1")
    expect(page.get_by_test_id("item-C02").get_by_test_id("weight")).to_have_text("5")
    expect(page.get_by_test_id("current")).to_have_count(0)
