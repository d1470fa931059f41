"""The public station finder: active stations only, filters, no personal data, a fixed
number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core.tests.factories import region
from fucai.stations.services import station_judgement_publish
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stations():
    lucheng = StationFactory(
        region=region("330302"), name="五马街站", opening_hours="08:00–22:00", kind="computer"
    )
    station_judgement_publish(acting_user=None, station=lucheng, stars=4, stars_year=2019)
    StationFactory(region=region("330381"), name="瑞安即开店", kind="instant")
    StationFactory(region=region("330302"), name="已关停站", status="closed")
    return lucheng


def test_it_lists_active_stations_without_personal_data(client, stations):
    response = client.get(reverse("portal:station_finder"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "五马街站" in page and "瑞安即开店" in page and "已关停站" not in page
    assert "08:00–22:00" in page and "★★★★" in page
    assert stations.owner.name not in page
    assert stations.owner.phone not in page and stations.owner.phone_masked not in page


def test_filters_by_district_kind_and_stars(client, stations):
    url = reverse("portal:station_finder")
    page = client.get(url, {"district": "330381"}).content.decode()
    assert "瑞安即开店" in page and "五马街站" not in page
    page = client.get(url, {"kind": "computer"}).content.decode()
    assert "五马街站" in page and "瑞安即开店" not in page
    page = client.get(url, {"stars": "3"}).content.decode()
    assert "五马街站" in page and "瑞安即开店" not in page
    assert client.get(url, {"stars": "9"}).status_code == 400


def test_query_count_does_not_grow_with_stations(client, stations):
    url = reverse("portal:station_finder")
    client.get(url)  # warm the district options cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        StationFactory(region=region("330304"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 4
