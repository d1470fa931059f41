"""Service stations and premises on a phone (390×844): the public finds a county
service station on the portal's map and list; finance records a payment on a purchase
project and sees the paid total move, and an over-budget payment is refused with a
clear message. No page scrolls sideways."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, ensure_regions
from fucai.facilities.tests.factories import make_project, make_station
from fucai.stations.tests.factories import StationFactory

from .conftest import login
from .test_chart_escaping import _tooltips

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def _no_sideways_scroll(page):
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url} is {wide}px wider than the phone"


def test_the_public_finds_a_service_station_on_the_map_and_list(browser, live_server):
    ensure_regions()
    station = make_station("330305", name="洞头综合服务站")
    make_station("330381", name="瑞安综合服务站")
    StationFactory(name="北岙福彩站", latitude="27.83", longitude="121.15")
    staff = station.unit.head.display_name
    context, page, errors = _phone(browser, live_server)
    page.goto("/public/stations/")
    found = page.get_by_test_id("finder-service-station")
    expect(found).to_have_count(2)
    expect(found.first).to_contain_text("洞头综合服务站")
    expect(found.first).to_contain_text("周一至周五 8:30–17:00")
    expect(found.first).to_contain_text("投诉受理")
    tips = _tooltips(page)
    assert any("洞头综合服务站" in tip["text"] and "综合服务站" in tip["text"] for tip in tips)
    assert any("北岙福彩站" in tip["text"] for tip in tips)  # the stations' layer stays
    _no_sideways_scroll(page)
    page.select_option("#id_district", "330305")
    page.get_by_test_id("finder-submit").click()
    expect(page.get_by_test_id("finder-service-station")).to_have_count(1)
    assert staff not in page.content()
    _no_sideways_scroll(page)
    context.close()
    assert errors == []


def test_finance_records_a_payment_on_a_phone(browser, live_server, cast):
    make_station("330302")
    project = make_project("330302", budget_fen=5_200_000_00, paid=(1_560_000_00,))
    context, page, errors = _phone(browser, live_server)
    login(page, "finance", PASSWORD)
    page.goto("/facilities/")
    expect(page.get_by_test_id("projects-headline")).to_contain_text("1 个购置项目 · 预算 520万元")
    _no_sideways_scroll(page)
    page.goto("/facilities/premises/")
    _no_sideways_scroll(page)
    page.get_by_test_id("project-row").first.click()
    page.wait_for_url(f"**/facilities/projects/{project.pk}/")
    expect(page.get_by_test_id("project-paid")).to_have_text("¥1,560,000.00")
    _no_sideways_scroll(page)

    form = page.get_by_test_id("payment-form")
    form.locator("#id_amount_fen").fill("2080000")
    form.locator("#id_paid_on").fill(timezone.localdate().isoformat())
    form.locator("#id_payee").fill("温州市鹿城区国有资产经营有限公司")
    form.locator("#id_voucher_no").fill("FC201912-0202")
    page.get_by_test_id("payment-submit").click()
    expect(page.get_by_test_id("project-paid")).to_have_text("¥3,640,000.00")
    expect(page.get_by_test_id("project-left")).to_have_text("¥1,560,000.00")
    expect(page.get_by_test_id("payment-row")).to_have_count(2)
    _no_sideways_scroll(page)

    form = page.get_by_test_id("payment-form")
    form.locator("#id_amount_fen").fill("1560000.01")
    form.locator("#id_payee").fill("温州市鹿城区国有资产经营有限公司")
    form.locator("#id_voucher_no").fill("FC202001-0203")
    page.get_by_test_id("payment-submit").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("超出预算")
    expect(page.get_by_test_id("project-paid")).to_have_text("¥3,640,000.00")
    _no_sideways_scroll(page)
    context.close()
    assert errors == []
