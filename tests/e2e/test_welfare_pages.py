"""The fund's staff pages on a phone: charity asks to pay a project's money, the
department and finance approve it in their inboxes, the ledger shows the entry; the
leadership approves and publishes the year's disclosure."""

import pytest
from playwright.sync_api import expect

from fucai.core.choices import Role
from fucai.core.tests.factories import PASSWORD, UserFactory
from fucai.welfare import services
from fucai.welfare.tests.factories import funded_project

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.context.clear_cookies()


def test_a_payment_is_requested_approved_and_booked(page, cast):
    project = funded_project(cast, name="平阳敬老院项目")
    UserFactory(username="charity2", role=Role.CHARITY)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "charity", PASSWORD)
    page.goto(f"/welfare/projects/{project.pk}/")
    form = page.get_by_test_id("payment-form")
    page.locator("summary", has_text="拨付").first.click()
    form.locator("[name=amount_fen]").fill("1500")
    form.locator("[name=payee]").fill("平阳怀溪晓坑慈善敬老院")
    form.locator("[name=paid_on]").fill("2019-09-09")
    form.locator("[name=purpose]").fill("重阳节慰问")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("movements")).to_contain_text("待审批")

    for username in ("charity2", "finance"):
        _sign_out(page)
        login(page, username, PASSWORD)
        page.goto("/welfare/approvals/")
        mine = page.get_by_test_id("my-approvals")
        expect(mine).to_contain_text("平阳敬老院项目")
        mine.get_by_role("button", name="审批通过").first.click()
        expect(page.get_by_test_id("my-approvals")).not_to_contain_text("平阳敬老院项目")

    page.goto("/welfare/?year=2019")
    expect(page.get_by_test_id("entries")).to_contain_text("重阳节慰问")
    page.goto(f"/welfare/projects/{project.pk}/")
    expect(page.get_by_test_id("spent")).to_have_text("0.2")


def test_the_leadership_publishes_the_disclosure(page, cast):
    funded_project(cast)
    disclosure = services.disclosure_generate(acting_user=cast["finance"], year=2019, reach={})
    services.disclosure_transition(
        acting_user=cast["finance"], disclosure=disclosure, action="submit"
    )
    login(page, "leader", PASSWORD)
    page.goto("/welfare/disclosures/2019/")
    page.get_by_test_id("action-approve").click()
    page.get_by_test_id("action-publish").click()
    expect(page.locator(".page-pretitle")).to_contain_text("已发布")
    page.goto("/public/disclosures/")
    expect(page.get_by_test_id("disclosure-list")).to_contain_text("2019")
