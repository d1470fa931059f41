"""The star round (星级评定): every transition of an application, the refusals (window,
state, reasons, stars, scope), provincial nomination and the province's decision,
appeals in their window, and two reviewers at once."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from fucai.core import audit
from fucai.core.tests.factories import region
from fucai.governance.choices import ProvincialStatus, StarRoundStatus, StarStatus
from fucai.governance.models import StarApplication, StarEvent
from fucai.governance.services import stars as services
from fucai.governance.tests.factories import png_upload
from fucai.stations.models import StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
APPLY_DAY = D(2020, 1, 15)


def _round(cast):
    return services.star_round_open(
        acting_user=cast["stations"],
        year=2019,
        apply_from=D(2020, 1, 6),
        apply_until=D(2020, 1, 31),
    )


def _own_station(cast, **kwargs):
    owner = StationOwner.objects.filter(user=cast["owner"]).first() or StationOwnerFactory(
        user=cast["owner"]
    )
    return StationFactory(region=region("330302"), owner=owner, **kwargs)


def _apply(cast, round_, station=None, **kwargs):
    return services.star_apply(
        acting_user=cast["owner"],
        round=round_,
        station=station or _own_station(cast),
        self_assessment={"premises": {"points": 90, "note": "门店宽敞"}},
        stars_applied=kwargs.pop("stars_applied", 4),
        photos=kwargs.pop("photos", [("premises", png_upload())]),
        on=kwargs.pop("on", APPLY_DAY),
    )


def _through_city(cast, application, stars=None, comment=""):
    services.star_district_review(
        acting_user=cast["lucheng"], application=application, approve=True, comment="推荐"
    )
    return services.star_city_review(
        acting_user=cast["stations"],
        application=application,
        site_checked_on=D(2020, 2, 20),
        site_check="passed",
        site_check_notes="店容整洁",
        stars=stars,
        comment=comment,
    )


def test_the_round_from_self_assessment_to_provincial_star(cast):
    round_ = _round(cast)
    application = _apply(cast, round_)
    assert application.status == StarStatus.SUBMITTED
    assert application.evidence.get().criterion == "premises"
    assert application.self_assessment == {"premises": {"points": 90, "note": "门店宽敞"}}
    assert application.breakdown and application.computed_stars >= 1  # computed from data

    _through_city(cast, application, stars=5, comment="现场核查优秀，上调一星")
    application.refresh_from_db()
    assert application.status == StarStatus.CITY_PASSED and application.stars == 5
    assert application.site_check == "passed"

    assert services.star_round_publish(acting_user=cast["stations"], round=round_) == 1
    application.refresh_from_db()
    station = application.station
    station.refresh_from_db()
    assert application.status == StarStatus.PUBLISHED
    assert (station.stars, station.stars_year) == (5, 2019)
    round_.refresh_from_db()
    assert round_.status == StarRoundStatus.PUBLISHED

    services.star_nominate(acting_user=cast["stations"], application=application)
    services.star_province_decide(
        acting_user=cast["stations"],
        application=application,
        approved=True,
        comment="省中心批复",
        decided_on=D(2020, 5, 15),
    )
    station.refresh_from_db()
    assert station.provincial_star_year == 2019
    steps = list(
        StarEvent.objects.filter(application=application).values_list(
            "to_status", "actor__username"
        )
    )
    assert steps == [
        ("submitted", "owner"),
        ("district_passed", "lucheng"),
        ("city_passed", "stations"),
        ("published", "stations"),
        ("nominated", "stations"),
        ("approved", "stations"),
    ]
    assert audit.history_for(application).filter(action="transition").count() == 5


def test_applications_are_refused_outside_the_window_twice_or_for_another_station(cast):
    round_ = _round(cast)
    with pytest.raises(ValidationError) as error:
        _apply(cast, round_, on=D(2020, 2, 1))
    assert error.value.code == "window"
    station = _own_station(cast)
    _apply(cast, round_, station=station)
    with pytest.raises(ValidationError) as error:
        _apply(cast, round_, station=station)
    assert error.value.code == "duplicate"
    with pytest.raises(PermissionDenied):
        _apply(cast, round_, station=StationFactory(region=region("330302")))
    with pytest.raises(ValidationError):
        _apply(
            cast,
            round_,
            photos=[("premises", png_upload("x.png").__class__("x.jpg", b"<html>", "image/jpeg"))],
        )
    with pytest.raises(ValidationError):
        _apply(cast, round_, stars_applied=6)


def test_reviews_refuse_the_wrong_state_missing_reasons_and_other_districts(cast):
    round_ = _round(cast)
    application = _apply(cast, round_)
    with pytest.raises(ValidationError) as error:
        services.star_city_review(
            acting_user=cast["stations"],
            application=application,
            site_checked_on=D(2020, 2, 20),
            site_check="passed",
        )
    assert error.value.code == "transition"  # the district has not reviewed it
    with pytest.raises(PermissionDenied):
        services.star_district_review(
            acting_user=cast["ruian"], application=application, approve=True
        )
    with pytest.raises(ValidationError):
        services.star_district_review(
            acting_user=cast["lucheng"], application=application, approve=False
        )
    services.star_district_review(
        acting_user=cast["lucheng"], application=application, approve=True
    )
    with pytest.raises(ValidationError) as error:  # the district has decided already
        services.star_district_review(
            acting_user=cast["lucheng"], application=application, approve=False, comment="再议"
        )
    assert error.value.code == "transition"
    other = 5 if application.computed_stars != 5 else 4
    with pytest.raises(ValidationError) as error:
        services.star_city_review(
            acting_user=cast["stations"],
            application=application,
            site_checked_on=D(2020, 2, 20),
            site_check="passed",
            stars=other,
        )
    assert "comment" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.star_city_review(
            acting_user=cast["stations"],
            application=application,
            site_checked_on=None,
            site_check="",
        )
    assert set(error.value.error_dict) == {"site_checked_on", "site_check"}
    rejected = services.star_city_review(
        acting_user=cast["stations"],
        application=application,
        site_checked_on=D(2020, 2, 20),
        site_check="failed",
        site_check_notes="现场无公示",
    )
    assert rejected.status == StarStatus.REJECTED and rejected.stars is None


def test_publishing_waits_for_every_review_and_nomination_needs_enough_stars(cast):
    round_ = _round(cast)
    application = _apply(cast, round_)
    with pytest.raises(ValidationError) as error:
        services.star_round_publish(acting_user=cast["stations"], round=round_)
    assert error.value.code == "pending"
    _through_city(cast, application, stars=3, comment="现场核查一般")
    services.star_round_publish(acting_user=cast["stations"], round=round_)
    with pytest.raises(ValidationError) as error:
        services.star_nominate(acting_user=cast["stations"], application=application)
    assert error.value.code == "stars"
    with pytest.raises(ValidationError):
        services.star_province_decide(
            acting_user=cast["stations"], application=application, approved=True
        )


def test_appeals_only_in_their_window_once_and_decided_by_the_city(cast):
    round_ = _round(cast)
    application = _apply(cast, round_)
    services.star_district_review(
        acting_user=cast["lucheng"], application=application, approve=False, comment="材料不全"
    )
    with pytest.raises(ValidationError) as error:
        services.star_appeal(
            acting_user=cast["owner"], application=application, reason="补齐", on=D(2020, 2, 1)
        )
    assert error.value.code == "window"  # not published yet
    services.star_round_publish(acting_user=cast["stations"], round=round_, on=D(2020, 3, 10))
    with pytest.raises(ValidationError):
        services.star_appeal(
            acting_user=cast["owner"], application=application, reason="补齐", on=D(2020, 3, 26)
        )
    services.star_appeal(
        acting_user=cast["owner"], application=application, reason="材料已补齐", on=D(2020, 3, 20)
    )
    application.refresh_from_db()
    assert (application.status, application.appeal_from) == (
        StarStatus.APPEALED,
        StarStatus.REJECTED,
    )
    with pytest.raises(PermissionDenied):
        services.star_appeal_decide(
            acting_user=cast["owner"], application=application, grant=True, decision="x"
        )
    decided = services.star_appeal_decide(
        acting_user=cast["stations"],
        application=application,
        grant=True,
        stars=4,
        decision="复核通过",
    )
    station = decided.station
    station.refresh_from_db()
    assert decided.status == StarStatus.PUBLISHED and (station.stars, station.stars_year) == (
        4,
        2019,
    )
    with pytest.raises(ValidationError) as error:
        services.star_appeal(
            acting_user=cast["owner"], application=decided, reason="再议", on=D(2020, 3, 20)
        )
    assert error.value.code == "appealed"


def test_a_dismissed_appeal_leaves_the_decision_as_it_was(cast):
    round_ = _round(cast)
    application = _apply(cast, round_)
    _through_city(cast, application)
    services.star_round_publish(acting_user=cast["stations"], round=round_, on=D(2020, 3, 10))
    services.star_appeal(
        acting_user=cast["owner"], application=application, reason="应为五星", on=D(2020, 3, 11)
    )
    decided = services.star_appeal_decide(
        acting_user=cast["stations"], application=application, grant=False, decision="维持"
    )
    assert decided.status == StarStatus.PUBLISHED and decided.stars == application.computed_stars


@pytest.mark.django_db(transaction=True)
def test_two_district_reviews_at_once_exactly_one_wins(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    round_ = _round(cast)
    application = _apply(cast, round_, photos=[])
    barrier = threading.Barrier(2)
    outcomes: list = [None, None]

    def run(i, approve):
        try:
            barrier.wait()
            services.star_district_review(
                acting_user=cast["lucheng"],
                application=application,
                approve=approve,
                comment="意见",
            )
            outcomes[i] = "won"
        except ValidationError as error:
            outcomes[i] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, i == 0)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes, key=str) == ["transition", "won"], outcomes
    application = StarApplication.objects.get(pk=application.pk)
    assert application.events.count() == 2  # submitted + the one review
    assert application.version == 2
    assert application.provincial == "" and ProvincialStatus.NOMINATED


def test_the_city_nominates_a_list_and_the_province_answers_with_one(cast):
    round_ = _round(cast)
    applications = []
    for _n in range(3):
        application = _apply(cast, round_, photos=[])
        applications.append(_through_city(cast, application, stars=5, comment="优秀"))
    services.star_round_publish(acting_user=cast["stations"], round=round_)
    stations = [a.station for a in applications]
    with pytest.raises(ValidationError):
        services.star_nominate_many(
            acting_user=cast["stations"], round=round_, stations=[*stations, StationFactory()]
        )
    assert (
        services.star_nominate_many(acting_user=cast["stations"], round=round_, stations=stations)
        == 3
    )
    with pytest.raises(ValidationError):  # already nominated
        services.star_nominate_many(
            acting_user=cast["stations"], round=round_, stations=stations[:1]
        )
    approved = services.star_province_decide_many(
        acting_user=cast["stations"],
        round=round_,
        approved_stations=stations[:2],
        comment_approved="认定",
        comment_rejected="名额已满",
        decided_on=D(2020, 5, 15),
    )
    assert approved == 2
    decided = dict(
        StarApplication.objects.filter(round=round_).values_list("station_id", "provincial")
    )
    assert decided == {
        stations[0].pk: "approved",
        stations[1].pk: "approved",
        stations[2].pk: "rejected",
    }
    for station, year in zip(stations, (2019, 2019, None), strict=True):
        station.refresh_from_db()
        assert station.provincial_star_year == year
    assert StarEvent.objects.filter(to_status="rejected", comment="名额已满").count() == 1
    assert audit.history_for(applications[2]).filter(comment="名额已满").exists()
