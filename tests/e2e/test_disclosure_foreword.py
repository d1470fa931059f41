"""The disclosure's foreword on a phone: finance writes it on the draft, submits, and the
form is gone (locked); the leadership returns it and finance may edit again; once
approved and published the public page carries it."""

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.welfare import services
from fucai.welfare.tests.factories import funded_project

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_finance_writes_the_foreword_until_it_is_approved(page, cast):
    funded_project(cast)
    services.disclosure_generate(acting_user=cast["finance"], year=2019, reach={})
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "finance", PASSWORD)
    page.goto("/welfare/disclosures/2019/")
    form = page.get_by_test_id("foreword-form")
    form.locator("textarea[name=foreword]").fill("各位市民：\n现将2019年度公益金使用情况公告如下。")
    page.get_by_test_id("foreword-save").click()
    expect(page.locator(".alert-success, .toast, [role=alert]").first).to_contain_text("前言已保存")
    expect(form.locator("textarea[name=foreword]")).to_have_value(
        "各位市民：\n现将2019年度公益金使用情况公告如下。"
    )
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("foreword-form")).to_have_count(0)
    expect(page.get_by_test_id("foreword")).to_contain_text("现将2019年度")

    page.context.clear_cookies()
    login(page, "leader", PASSWORD)
    page.goto("/welfare/disclosures/2019/")
    page.get_by_test_id("action-return").click()
    page.context.clear_cookies()
    login(page, "finance", PASSWORD)
    page.goto("/welfare/disclosures/2019/")
    page.get_by_test_id("foreword-form").locator("textarea[name=foreword]").fill("修改后的前言。")
    page.get_by_test_id("foreword-save").click()
    page.get_by_test_id("action-submit").click()

    page.context.clear_cookies()
    login(page, "leader", PASSWORD)
    page.goto("/welfare/disclosures/2019/")
    page.get_by_test_id("action-approve").click()
    expect(page.get_by_test_id("foreword-form")).to_have_count(0)
    page.get_by_test_id("action-publish").click()
    page.goto("/public/disclosures/2019/")
    expect(page.locator("body")).to_contain_text("修改后的前言。")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
