"""A newcomer's path in the browser: the front door leads the public to the portal, an
applicant who signs in at the staff page lands in the portal, a station owner's home
shows their own station, and a leader's district drill-down keeps the year."""

import re

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.sales.tests.test_selectors import build_world

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_front_door_leads_the_public_to_the_portal(page):
    page.goto("/")
    expect(page.get_by_test_id("front-public")).to_contain_text("公众服务")
    expect(page.get_by_test_id("front-staff")).to_contain_text("工作人员登录")
    page.get_by_test_id("front-calls").click()
    expect(page).to_have_url(re.compile(r"/public/calls/$"))


def test_an_applicant_signing_in_at_the_staff_page_lands_in_the_portal(page, cast):
    login(page, "applicant", PASSWORD)
    expect(page).to_have_url(re.compile(r"/public/my/$"))
    expect(page.locator("body")).to_contain_text("您的申请在公众服务门户")


def test_the_owner_home_shows_their_own_station(page, cast):
    build_world(cast)  # the owner has 鹿城一站 (33030001) only
    login(page, "owner", PASSWORD)  # an owner lands on /my/; the home is still at /
    page.goto("/")
    table = page.get_by_test_id("owner-stations")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("33030001")
    expect(page.locator("body")).not_to_contain_text("瑞安一站")
    expect(page.get_by_test_id("owner-kpi-sales")).to_have_text("0.4")  # 2019: 0.35 万元


def test_the_leader_drills_down_to_a_district_keeping_the_year(page, cast):
    build_world(cast)
    login(page, "leader", PASSWORD)
    page.goto("/sales/?year=2018")
    expect(page.get_by_test_id("kpi-sales")).to_have_text("0.4")  # 2018: 0.40 万元 city-wide
    page.get_by_test_id("drill-330302").click()
    expect(page).to_have_url(re.compile(r"year=2018"))
    expect(page).to_have_url(re.compile(r"region=330302"))
    expect(page.get_by_test_id("kpi-sales")).to_have_text("0.1")  # 鹿城 2018: 0.10 万元
    expect(page.locator("#id_year")).to_have_value("2018")
