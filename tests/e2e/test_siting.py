"""Siting: marketing imports the population data set (a wrong cell refused whole with
its row and column, then the corrected file), reads the map and the ranked candidate
areas; station management opens a call for the first candidate, its form prefilled."""

import datetime

import pytest
from playwright.sync_api import expect

from fucai.core.models import PopulationArea
from fucai.core.tests.factories import PASSWORD, region
from fucai.sales.models import SalesRegionTotal, SalesStationYear
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "区县,乡镇（街道）,年份,常住人口（人）,纬度,经度,数据来源\n"
ROWS = (
    "瑞安市,,2021,1525800,,,公报\n"
    "瑞安市,塘下镇,2021,352000,27.846,120.722,演示\n"
    "瑞安市,安阳街道,2021,158000,27.779,120.655,演示\n"
    "鹿城区,,2021,1189500,,,公报\n"
)


def _file(text: str) -> dict:
    return {"name": "人口.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


@pytest.fixture
def network(cast):
    ruian, lucheng = region("330381"), region("330302")
    stations = [StationFactory(region=ruian, address="瑞安市塘下镇韩田大道1号")]
    stations += [
        StationFactory(region=ruian, address=f"瑞安市安阳街道万松路{n}号") for n in range(6)
    ]
    stations += [StationFactory(region=lucheng) for _n in range(8)]
    for station in stations:
        SalesStationYear.objects.create(
            station=station,
            region=station.region,
            kind=station.kind,
            year=2019,
            sales_fen=3_000_000 if "塘下" in station.address else 1_000_000,
        )
    for place in (ruian, lucheng):
        SalesRegionTotal.objects.create(month=datetime.date(2019, 12, 1), region=place, sales_fen=1)


def test_marketing_imports_population_and_reads_the_candidates(page, cast, network):
    login(page, "marketing", PASSWORD)
    page.goto("/siting/")
    expect(page.get_by_test_id("siting-no-population")).to_be_visible()
    page.get_by_test_id("siting-import-link").click()
    page.wait_for_url("**/siting/population/")
    page.set_input_files("#id_file", _file(HEADER + ROWS + "瑞安市,飞云街道,二〇二一,abc,,,\n"))
    page.get_by_test_id("population-submit").click()
    errors = page.get_by_test_id("population-errors")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors).to_contain_text("年份")
    expect(errors).to_contain_text("常住人口（人）")
    assert not PopulationArea.objects.exists()

    page.set_input_files("#id_file", _file(HEADER + ROWS))
    page.get_by_test_id("population-submit").click()
    expect(page.get_by_test_id("population-imports").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("population-count")).to_have_text("4")

    page.goto("/siting/")
    expect(page.get_by_test_id("siting-map").locator("canvas")).to_have_count(1)
    first = page.get_by_test_id("candidate-row").first
    expect(first).to_contain_text("塘下镇")
    # Marketing plans; the call itself is station management's.
    expect(page.get_by_test_id("open-call")).to_have_count(0)
    expect(page.get_by_test_id("district-330381")).to_contain_text("1525800")


def test_station_management_opens_a_call_for_the_first_candidate(page, cast, network):
    for line in ROWS.splitlines():
        name, town, year, people, lat, lng, _source = line.split(",")
        PopulationArea.objects.create(
            region=region("330381" if name == "瑞安市" else "330302"),
            township=town,
            year=int(year),
            population=int(people),
            latitude=lat or None,
            longitude=lng or None,
        )
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(page, "stations", PASSWORD)
    page.goto("/siting/")
    expect(page.get_by_test_id("siting-map").locator("canvas")).to_have_count(1)
    page.get_by_test_id("open-call").first.click()
    page.wait_for_url("**/recruitment/calls/new/**")
    expect(page.locator("#id_title")).to_have_value("瑞安市塘下镇投注站公开征召公告")
    assert int(page.locator("#id_quota_330381").input_value()) >= 1
