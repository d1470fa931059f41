"""The demo's 2019 grading and star round on the full network: every station graded by
the engine, confirmed and published; the star round completed through every step; and
the provincial star count — 260, the seed's figure — read back from the API and the
dashboard as the data flow left it."""

import datetime

import pytest
from django.db import transaction

from fucai.core.models import User
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.governance.choices import GradingStatus, ProvincialStatus, StarStatus
from fucai.governance.models import GradingResult, StarApplication, StarEvent
from fucai.governance.services.reviews import stations_reviewed
from fucai.stations.models import Station

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = build_demo(
            recruitment=False,
            welfare=False,
            charity=False,
            today=datetime.date(2019, 12, 31),
        )
        yield result
        with transaction.atomic():
            flush_demo(_county_regions())


def test_every_station_of_2019_is_graded_confirmed_and_published(demo):
    graded = GradingResult.objects.filter(year=2019)
    assert graded.count() == stations_reviewed(2019).count()
    assert set(graded.values_list("status", flat=True)) == {GradingStatus.PUBLISHED}
    assert len(set(graded.values_list("grade", flat=True))) >= 3  # the data tells them apart
    result = graded.select_related("station").first()
    assert result.station.grade == result.grade and result.station.grade_year == 2019
    assert {item["criterion"] for item in result.breakdown} >= {"sales", "inspection"}


def test_the_star_round_went_through_every_step(demo):
    applications = StarApplication.objects.filter(round__year=2019)
    statuses = set(applications.values_list("status", flat=True))
    assert statuses <= {StarStatus.PUBLISHED, StarStatus.REJECTED}
    assert StarEvent.objects.filter(to_status=StarStatus.APPEALED).exists() or not (
        applications.filter(status=StarStatus.REJECTED).exists()
    )
    published = applications.filter(status=StarStatus.PUBLISHED)
    assert published.exists()
    assert not applications.filter(provincial=ProvincialStatus.NOMINATED).exists()  # decided
    for application in published.select_related("station")[:20]:
        assert application.station.stars == application.stars


def test_the_api_and_the_dashboard_read_260_provincial_star_stations(demo, client):
    assert demo.ratings.provincial == Station.objects.filter(provincial_star_year=2019).count()
    client.force_login(User.objects.get(username="leader"))
    api = client.get("/api/star-ratings", {"year": 2019, "level": "provincial", "limit": 1})
    assert api.status_code == 200
    assert api.json()["count"] == 260
    assert api.json()["items"][0]["code"]
    page = client.get("/").content.decode()
    assert 'data-testid="kpi-provincial-stars">260<' in page
