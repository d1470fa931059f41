"""The map picker's spacing feedback: distances to the nearest active station and
school against the call's rules, nothing that names them, bounded input, throttled."""

import pytest
from django.urls import reverse

from fucai.portal.views import spacing as spacing_views
from fucai.recruitment.tests.factories import LAT, LNG, CallFactory, SchoolFactory, north_of
from fucai.stations.choices import StationStatus
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(
        min_distance_station_m=500, min_distance_combined_m=300, min_distance_school_m=200
    )


def _ask(client, call, lat=LAT, lng=LNG, **extra):
    return client.get(reverse("portal:spacing", args=[call.pk]), {"lat": lat, "lng": lng, **extra})


def test_distances_against_the_rules_in_words(client, cast, call):
    station = StationFactory(latitude=north_of(850), longitude=LNG, name="福彩·秘密站")
    StationFactory(latitude=north_of(100), longitude=LNG, status=StationStatus.CLOSED)
    SchoolFactory(latitude=north_of(-1234), longitude=LNG, name="某某小学")
    client.force_login(cast["applicant"])
    response = _ask(client, call)
    assert response.status_code == 200
    data = response.json()
    assert data["station"] == {"distance_m": 850, "required_m": 500, "ok": True}
    assert data["school"] == {"distance_m": 1234, "required_m": 200, "ok": True}
    assert data["ok"] is True
    assert [line["text"] for line in data["lines"]] == [
        "最近投注站 850 米（要求不少于 500 米）",
        "最近学校 1.2 公里（要求不少于 200 米）",
    ]
    body = response.content.decode()
    assert "秘密站" not in body and station.code not in body and "某某小学" not in body


def test_too_close_fails_and_a_combined_shop_counts_dedicated_stations_only(client, cast, call):
    StationFactory(latitude=north_of(400), longitude=LNG, station_class="combined")
    StationFactory(latitude=north_of(450), longitude=LNG, station_class="dedicated")
    SchoolFactory(latitude=north_of(150), longitude=LNG)
    client.force_login(cast["applicant"])
    data = _ask(client, call).json()
    assert data["station"] == {"distance_m": 400, "required_m": 500, "ok": False}
    assert data["school"]["ok"] is False and data["ok"] is False
    combined = _ask(client, call, **{"class": "combined"}).json()
    assert combined["station"] == {"distance_m": 450, "required_m": 300, "ok": True}
    assert combined["lines"][0]["text"].startswith("最近专营投注站 450 米")


def test_nothing_near_passes_and_says_so(client, cast, call):
    client.force_login(cast["applicant"])
    data = _ask(client, call).json()
    assert data["station"]["distance_m"] is None and data["ok"] is True
    assert data["lines"][0]["text"] == "最近投注站：64.0 公里内没有"


@pytest.mark.parametrize(
    "lat,lng",
    [
        ("", "120.6"),
        ("abc", "120.6"),
        ("NaN", "120.6"),
        ("Infinity", "120.6"),
        ("1e999999", "120.6"),
        ("39.9", "116.4"),  # Beijing: not in the city
        ("28.0", "-120.6"),
        ("28." + "0" * 40, "120.6"),
    ],
)
def test_bad_or_distant_points_are_a_400(client, cast, call, lat, lng):
    client.force_login(cast["applicant"])
    response = _ask(client, call, lat=lat, lng=lng)
    assert response.status_code == 400
    assert response.json()["detail"] == "请在地图上选择温州市范围内的位置。"


def test_a_closed_or_unknown_call_is_a_404(client, cast):
    client.force_login(cast["applicant"])
    draft = CallFactory(status="draft")
    assert _ask(client, draft).status_code == 404
    assert (
        client.get(reverse("portal:spacing", args=[999999]), {"lat": LAT, "lng": LNG}).status_code
        == 404
    )


def test_taps_are_throttled_per_applicant(client, cast, call, monkeypatch):
    monkeypatch.setattr(spacing_views, "SPACING_LIMIT_PER_MINUTE", 3)
    client.force_login(cast["applicant"])
    assert [_ask(client, call).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_form_wires_the_picker_to_the_endpoint(client, cast, call):
    client.force_login(cast["applicant"])
    body = client.get(reverse("portal:apply", args=[call.pk])).content.decode()
    assert f'data-spacing-url="{reverse("portal:spacing", args=[call.pk])}"' in body
    assert "data-map-spacing" in body
