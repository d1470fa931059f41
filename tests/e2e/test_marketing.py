"""Marketing in the browser: the department runs a campaign and reads its lift with the
interval; a station owner requests materials on a phone and confirms the delivery."""

import datetime
import random

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.marketing.services import supplies
from fucai.marketing.tests.factories import MaterialFactory
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import game
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

START = datetime.date(2019, 9, 2)


def _sales(stations, uplift, rng):
    ssq = game("SSQ")
    rows = []
    for station in stations:
        level = rng.uniform(2e5, 4e5)
        for day in range(-56, 28):
            factor = 1 + uplift if day >= 0 else 1
            rows.append(
                SalesDay(
                    station=station,
                    game=ssq,
                    date=START + datetime.timedelta(days=day),
                    sales_fen=int(level * factor * rng.lognormvariate(0, 0.1)),
                )
            )
    SalesDay.objects.bulk_create(rows)


def test_marketing_runs_a_campaign_and_reads_its_lift(page, cast):
    rng = random.Random(14)
    lucheng = region("330302")
    treated = [StationFactory(region=lucheng) for _ in range(12)]
    controls = [StationFactory(region=lucheng) for _ in range(24)]
    _sales(treated, 0.12, rng)
    _sales(controls, 0.0, rng)

    login(page, "marketing", PASSWORD)
    page.goto("/marketing/")
    page.get_by_test_id("new-campaign").click()
    page.fill("#id_name", "双色球派奖（鹿城）")
    page.select_option("#id_kind", "bonus")
    page.fill("#id_starts_on", "2019-09-02")
    page.fill("#id_ends_on", "2019-09-29")
    page.get_by_label("鹿城区").check()
    page.get_by_label("双色球").check()
    page.fill("#id_budget", "500000")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("草稿")

    page.fill("#id_codes", " ".join(s.code for s in treated))
    page.get_by_test_id("add-stations").click()
    expect(page.get_by_test_id("station-count")).to_have_text("12")
    page.get_by_test_id("start-campaign").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("进行中")
    page.get_by_test_id("finish-campaign").click()

    expect(page.get_by_test_id("lift-headline")).to_contain_text("±")
    expect(page.get_by_test_id("lift-headline")).to_contain_text("4 周内 +")
    expect(page.get_by_test_id("lift-interval")).to_contain_text("95% 置信区间")
    expect(page.get_by_test_id("lift-chart").locator("canvas")).to_have_count(1)

    page.goto("/marketing/")
    expect(page.get_by_test_id("campaign-table")).to_contain_text("±")


def test_an_owner_requests_materials_on_a_phone_and_confirms_delivery(browser, live_server, cast):
    station = StationFactory(
        region=region("330302"), name="鹿城福彩站", owner=StationOwnerFactory(user=cast["owner"])
    )
    material = MaterialFactory(name="双色球派奖海报")
    supplies.material_receive(acting_user=cast["marketing"], material=material, quantity=50)

    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, "owner", PASSWORD)
        page.goto("/marketing/requests/")
        page.get_by_test_id("new-request").click()
        page.select_option("#id_station", str(station.pk))
        page.select_option("#id_material", str(material.pk))
        page.fill("#id_quantity", "20")
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("request-status")).to_have_text("已申请")
        request = station.material_requests.get()

        supplies.material_request_approve(acting_user=cast["marketing"], request=request)
        supplies.material_request_deliver(acting_user=cast["marketing"], request=request)

        page.reload()
        expect(page.get_by_test_id("request-status")).to_have_text("已配送")
        confirm = page.get_by_test_id("confirm")
        box = confirm.bounding_box()
        assert box and box["width"] > 300  # a full-width button on the phone
        confirm.click()
        expect(page.get_by_test_id("request-status")).to_have_text("已确认收货")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
    material.refresh_from_db()
    assert material.stock == 30
