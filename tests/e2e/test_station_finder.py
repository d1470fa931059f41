"""The public station finder on a phone: filter by district, kind and stars, and find
the station in the list and on the map."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from fucai.core.tests.factories import ensure_regions, region
from fucai.stations.services import station_judgement_publish
from fucai.stations.tests.factories import StationFactory

from .test_chart_escaping import _assert_no_script_ran, _tooltips

HOSTILE = '<img src=x onerror="window.__xss=5">'

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_public_finds_a_starred_station_on_a_phone(browser, live_server):
    ensure_regions()
    starred = StationFactory(
        region=region("330302"),
        name="五马街福彩站",
        address="鹿城区五马街1号",
        opening_hours="08:00–22:00",
        latitude="28.012345",
        longitude="120.654321",
    )
    station_judgement_publish(acting_user=None, station=starred, stars=4, stars_year=2019)
    StationFactory(region=region("330302"), name="鹿城普通站", kind="instant")
    StationFactory(region=region("330381"), name="瑞安福彩站")
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/public/")
    page.locator(".navbar-toggler").click()
    page.get_by_test_id("nav-finder").click()
    expect(page.get_by_test_id("finder-station")).to_have_count(3)
    expect(page.get_by_test_id("finder-map").locator("canvas")).to_have_count(1)

    page.select_option("#id_district", "330302")
    page.get_by_test_id("finder-submit").click()
    expect(page.get_by_test_id("finder-station")).to_have_count(2)
    page.select_option("#id_stars", "3")
    page.get_by_test_id("finder-submit").click()
    found = page.get_by_test_id("finder-station")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("五马街福彩站")
    expect(found).to_contain_text("08:00–22:00")
    expect(found.get_by_test_id("finder-stars")).to_have_text("★★★★")
    page.select_option("#id_kind", "instant")
    page.get_by_test_id("finder-submit").click()
    expect(page.get_by_test_id("finder-station")).to_have_count(0)
    assert starred.owner.name not in page.content()
    context.close()
    assert errors == []


@override_settings(CSP_ENABLED=False)
def test_a_hostile_station_name_shows_as_text_on_the_map(page):
    ensure_regions()
    StationFactory(region=region("330302"), name=HOSTILE, latitude="28.01", longitude="120.65")
    page.goto("/public/stations/")
    tips = _tooltips(page)
    assert any(HOSTILE in tip["text"] for tip in tips), tips
    assert all(tip["elements"] == [] for tip in tips), tips
    _assert_no_script_ran(page)
