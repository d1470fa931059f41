"""A complaint from a phone to a rated reply: someone from the public, without an
account, files a complaint about a station on a phone and keeps the tracking code; the
district's staff take it on and reply; the complainant follows it with the code, reads
the reply and rates the handling."""

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.feedback.models import Complaint
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_public_complains_on_a_phone_and_rates_the_reply(browser, live_server, cast):
    station = StationFactory(region=region("330302"), name="人民路福彩站")
    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = phone.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/public/complaints/")
    page.select_option("#id_category", "payout")
    page.fill("#id_station", station.code)
    page.fill("#id_title", "中奖不给兑")
    page.fill("#id_text", "昨天中了200元，店主说没钱不给兑。")
    page.fill("#id_phone", "139 5770 0001")
    page.get_by_test_id("submit-complaint").click()
    expect(page.get_by_test_id("complaint-received")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    expect(page.get_by_test_id("public-state")).to_have_text("已受理")
    assert "139" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.phone_masked == "139****0001"

    # The district's staff take it on and reply.
    staff_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    staff = staff_context.new_page()
    staff.set_default_timeout(30_000)
    login(staff, "lucheng", PASSWORD)
    staff.goto("/feedback/complaints/")
    staff.get_by_role("link", name="中奖不给兑").click()
    expect(staff.get_by_test_id("complaint-phone")).to_have_text("139****0001")
    staff.get_by_test_id("accept").click()
    expect(staff.get_by_test_id("complaint-state")).to_contain_text("办理中")
    staff.select_option("#id_outcome", "substantiated")
    staff.fill("#id_reply", "经核实情况属实，已责令该站当日兑奖并予以警告。")
    staff.get_by_test_id("send-reply").click()
    expect(staff.get_by_test_id("complaint-state")).to_contain_text("已回复")
    staff_context.close()

    # The complainant follows it with the code and rates the handling.
    page.goto("/public/complaints/track/")
    page.fill("#id_code", code.lower())
    page.get_by_test_id("track-complaint").click()
    expect(page.get_by_test_id("public-reply")).to_contain_text("已责令该站当日兑奖")
    page.check("input[name=rating][value='5']")
    page.fill("#id_comment", "处理及时")
    page.get_by_test_id("rate").click()
    expect(page.get_by_test_id("public-rating")).to_contain_text("5")
    expect(page.get_by_test_id("public-state")).to_have_text("已关闭")
    complaint.refresh_from_db()
    assert complaint.rating == 5
    assert errors == []
    phone.close()
