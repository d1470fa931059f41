"""Alerts and cameras as a district branch clerk and the leader meet them: an alert
acknowledged and resolved with a note, and a camera's live view playing the demo's
sample HLS stream through the vendored hls.js."""

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.monitoring.tests.factories import AlertFactory, CameraFactory
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_district_clerk_acknowledges_and_resolves_an_alert(page, cast):
    station = StationFactory(region=region("330302"), name="鹿城测试站")
    AlertFactory(station=station, title="鹿城测试站 销量突增")
    AlertFactory(station=StationFactory(region=region("330381")), title="瑞安某站 销量骤降")

    login(page, "lucheng", PASSWORD)
    page.goto("/monitoring/alerts/")
    table = page.get_by_test_id("alert-table")
    expect(table).to_contain_text("鹿城测试站 销量突增")
    expect(table).not_to_contain_text("瑞安某站")
    page.select_option("#id_status", "open")
    expect(page.get_by_test_id("result-count")).to_contain_text("1")
    table.get_by_text("鹿城测试站 销量突增").click()

    expect(page.get_by_test_id("figures")).to_contain_text("¥12,000.00")
    page.get_by_test_id("acknowledge-form").locator("textarea").fill("已电话联系站主")
    page.get_by_test_id("acknowledge-form").locator("button").click()
    expect(page.get_by_test_id("alert-status")).to_have_attribute("data-status", "acknowledged")

    page.get_by_test_id("resolve-form").locator("button").click()  # no note: refused
    expect(page.get_by_test_id("alert-status")).to_have_attribute("data-status", "acknowledged")
    page.get_by_test_id("resolve-form").locator("textarea").fill("派奖活动带动，属正常。")
    page.get_by_test_id("resolve-form").locator("button").click()
    expect(page.get_by_test_id("alert-status")).to_have_attribute("data-status", "resolved")
    expect(page.get_by_test_id("resolution")).to_contain_text("派奖活动带动")
    expect(page.get_by_test_id("history")).to_contain_text("已电话联系站主")


def test_the_live_view_plays_the_sample_stream(page, cast):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    camera = CameraFactory(station=StationFactory(region=region("330302")), name="收银台摄像头")
    login(page, "leader", PASSWORD)
    page.goto(f"/monitoring/stations/{camera.station_id}/cameras/")
    video = page.get_by_test_id("player").first
    expect(video).to_be_visible()
    page.wait_for_function(
        "() => { const v = document.querySelector('video[data-hls-src]');"
        " return v && v.readyState >= 2 && v.currentTime > 0.5; }",
        timeout=30_000,
    )
    first = video.evaluate("v => v.currentTime")
    page.wait_for_timeout(1500)
    assert video.evaluate("v => v.currentTime") != first  # still advancing (or looped)
    expect(page.get_by_test_id("player-status").first).to_have_text("正在播放")
