"""Siting: a station's township, the under-served index and its ranking, the figures
read within the user's scope, and the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.models import PopulationArea
from fucai.core.tests.factories import region
from fucai.dashboard.siting import analysis, selectors
from fucai.dashboard.siting.analysis import Area, Township
from fucai.sales.models import SalesRegionTotal, SalesStationYear
from fucai.stations.choices import StationStatus
from fucai.stations.tests.factories import StationFactory

TOWNS = [
    Township("塘下镇", 27.846, 120.722),
    Township("安阳街道", 27.779, 120.655),
    Township("芦浦片区", None, None),
]
PREFIXES = ("浙江省", "温州市", "瑞安市", "瑞安")


def test_the_address_names_the_township_after_the_city_and_district():
    assert analysis.township_of("瑞安市塘下镇韩田大道8号", None, None, TOWNS, PREFIXES) == "塘下镇"
    assert analysis.township_of("温州市瑞安市安阳街道万松路1号", None, None, TOWNS, PREFIXES) == (
        "安阳街道"
    )
    # A township written without its suffix (龙港's 片区) is still found.
    assert analysis.township_of("芦浦龙港大道3号", None, None, TOWNS, PREFIXES) == "芦浦片区"


def test_without_a_township_in_the_address_the_nearest_centroid_takes_the_station():
    assert analysis.township_of("瑞安市万松路1号", 27.84, 120.71, TOWNS, PREFIXES) == "塘下镇"
    assert analysis.township_of("瑞安市万松路1号", 27.78, 120.66, TOWNS, PREFIXES) == "安阳街道"
    # No coordinates, or no township at all: not assigned.
    assert analysis.township_of("瑞安市万松路1号", None, None, TOWNS, PREFIXES) is None
    assert analysis.township_of("瑞安市塘下镇", 27.8, 120.7, [], PREFIXES) is None


def _area(name, population, active, selling, sales_fen):
    return Area(
        1, "330381", "瑞安市", name, population, 2021, "", None, None, active, selling, sales_fen
    )


def test_the_index_ranks_thin_and_busy_areas_first():
    # Reference: 100 stations for 1,000,000 residents (1 per 10,000), 1,000,000 fen each.
    districts = [_area("", 1_000_000, 100, 100, 100 * 1_000_000)]
    ref = analysis.reference(districts)
    assert ref.density == pytest.approx(1.0)
    assert ref.sales_per_station_fen == 1_000_000

    average = _area("甲镇", 100_000, 10, 10, 10 * 1_000_000)
    thin_busy = _area("乙镇", 100_000, 5, 5, 5 * 1_500_000)  # half the stations, 1.5× sales
    crowded = _area("丙镇", 100_000, 20, 20, 20 * 800_000)
    empty = _area("丁镇", 30_000, 0, 0, 0)
    for area in (average, thin_busy, crowded, empty):
        analysis.score(area, ref, district_sales_per_station=1_200_000)
    assert average.index == pytest.approx(1.0) and average.gap == 0
    assert thin_busy.index == pytest.approx(3.0) and thin_busy.gap == 5
    assert crowded.index == pytest.approx(0.4) and crowded.gap == 0
    # No station: scored as if it had one, with its district's sales per station.
    assert empty.index == pytest.approx(1.2 * 3.0) and empty.gap == 3
    order = [a.township for a in analysis.ranked([average, thin_busy, crowded, empty])]
    assert order == ["丁镇", "乙镇", "甲镇", "丙镇"]
    assert [a.under_served for a in (average, thin_busy, crowded, empty)] == [
        False,
        True,
        False,
        True,
    ]


def test_no_population_or_no_sales_gives_no_index():
    ref = analysis.reference([_area("", None, 10, 10, 1000)])
    area = _area("甲镇", 100_000, 1, 1, 1000)
    analysis.score(area, ref, None)
    assert area.index is None and area.gap == 0


# With the database ---------------------------------------------------------------


def _population(code, township, population, year=2021, lat=None, lng=None):
    return PopulationArea.objects.create(
        region=region(code),
        township=township,
        year=year,
        population=population,
        latitude=lat,
        longitude=lng,
        source="测试",
    )


def _sales(station, fen, year=2019):
    SalesStationYear.objects.create(
        station=station, region=station.region, kind=station.kind, year=year, sales_fen=fen
    )


@pytest.fixture
def world(cast):
    ruian, lucheng = region("330381"), region("330302")
    _population("330381", "", 100_000)
    _population("330381", "", 90_000, year=2019)  # an older year: the latest one counts
    _population("330381", "塘下镇", 60_000, lat="27.846", lng="120.722")
    _population("330381", "安阳街道", 30_000, lat="27.779", lng="120.655")
    _population("330302", "", 50_000)
    tangxia = StationFactory(region=ruian, address="瑞安市塘下镇韩田大道1号")
    anyang = [StationFactory(region=ruian, address=f"瑞安市安阳街道万松路{n}号") for n in range(3)]
    nowhere = StationFactory(region=ruian, address="瑞安市万松路9号", latitude=None)
    closed = StationFactory(region=ruian, address="瑞安市塘下镇1号", status=StationStatus.CLOSED)
    lucheng_stations = [StationFactory(region=lucheng) for _n in range(5)]
    _sales(tangxia, 3_000_000)
    _sales(closed, 1_000_000)  # sold in 2019, closed since: sales count, not as active
    for station in anyang:
        _sales(station, 1_000_000)
    for station in lucheng_stations:
        _sales(station, 1_000_000)
    for code in ("330381", "330302"):
        SalesRegionTotal.objects.create(
            month=datetime.date(2019, 12, 1), region=region(code), sales_fen=1
        )
    return {"nowhere": nowhere}


@pytest.mark.django_db
def test_siting_counts_stations_and_sales_by_district_and_township(cast, world):
    result = selectors.siting(cast["marketing"])
    assert result.sales_year == 2019
    ruian = next(a for a in result.districts if a.region_code == "330381")
    assert (ruian.population, ruian.year) == (100_000, 2021)
    assert ruian.active == 5 and ruian.selling == 5 and ruian.unassigned == 1
    assert ruian.density == pytest.approx(0.5)
    assert ruian.sales_per_station_fen == 7_000_000 // 5
    towns = {a.township: a for a in result.townships}
    assert (towns["塘下镇"].active, towns["塘下镇"].selling) == (1, 2)
    assert towns["塘下镇"].sales_per_station_fen == 2_000_000
    assert towns["安阳街道"].active == 3
    # Reference: 10 active stations for 150,000 residents; 12,000,000 fen over 10 sellers.
    assert result.reference.density == pytest.approx(10 / 150_000 * 10_000)
    assert result.reference.sales_per_station_fen == 1_200_000
    # 塘下: one station for 60,000 residents selling well: the first candidate.
    assert result.candidates[0].township == "塘下镇"
    assert result.candidates[0].gap == 3
    assert "安阳街道" not in [a.township for a in result.candidates]


@pytest.mark.django_db
def test_district_staff_see_only_their_district(cast, world):
    result = selectors.siting(cast["lucheng"])
    assert [a.region_code for a in result.districts] == ["330302"]
    assert result.townships == []
    assert result.reference.sales_per_station_fen == 1_000_000


@pytest.mark.django_db
def test_the_page_ranks_candidates_and_links_the_call_form(client, cast, world):
    client.force_login(cast["stations"])
    response = client.get(reverse("dashboard:siting"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "塘下镇" in page
    link = response.context["siting"].candidates[0].call_url
    assert link.startswith(reverse("recruitment:call_create") + "?region=330381")
    assert "quota=3" in link and link in page.replace("&amp;", "&")
    # Marketing reads the ranking but opens no call (station management does).
    client.force_login(cast["marketing"])
    response = client.get(reverse("dashboard:siting"), {"region": "330381"})
    assert 'data-testid="open-call"' not in response.content.decode()
    assert [a.region_code for a in response.context["siting"].districts] == ["330381"]


@pytest.mark.django_db
def test_the_page_reads_a_few_queries_whatever_the_stations(
    client, cast, world, django_assert_max_num_queries
):
    client.force_login(cast["marketing"])
    client.get(reverse("dashboard:siting"))  # warm the caches (regions, sales span)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboard:siting")).status_code == 200


@pytest.mark.django_db
def test_the_import_page_lists_errors_or_imports(client, cast):
    client.force_login(cast["marketing"])
    bad = SimpleUploadedFile("p.csv", "区县,年份,常住人口\n火星,2021,10\n".encode())
    response = client.post(reverse("dashboard:siting_population"), {"file": bad})
    assert response.status_code == 400
    assert response.context["errors"][0].row == 2
    good = SimpleUploadedFile("p.csv", "区县,年份,常住人口\n瑞安市,2021,1525800\n".encode())
    response = client.post(reverse("dashboard:siting_population"), {"file": good})
    assert response.status_code == 302
    assert PopulationArea.objects.get().population == 1525800
    template = client.get(reverse("dashboard:siting_population_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd")


@pytest.mark.django_db
def test_the_call_form_opens_prefilled_for_the_area(client, cast):
    client.force_login(cast["stations"])
    url = reverse("recruitment:call_create")
    response = client.get(url, {"region": "330381", "quota": "3", "township": "塘下镇"})
    form = response.context["form"]
    assert form["quota_330381"].value() == 3
    assert "瑞安市塘下镇" in str(form["title"].value())
    assert form["quota_330302"].value() is None
    # Unknown districts and numbers are ignored, not an error.
    response = client.get(url, {"region": "999999", "quota": "x"})
    assert response.status_code == 200 and not response.context["form"]["title"].value()


@pytest.mark.django_db
def test_the_pages_speak_chinese(client, cast, world):
    from fucai.core.tests.test_no_english import _name_the_cast, english_words

    _name_the_cast(cast)
    client.force_login(cast["stations"])
    assert english_words(client.get(reverse("dashboard:siting")).content.decode()) == set()
    client.force_login(cast["marketing"])
    assert english_words(client.get(reverse("dashboard:siting")).content.decode()) == set()
    bad = SimpleUploadedFile("p.csv", "区县,年份,常住人口\n瑞安市,x,y\n".encode())
    page = client.post(reverse("dashboard:siting_population"), {"file": bad}).content.decode()
    assert english_words(page) == set()
    assert english_words(client.get(reverse("dashboard:siting_population")).content.decode()) == (
        set()
    )


@pytest.mark.django_db
def test_the_export_holds_the_rows_of_the_scope(client, cast, world):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(cast["lucheng"])
    response = client.get(reverse("dashboard:siting_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["鹿城区"]
    assert rows[1][3] == 50_000 and rows[1][4] == 5 and rows[1][6] == 10_000
