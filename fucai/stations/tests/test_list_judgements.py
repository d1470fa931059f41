"""The station list shows each station's published grade and stars (stored on the
station), filters by them (a provincial star station among them) and exports them."""

import io

import openpyxl
import pytest
from django.urls import reverse

from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def _judged(**fields):
    station = StationFactory()
    Station.objects.filter(pk=station.pk).update(**fields)
    return station


@pytest.fixture
def judged():
    return {
        "a5p": _judged(
            grade="A", grade_year=2019, stars=5, stars_year=2019, provincial_star_year=2019
        ),
        "a4": _judged(grade="A", grade_year=2019, stars=4, stars_year=2019),
        "c": _judged(grade="C", grade_year=2019),
        "none": StationFactory(),
    }


def _codes(client, **params) -> set[str]:
    response = client.get(reverse("stations:list"), params)
    assert response.status_code == 200
    return {row["code"] for row in response.context["rows"]}


def test_the_list_shows_grade_stars_and_the_provincial_flag(client, cast, judged):
    client.force_login(cast["leader"])
    body = client.get(reverse("stations:list")).content.decode()
    assert '<span class="badge bg-green-lt" title="2019">A</span>' in body
    assert '<span class="text-warning text-nowrap" title="2019">★★★★★</span>' in body
    assert 'data-provincial="2019">省级星级</span>' in body
    assert body.count("data-provincial=") == 1


def test_the_list_filters_by_grade_and_stars(client, cast, judged):
    client.force_login(cast["leader"])
    j = {key: s.code for key, s in judged.items()}
    assert _codes(client, grade="A") == {j["a5p"], j["a4"]}
    assert _codes(client, grade="none") == {j["none"]}
    assert _codes(client, stars="4") == {j["a4"]}
    assert _codes(client, stars="rated") == {j["a5p"], j["a4"]}
    assert _codes(client, stars="none") == {j["c"], j["none"]}
    assert _codes(client, stars="provincial") == {j["a5p"]}
    assert _codes(client, grade="A", stars="provincial") == {j["a5p"]}
    # A bad value is reported on its field and ignored.
    assert len(_codes(client, stars="9")) == 4


def test_the_list_sorts_by_stars(client, cast, judged):
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"), {"sort": "-stars"})
    assert response.context["rows"][0]["code"] == judged["a5p"].code


def test_the_export_carries_grade_stars_and_provincial_year(client, cast, judged):
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"), {"export": "xlsx", "stars": "provincial"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert sheet.max_row == 2
    assert row["等级"] == "A" and row["定级年度"] == 2019
    assert row["星级"] == 5 and row["评星年度"] == 2019
    assert row["省级星级站点年度"] == 2019
