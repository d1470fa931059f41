"""Liability insurance at a glance, as a district branch clerk meets it."""

import datetime
import re

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


def test_the_demo_shows_lapsed_and_expiring_policies(page):
    """The demo's policies end on days of their own around the day it is loaded: the
    leader finds stations whose policy lapsed and policies due within 30 and 60 days."""
    from fucai.core.tests.factories import ensure_regions
    from fucai.demo.builder import build_demo
    from fucai.demo.orgs import DEMO_PASSWORD

    ensure_regions()
    build_demo(stations=80, sales=False, recruitment=False)
    login(page, "leader", DEMO_PASSWORD)
    page.goto("/stations/insurance/")
    expect(page.get_by_test_id("uninsured-table").locator("tbody tr").first).to_contain_text("3303")
    soon = page.get_by_test_id("expiring-table").locator("tbody tr")
    expect(soon.first).to_contain_text("3303")
    within_30 = soon.count()
    page.get_by_test_id("windows").get_by_text("60 天").click()
    expect(page).to_have_url(re.compile(r"days=60"))
    assert page.get_by_test_id("expiring-table").locator("tbody tr").count() > within_30
