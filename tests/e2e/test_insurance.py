"""Liability insurance at a glance, as a district branch clerk meets it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.stations.tests.factories import InsurancePolicyFactory, StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_district_clerk_finds_uninsured_and_expiring_stations(page, cast):
    today = timezone.localdate()

    def day(n):
        return today + datetime.timedelta(days=n)

    insured = StationFactory(region=region("330302"), name="鹿城有保站")
    InsurancePolicyFactory(station=insured, starts_on=day(-30), ends_on=day(300))
    soon = StationFactory(region=region("330302"), name="鹿城将到期站")
    InsurancePolicyFactory(station=soon, starts_on=day(-300), ends_on=day(45))
    StationFactory(region=region("330302"), name="鹿城无保站")
    StationFactory(region=region("330381"), name="瑞安无保站")

    login(page, "lucheng", PASSWORD)
    page.goto("/stations/")
    page.get_by_test_id("insurance-link").click()
    expect(page.get_by_test_id("coverage-rate")).to_have_text("66.7%")
    expect(page.get_by_test_id("uninsured-table")).to_contain_text("鹿城无保站")
    expect(page.get_by_test_id("uninsured-table")).not_to_contain_text("瑞安无保站")
    expect(page.get_by_test_id("expiring-table")).not_to_contain_text("鹿城将到期站")

    page.get_by_test_id("windows").get_by_text("60 天").click()
    expect(page.get_by_test_id("expiring-table")).to_contain_text("鹿城将到期站")
    expect(page.get_by_test_id("expiring-table")).to_contain_text("未续保")

    page.get_by_test_id("uninsured-table").locator("tr", has_text="鹿城无保站").locator("a").click()
    expect(page.locator("h2.page-title")).to_contain_text("未投保")
