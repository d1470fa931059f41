"""The administrators' logs and finance's catalogue and targets, as they use them."""

import datetime

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.sales.models import SalesMonth
from fucai.sales.rollups import refresh_summaries
from fucai.sales.tests.factories import ensure_games, game
from fucai.stations import services
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_administrator_searches_the_audit_log_and_reads_the_login_log(page, cast):
    station = StationFactory(name="审计测试站")
    services.station_update(
        acting_user=cast["stations"], station=station, version=1, name="审计测试站二"
    )
    login(page, "admin", PASSWORD)
    page.goto("/accounts/audit/")
    page.fill("#id_actor", "stations")
    page.press("#id_actor", "Enter")
    results = page.locator("#results")
    expect(results).to_contain_text("审计测试站二")
    expect(results).to_contain_text("审计测试站")
    page.goto("/accounts/logins/")
    expect(page.locator("#results")).to_contain_text("admin")


def test_finance_adds_a_split_rate_and_sets_a_district_target(page, cast):
    ensure_games()
    station = StationFactory(region=region("330302"))
    # 2019 has sales, so the targets page offers that year
    SalesMonth.objects.create(
        station=station, game=game("SSQ"), month=datetime.date(2019, 3, 1), sales_fen=5_000_000
    )
    refresh_summaries()
    login(page, "finance", PASSWORD)
    page.goto("/sales/games/SSQ/")
    page.get_by_test_id("rate-add").click()
    modal = page.locator("#modal")
    expect(modal).to_be_visible()
    modal.locator("#id_effective_from").fill("2030-01-01")
    modal.locator("#id_prize_pct").fill("50")
    modal.locator("#id_issuance_pct").fill("13")
    modal.locator("#id_welfare_pct").fill("37")
    modal.locator("#id_commission_pct").fill("7")
    modal.locator("button[type=submit]").click()
    expect(page.get_by_test_id("rate-table")).to_contain_text("2030-01-01")

    page.goto("/sales/targets/")
    form = page.get_by_test_id("target-form")
    form.locator("[name=year]").fill("2019")
    form.locator("[name=region]").select_option("330302")
    form.locator("[name=amount]").fill("1000")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto("/sales/targets/?year=2019")
    lucheng = page.get_by_test_id("region-targets").locator("tr", has_text="鹿城区")
    expect(lucheng).to_contain_text("1,000.0")  # the target, in 万元
