"""The station registry's main flow, as a leader and a station manager would use it."""

import re

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(cast):
    lucheng = [
        StationFactory(region=region("330302"), name=f"鹿城{n}号站", code=f"3303100{n}")
        for n in range(3)
    ]
    ruian = [
        StationFactory(region=region("330381"), name=f"瑞安{n}号站", code=f"3303200{n}")
        for n in range(2)
    ]
    return {"lucheng": lucheng, "ruian": ruian}


def test_leader_filters_and_opens_a_station_read_only(page, cast, network):
    login(page, "leader", PASSWORD)
    expect(page.get_by_test_id("kpi-active")).to_have_text("5")

    page.click("text=投注站")
    expect(page.get_by_test_id("result-count")).to_contain_text("5")
    page.select_option("#id_region", "330381")
    expect(page.get_by_test_id("result-count")).to_contain_text("2")
    expect(page).to_have_url(re.compile(r"region=330381"))
    rows = page.get_by_test_id("station-table").locator("tbody tr")
    expect(rows).to_have_count(2)

    page.click("text=瑞安0号站")
    expect(page.locator("h2.page-title")).to_contain_text("瑞安0号站")
    # leadership reads everything and changes nothing
    expect(page.locator("a:has-text('编辑')")).to_have_count(0)


def test_station_manager_edits_and_sees_the_change_in_history(page, cast, network):
    login(page, "stations", PASSWORD)
    page.goto("/stations/?q=瑞安0")
    page.click("text=瑞安0号站")
    page.click("a:has-text('编辑')")
    page.fill("#id_name", "瑞安0号旗舰站")
    page.fill("#id_premises_area", "88")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("h2.page-title")).to_contain_text("瑞安0号旗舰站")

    page.get_by_test_id("history-tab").click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("瑞安0号旗舰站")
    expect(history).to_contain_text("瑞安0号站")
    expect(history).to_contain_text("88")
    expect(history).to_contain_text("stations")


def test_an_invalid_edit_shows_chinese_errors_and_keeps_the_record(page, cast, network):
    login(page, "stations", PASSWORD)
    station = network["lucheng"][0]
    page.goto(f"/stations/{station.code}/edit/")
    label = page.locator("label[for=id_owner_id_number]")
    expect(label).to_have_text("居民身份证号码")
    page.select_option("#id_owner_kind", "company")
    expect(label).to_have_text("统一社会信用代码")
    page.select_option("#id_owner_kind", "person")
    page.fill("#id_owner_id_number", "330302198001010001")
    page.fill("#id_premises_area", "0")
    page.click("button:has-text('保存')")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("校验码")
    page.goto(f"/stations/{station.code}/")
    expect(page.locator("h2.page-title")).to_contain_text(station.name)


def test_a_branch_user_changes_status_in_the_modal(page, cast, network):
    login(page, "lucheng", PASSWORD)
    page.goto("/stations/")
    expect(page.get_by_test_id("result-count")).to_contain_text("3")
    page.click("text=鹿城1号站")
    page.click("button:has-text('变更状态')")
    modal = page.locator("#modal")
    expect(modal).to_be_visible()
    modal.locator("#id_to_status").select_option("suspended")
    modal.locator("#id_reason").fill("年检不合格，暂停销售")
    modal.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("h2.page-title .badge")).to_have_text("暂停销售")


def test_a_phone_sized_screen_shows_the_list(browser, live_server, cast, network):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    login(page, "ruian", PASSWORD)
    page.goto("/stations/")
    expect(page.get_by_test_id("result-count")).to_contain_text("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    context.close()


def test_a_new_station_gets_the_next_code_when_the_district_is_chosen(page, cast, network):
    login(page, "stations", PASSWORD)
    page.goto("/stations/new/")
    expect(page.locator("#id_code")).to_have_value("")
    page.select_option("#id_region", label="鹿城区")
    # Serials are city-wide: the highest in use is 瑞安's 33032001.
    expect(page.locator("#id_code")).to_have_value("33032002")
    # A code the user typed is theirs: changing the district leaves it alone.
    page.fill("#id_code", "33039000")
    page.select_option("#id_region", label="瑞安市")
    page.wait_for_timeout(300)
    expect(page.locator("#id_code")).to_have_value("33039000")
