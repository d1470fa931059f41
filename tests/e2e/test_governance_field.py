"""An inspector's day on a phone: today's list nearest first, check-in with the phone's
location, answers, a camera photo, the owner's signature, a dropped connection in the
middle of the form (answers kept on the phone, the page reloaded, then synced without
loss or duplicates), a failed item, and the submission that issues its rectification
order — which the owner answers on their phone and the inspector then verifies."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.choices import InspectionStatus
from fucai.governance.models import InspectionAnswer, InspectionPhoto, RectificationOrder
from fucai.governance.tests.factories import InspectionFactory, field_checklist, image_bytes
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .conftest import CHROMIUM, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HERE = {"latitude": 28.0005, "longitude": 120.65}  # ~55 m from the near station


@pytest.fixture
def phone(browser, live_server):
    """A 390×844 phone that shares its location."""
    assert CHROMIUM
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation=HERE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def on_console(message):
        # Requests cut off on purpose (the dropped network) are logged by the browser.
        text = message.text
        if message.type == "error" and not any(
            s in text for s in ("status of 400", "net::ERR_FAILED", "ERR_INTERNET_DISCONNECTED")
        ):
            errors.append(text)

    page.on("console", on_console)
    yield context, page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_an_inspector_inspects_a_station_through_a_dropped_connection(
    phone, cast, browser, live_server
):
    context, page = phone
    today = timezone.localdate()
    template, items = field_checklist()
    far = StationFactory(
        region=region("330302"),
        name="远处投注站",
        latitude=Decimal("28.05"),
        longitude=Decimal("120.7"),
    )
    near = StationFactory(
        region=region("330302"),
        name="近处投注站",
        owner=StationOwnerFactory(user=cast["owner"]),
        latitude=Decimal("28.0"),
        longitude=Decimal("120.65"),
    )
    for station, due in ((far, today), (near, today + datetime.timedelta(days=5))):
        InspectionFactory(
            station=station,
            template=template,
            inspector=cast["inspector"],
            year=today.year,
            planned_on=today,
            due_on=due,
        )

    login(page, "inspector", PASSWORD)
    page.goto("/governance/today/")
    cards = page.get_by_test_id("today-item")
    expect(cards).to_have_count(2)
    # With the location shared the nearest comes first, its distance shown.
    expect(cards.first).to_contain_text("近处投注站")
    expect(cards.first.locator("[data-distance-label]")).to_contain_text("米")
    cards.first.click()

    form = page.get_by_test_id("field-form")
    page.get_by_test_id("check-in").click()
    expect(page.get_by_test_id("check-in-result")).to_contain_text("米")
    expect(form).to_have_attribute("data-pending", "0")

    def item(key):
        return page.locator(f'[data-item="{items[key].pk}"]')

    item("licence").get_by_test_id("pass").click()
    item("notice").get_by_test_id("pass").click()
    item("tidy").locator("input[type=number]").fill("8")
    item("front").get_by_test_id("photo-input").set_input_files(
        {"name": "front.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(320, 240))}
    )
    expect(item("front").get_by_test_id("photo-thumb")).to_have_count(1)

    page.locator("#signed-by").fill("王店主")
    pad = page.get_by_test_id("signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 30 + (step % 3) * 20)
    page.mouse.up()
    page.get_by_test_id("save-signature").click()
    expect(form).to_have_attribute("data-signed", "1")
    expect(form).to_have_attribute("data-pending", "0")

    # The network drops: answers go on, kept on the phone.
    context.set_offline(True)
    item("terminals").locator("input[type=number]").fill("2")
    item("remarks").locator("textarea").fill("销售员持证上岗")
    item("notice").get_by_test_id("fail").click()
    item("notice").locator('input[name^="comment-"]').fill("未张贴责任彩票公示")
    expect(page.get_by_test_id("sync-status")).to_contain_text("离线")
    expect(form).not_to_have_attribute("data-pending", "0")
    inspection = near.inspections.get()
    assert not InspectionAnswer.objects.filter(
        inspection=inspection, item=items["terminals"]
    ).exists()

    # Back in coverage, but the first sync is cut off; the page is reloaded meanwhile.
    page.route("**/field/answers/", lambda route: route.abort())
    context.set_offline(False)
    page.reload()
    expect(item("terminals").locator("input[type=number]")).to_have_value("2")
    expect(item("notice").locator('input[value="0"]')).to_be_checked()
    expect(item("remarks").locator("textarea")).to_have_value("销售员持证上岗")
    page.unroute("**/field/answers/")
    page.locator("button:has(.ti-refresh)").click()
    expect(form).to_have_attribute("data-pending", "0")

    answers = InspectionAnswer.objects.filter(inspection=inspection)
    assert answers.count() == 5  # one per answered item, none twice
    assert answers.get(item=items["notice"]).passed is False
    assert answers.get(item=items["notice"]).comment == "未张贴责任彩票公示"
    assert answers.get(item=items["terminals"]).number == 2
    assert InspectionPhoto.objects.filter(inspection=inspection).count() == 1

    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/governance/inspections/{inspection.pk}/")
    expect(page.get_by_test_id("score")).to_contain_text("38")
    expect(page.get_by_test_id("orders")).to_contain_text("未张贴责任彩票公示")  # the note
    expect(page.get_by_test_id("signature")).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED
    assert inspection.check_in_distance_m == pytest.approx(56, abs=3)
    order = RectificationOrder.objects.get(inspection=inspection)
    assert order.item_id == items["notice"].pk

    # The owner finds the order on their phone's home page and answers it with a photo.
    owner_context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    owner = owner_context.new_page()
    owner.set_default_timeout(30_000)
    login(owner, "owner", PASSWORD)
    owner.get_by_test_id("rectification-task").filter(has_text=order.number).click()
    expect(owner.get_by_test_id("problem")).to_have_text("未张贴责任彩票公示")
    owner.get_by_label("整改情况").fill("已在柜台张贴责任彩票公示")
    owner.set_input_files(
        "#id_photos",
        {"name": "notice.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(320, 240))},
    )
    owner.get_by_role("button", name="提交回复").click()
    expect(owner.get_by_test_id("order-status")).to_have_text("已回复")
    owner_context.close()

    # The inspector opens the order from the inspection and verifies it.
    page.goto(f"/governance/inspections/{inspection.pk}/")
    page.get_by_test_id("order-link").click()
    expect(page.get_by_test_id("reply-photo")).to_be_visible()
    page.get_by_label("备注").fill("已整改到位")
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已验收")
    order.refresh_from_db()
    assert order.status == "verified"
    assert list(order.events.values_list("action", flat=True)) == ["issue", "reply", "verify"]
