"""Rectification on phones: the owner finds the order on their home, replies with a
photo; the inspector rejects, the owner replies again, the inspector verifies."""

import datetime

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.choices import InspectionResult, InspectionStatus
from fucai.governance.models import RectificationOrder
from fucai.governance.services.rectifications import rectification_issue_for_inspection
from fucai.governance.tests.factories import (
    PNG_BYTES,
    InspectionAnswerFactory,
    InspectionFactory,
)
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized browser; call it for a fresh one (one per person)."""
    contexts, errors = [], []

    def open_phone():
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "status of 400" not in m.text
                else None
            ),
        )
        return page

    yield open_phone
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def order(cast):
    station = StationFactory(
        region=region("330302"), owner=StationOwnerFactory(user=cast["owner"]), name="五马街站"
    )
    inspection = InspectionFactory(
        station=station,
        inspector=cast["inspector"],
        status=InspectionStatus.SUBMITTED,
        result=InspectionResult.FAILED,
        inspected_on=datetime.date.today(),
    )
    InspectionAnswerFactory(inspection=inspection, passed=False, comment="未张贴理性购彩提示")
    (order,) = rectification_issue_for_inspection(
        inspection=inspection, acting_user=cast["inspector"]
    )
    return order


def _reply(page, text, photo):
    page.get_by_label("整改情况").fill(text)
    page.set_input_files("#id_photos", photo)
    page.get_by_role("button", name="提交回复").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已回复")


def test_owner_replies_inspector_rejects_then_verifies(phone, cast, order, tmp_path):
    photo = tmp_path / "notice.png"
    photo.write_bytes(PNG_BYTES)

    owner = phone()
    login(owner, "owner", PASSWORD)
    task = owner.get_by_test_id("rectification-task")
    expect(task).to_contain_text(order.number)
    expect(task).to_contain_text(order.deadline_on.isoformat())
    task.click()
    expect(owner.get_by_test_id("problem")).to_have_text("未张贴理性购彩提示")
    expect(owner.get_by_test_id("order-status")).to_have_text("待整改")
    # Nothing wider than the phone: no sideways scrolling.
    assert owner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _reply(owner, "已在柜台张贴理性购彩提示", str(photo))
    expect(owner.get_by_test_id("reply-photo")).to_have_count(1)
    expect(owner.get_by_test_id("reply-form")).to_have_count(0)

    inspector = phone()
    login(inspector, "inspector", PASSWORD)
    inspector.goto(f"/governance/rectifications/{order.pk}/")
    expect(inspector.get_by_test_id("reply-photo")).to_be_visible()
    inspector.get_by_label("备注").fill("照片中看不到提示")
    inspector.get_by_test_id("reject").click()
    expect(inspector.get_by_test_id("order-status")).to_have_text("待整改")

    owner.goto("/")
    owner.get_by_test_id("rectification-task").click()
    expect(owner.get_by_test_id("events")).to_contain_text("照片中看不到提示")
    _reply(owner, "已重新张贴并拍照", str(photo))

    inspector.reload()
    inspector.get_by_label("备注").fill("合格")
    inspector.get_by_test_id("verify").click()
    expect(inspector.get_by_test_id("order-status")).to_have_text("已验收")

    order = RectificationOrder.objects.get(pk=order.pk)
    assert list(order.events.values_list("action", flat=True)) == [
        "issue",
        "reply",
        "reject",
        "reply",
        "verify",
    ]
    owner.goto("/")
    expect(owner.get_by_test_id("rectification-task")).to_have_count(0)


def test_the_owners_camera_photo_is_shrunk_before_it_is_sent(phone, cast, order, tmp_path):
    """The reply form shrinks photos in the browser like the inspector's field form
    (static/fucai/photos.js): a 3000×2000 camera shot arrives as a JPEG of at most 1600
    pixels a side, a fraction of its size."""
    import io
    import os

    from PIL import Image

    from fucai.governance.models import RectificationPhoto

    shot = tmp_path / "IMG_0001.JPG"
    Image.frombytes("RGB", (3000, 2000), os.urandom(3000 * 2000 * 3)).save(shot, quality=92)
    original = shot.stat().st_size

    owner = phone()
    login(owner, "owner", PASSWORD)
    owner.goto(f"/governance/rectifications/{order.pk}/")
    _reply(owner, "已张贴理性购彩提示", str(shot))
    expect(owner.get_by_test_id("reply-photo")).to_have_count(1)

    photo = RectificationPhoto.objects.get(reply__order=order)
    assert photo.content_type == "image/jpeg"
    with photo.file.open("rb") as handle:
        stored = handle.read()
    assert len(stored) < original / 2
    assert max(Image.open(io.BytesIO(stored)).size) == 1600
