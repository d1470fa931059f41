"""Party building as the party-affairs clerk meets it on a phone: this month's political
birthdays and which branch is behind on 三会一课."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.party.choices import THREE_MEETINGS_ONE_LECTURE
from fucai.party.tests.factories import (
    ActivityFactory,
    BranchFactory,
    MemberFactory,
    ensure_frequency_rules,
)

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_clerk_sees_birthdays_and_the_branch_behind_on_a_phone(page, cast):
    ensure_frequency_rules()
    today = timezone.localdate()
    diligent, late = BranchFactory(name="机关党支部"), BranchFactory(name="离退休党支部")
    for month in range(1, today.month + 1):
        for kind in THREE_MEETINGS_ONE_LECTURE:
            ActivityFactory(
                branch=diligent, kind=kind, planned_on=datetime.date(today.year, month, 1)
            )
    MemberFactory(branch=diligent, name="林本月", joined_on=today.replace(year=2008, day=1))
    other = today.month % 12 + 1
    MemberFactory(branch=late, name="陈下月", joined_on=datetime.date(2008, other, 1))

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "party", PASSWORD)
    page.goto("/party/")
    birthdays = page.get_by_test_id("birthdays")
    expect(birthdays).to_contain_text("林本月")
    expect(birthdays).not_to_contain_text("陈下月")
    behind = page.get_by_test_id("behind")
    if today.month > 1:
        expect(behind).to_contain_text("离退休党支部")
        expect(behind).to_contain_text("支委会")
        expect(behind).not_to_contain_text("机关党支部")

    page.get_by_test_id("compliance-link").click()
    table = page.get_by_test_id("compliance-table")
    expect(table.locator("tr", has_text="离退休党支部")).to_be_visible()

    page.goto("/party/")
    birthdays.get_by_role("link", name="贺卡").click()
    expect(page.get_by_test_id("birthday-card")).to_contain_text("林本月 同志")
