from decimal import Decimal

import pytest

from fucai.core.tests.factories import region
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.geo import haversine_m, nearest_school, nearest_station, survey_check
from fucai.recruitment.selectors import remaining_quota
from fucai.stations.tests.factories import StationFactory

from .factories import LAT, LNG, ApplicationFactory, CallFactory, SchoolFactory, north_of

pytestmark = pytest.mark.django_db


def test_haversine_against_a_known_distance():
    # 鹿城 to 瑞安 along the meridian: 0.215° of latitude ≈ 23.9 km.
    assert haversine_m(27.9940, 120.6550, 27.7790, 120.6550) == pytest.approx(23_907, abs=100)
    assert haversine_m(LAT, LNG, LAT, LNG) == 0
    # One degree of longitude at the equator, for a second known value.
    assert haversine_m(0, 0, 0, 1) == pytest.approx(111_195, abs=1)


def _rule(check, code):
    return next(rule for rule in check.rules if rule.code == code)


@pytest.mark.parametrize(
    ("metres", "passed"), [(100, False), (149, False), (151, True), (200, True)]
)
def test_spacing_to_the_nearest_station(metres, passed):
    StationFactory(latitude=north_of(metres), longitude=LNG)
    application = ApplicationFactory()
    rule = _rule(survey_check(application), "station_distance")
    assert rule.value == pytest.approx(metres, abs=0.5)
    assert rule.limit == 150
    assert rule.passed is passed


def test_a_combined_station_keeps_300_m_from_dedicated_ones_only():
    StationFactory(latitude=north_of(100), longitude=LNG, station_class="combined")
    StationFactory(latitude=north_of(250), longitude=LNG, station_class="dedicated")
    application = ApplicationFactory(intended_class="combined", area=Decimal("25"))
    rule = _rule(survey_check(application), "station_distance")
    assert rule.value == pytest.approx(250, abs=0.5)
    assert rule.limit == 300 and rule.passed is False


def test_only_active_stations_count_and_the_box_prefilter_finds_far_ones():
    StationFactory(latitude=north_of(50), longitude=LNG, status="closed")
    StationFactory(latitude=north_of(50), longitude=LNG, status="preparing")
    far = StationFactory(latitude=north_of(5_000), longitude=LNG)
    nearest = nearest_station(LAT, LNG)
    assert nearest.obj == far
    assert nearest.distance_m == pytest.approx(5_000, abs=1)
    assert nearest_station(LAT, LNG, exclude=far) is None


def test_a_box_corner_hit_does_not_hide_a_nearer_one_outside_the_box():
    # 990 m due north lies inside the first 1 km box; a station 1,300 m away diagonally
    # sits in the box corner but is farther. The search must return the nearer one.
    from fucai.recruitment.geo import METRES_PER_DEGREE

    corner = StationFactory(
        latitude=(LAT + Decimal(920 / METRES_PER_DEGREE)).quantize(Decimal("0.000001")),
        longitude=(LNG + Decimal(1040 / METRES_PER_DEGREE)).quantize(Decimal("0.000001")),
    )
    north = StationFactory(latitude=north_of(1_100), longitude=LNG)
    assert nearest_station(LAT, LNG).obj == north
    assert corner != north


@pytest.mark.parametrize(("metres", "passed"), [(150, False), (250, True)])
def test_distance_to_a_school(metres, passed):
    SchoolFactory(latitude=north_of(metres))
    rule = _rule(survey_check(ApplicationFactory()), "school_distance")
    assert rule.passed is passed and rule.limit == 200
    assert nearest_school(LAT, LNG).distance_m == pytest.approx(metres, abs=0.5)


def test_no_station_or_school_nearby_passes():
    check = survey_check(ApplicationFactory())
    assert _rule(check, "station_distance").value is None
    assert check.passed


@pytest.mark.parametrize(
    ("intended", "area", "passed"),
    [("dedicated", "9.99", False), ("dedicated", "10", True), ("combined", "19", False)],
)
def test_premises_area_per_class(intended, area, passed):
    application = ApplicationFactory(intended_class=intended, area=Decimal(area))
    assert _rule(survey_check(application), "area").passed is passed


def test_age_is_taken_on_the_submission_date():
    import datetime

    from django.utils import timezone

    from fucai.core.validators import make_id_number

    born = datetime.date(1959, 6, 1)
    application = ApplicationFactory(
        id_number=make_id_number("330302", born, 11),
        submitted_at=timezone.make_aware(datetime.datetime(2019, 5, 31, 10)),
    )
    rule = _rule(survey_check(application), "age")
    assert rule.value == 59 and rule.passed
    application.submitted_at = timezone.make_aware(datetime.datetime(2020, 6, 1, 10))
    rule = _rule(survey_check(application), "age")
    assert rule.value == 61 and not rule.passed


def test_the_result_is_json_friendly():
    import json

    data = survey_check(ApplicationFactory()).as_dict()
    json.dumps(data)
    assert {r["code"] for r in data["rules"]} >= {
        "station_distance",
        "school_distance",
        "area",
        "age",
        "education",
        "quota",
    }


def test_remaining_quota_counts_places_taken_and_pending():
    call = CallFactory(quotas={"330302": 3})
    lucheng = region("330302")
    ApplicationFactory(call=call, status=S.APPROVED)
    ApplicationFactory(call=call, status=S.IN_NOTICE)
    ApplicationFactory(call=call, status=S.DRAWN_WINNER)
    ApplicationFactory(call=call, status=S.REJECTED)
    ApplicationFactory(call=call, status=S.SUBMITTED)
    ApplicationFactory(call=call, status=S.APPROVED, region=region("330381"))
    assert remaining_quota(call, lucheng) == 1  # approved + drawn winner hold a place
    application = ApplicationFactory(call=call)
    rule = _rule(survey_check(application), "quota")
    assert rule.value == 0 and rule.passed is False  # the one in notice counts too
    assert survey_check(application).passed  # the quota informs; the draw decides
    assert remaining_quota(call, region("330304")) == 0  # no quota there
