"""The charity department records an activity on a phone — the form, held (its
spending sent for payment approval), a volunteer, a photo cleared for the portal, the
public story — and publishes it; a visitor then finds it on the portal."""

import pytest
from playwright.sync_api import expect

from fucai.charity.models import CharityActivity
from fucai.charity.tests.factories import image_upload, series
from fucai.core.tests.factories import PASSWORD, region
from fucai.welfare.choices import ApprovalState
from fucai.welfare.models import Disbursement
from fucai.welfare.tests.factories import funded_project

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_charity_records_holds_and_publishes_an_activity(page, cast):
    funded_project(cast, name="福彩暖万家项目")
    series("福彩暖万家")
    region("330302")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "charity", PASSWORD)
    page.goto("/charity/activities/new/")
    form = page.get_by_test_id("activity-form")
    form.locator("[name=series]").select_option(label="福彩暖万家")
    form.locator("[name=project]").select_option(label="福彩暖万家项目")
    form.locator("[name=title]").fill("冬日送温暖")
    form.locator("[name=held_on]").fill("2019-12-01")
    form.locator("[name=region]").select_option(label="鹿城区")
    form.locator("[name=place]").fill("五马街道")
    form.locator("[name=organizers]").fill("温州市福利彩票发行中心")
    form.locator("[name=spending]").fill("1000")
    form.locator("[name=story]").fill("中心志愿者为困难群众送去棉被。")
    page.get_by_test_id("save-activity").click()
    expect(page.get_by_test_id("activity-spending")).to_contain_text("1,000.00")

    page.get_by_test_id("mark-held").click()
    payment = Disbursement.objects.get(source__startswith="activity:")
    assert payment.state == ApprovalState.PENDING and payment.amount_fen == 100_000

    participants = page.locator("#participants form").last
    participants.locator("[name=kind]").select_option("volunteer")
    participants.locator("[name=name]").fill("李志愿")
    participants.locator("[name=hours]").fill("3")
    page.get_by_test_id("add-participant").click()
    expect(page.get_by_test_id("participants")).to_contain_text("李志愿")

    upload = page.locator("#photos form")
    upload.locator("[name=file]").set_input_files(
        {"name": "p.jpg", "mimeType": "image/jpeg", "buffer": image_upload().read()}
    )
    upload.locator("[name=caption]").fill("送温暖合影")
    upload.locator("[name=public]").check()
    upload.locator("button").click()
    expect(page.locator("#photos")).to_contain_text("送温暖合影")

    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("on-portal")).to_be_visible()
    activity = CharityActivity.objects.get(title="冬日送温暖")
    assert activity.status == "published"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    page.context.clear_cookies()
    page.goto("/public/activities/")
    page.get_by_test_id("public-activity").filter(has_text="冬日送温暖").click()
    expect(page.get_by_test_id("activity-story")).to_contain_text("送去棉被")
    expect(page.get_by_test_id("activity-photos").locator("img")).to_have_count(1)
    expect(page.locator("body")).not_to_contain_text("李志愿")
