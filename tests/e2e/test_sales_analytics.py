"""Sales analytics in the browser: a leader reads the overview and narrows it to a
district; a district user sees only their own district."""

import re

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.sales.tests.test_selectors import build_world

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_overview_and_a_district_sees_only_itself(page, cast):
    build_world(cast)  # 2019: 鹿城 0.40 万元, 瑞安 0.24 万元 (fen figures in test_selectors)
    login(page, "leader", PASSWORD)
    expect(page.get_by_test_id("kpi-sales")).to_have_text("0.6")  # the home page's KPI
    page.locator("#sidebar-menu a[href='/sales/']").click()
    expect(page).to_have_url(re.compile(r"/sales/$"))
    expect(page.get_by_test_id("kpi-sales")).to_have_text("0.6")
    for chart in ("chart-trend", "chart-games", "chart-map", "chart-kinds"):
        expect(page.get_by_test_id(chart).locator("canvas")).to_have_count(1)

    page.select_option("#id_region", "330381")
    expect(page).to_have_url(re.compile(r"region=330381"))
    expect(page.get_by_test_id("kpi-sales")).to_have_text("0.2")
    expect(page.get_by_test_id("region-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("region-table")).to_contain_text("瑞安")

    page.context.clear_cookies()
    login(page, "lucheng", PASSWORD)
    page.goto("/sales/?year=2019&region=330381")  # guessing another district changes nothing
    expect(page.get_by_test_id("kpi-sales")).to_have_text("0.4")
    table = page.get_by_test_id("region-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("鹿城")
    expect(page.locator("#id_region option")).to_have_count(2)  # all districts + 鹿城
    expect(page.locator("body")).not_to_contain_text("瑞安")


def test_the_ranking_by_growth_compares_the_same_days_of_last_year(page, cast):
    from fucai.sales.tests.test_like_days import build_partial_world

    build_partial_world()  # data up to 2019-11-15; 鹿城一站 −6.7%, 瑞安一站 −50% like for like
    login(page, "leader", PASSWORD)
    page.goto("/sales/ranking/?order=growth")
    expect(page.get_by_test_id("like-until")).to_contain_text("上年同期截至 2018-11-15")
    expect(page.get_by_test_id("growth-note")).to_contain_text("截至 2018-11-15")
    rows = page.get_by_test_id("ranking-table").locator("tbody tr")
    expect(rows.first).to_contain_text("鹿城一站")
    expect(rows.first).to_contain_text("-6.7%")
    page.goto("/sales/")
    expect(page.get_by_test_id("month-until")).to_have_text("1–15日")
