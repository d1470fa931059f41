"""Notices: a center user sends a notice to 鹿城's stations with an attachment; the owner
reads it on a phone; the sender sees who has not read it and reminds them."""

import pytest
from playwright.sync_api import expect

from fucai.core.choices import Role
from fucai.core.tests.factories import PASSWORD, UserFactory, region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "关于做好国庆期间安全销售工作的通知"


@pytest.fixture
def stations(cast):
    lucheng = region("330302")
    StationFactory(region=lucheng, owner=StationOwnerFactory(user=cast["owner"]), name="五马街站")
    other = UserFactory(username="owner2", role=Role.STATION_OWNER, display_name="林业主")
    StationFactory(region=lucheng, owner=StationOwnerFactory(user=other), name="江滨路站")
    StationFactory(region=region("330381"), name="瑞安站")


def test_center_sends_owner_reads_on_a_phone_sender_sees_who_has_not(
    page, browser, live_server, cast, stations, tmp_path
):
    circular = tmp_path / "安全销售通知.pdf"
    circular.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")

    login(page, "stations", PASSWORD)
    page.goto("/notices/sent/")
    page.get_by_test_id("new-notice").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "各投注站：国庆期间请做好安全销售工作。")
    page.get_by_test_id("regions").get_by_text("鹿城区").click()
    page.set_input_files("#id_attachments", str(circular))
    page.get_by_test_id("send-notice").click()
    expect(page.get_by_test_id("read-counts")).to_contain_text("2 人中 0 人已读")

    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    owner = context.new_page()
    owner.set_default_timeout(30_000)
    login(owner, "owner", PASSWORD)
    owner.goto("/notices/")
    expect(owner.get_by_test_id("unread-count")).to_have_text("1")
    owner.get_by_test_id("inbox").get_by_text(TITLE).click()
    expect(owner.get_by_test_id("notice")).to_contain_text("国庆期间请做好安全销售工作")
    expect(owner.get_by_test_id("attachments")).to_contain_text("安全销售通知.pdf")
    assert owner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    owner.goto("/notices/")
    expect(owner.get_by_test_id("unread-count")).to_have_count(0)
    context.close()

    page.reload()
    expect(page.get_by_test_id("read-counts")).to_contain_text("2 人中 1 人已读")
    page.select_option("#id_state", "unread")
    page.get_by_role("button", name="筛选").click()
    table = page.get_by_test_id("recipient-table")
    expect(table).to_contain_text("林业主")
    expect(table).not_to_contain_text("五马街站")
    page.get_by_test_id("remind").click()
    expect(page.locator(".alert-success")).to_contain_text("已提醒 1 人阅读")
