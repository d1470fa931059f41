"""Commendations: nominations from the data, decisions, publishing, the certificate and
the public list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import region
from fucai.governance.choices import NominationStatus
from fucai.governance.defaults_awards import ensure_default_awards
from fucai.governance.models import AwardKind, Nomination
from fucai.governance.services import commendations as services
from fucai.governance.tests.factories import ViolationFactory
from fucai.sales.models import SalesStationYear
from fucai.stations.services import station_judgement_publish
from fucai.stations.tests.factories import (
    CertificateFactory,
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def _sales(station, year, fen):
    SalesStationYear.objects.create(
        station=station, region=station.region, kind=station.kind, year=year, sales_fen=fen
    )


@pytest.fixture(autouse=True)
def _award_kinds(db):
    ensure_default_awards()  # a transactional test elsewhere may have flushed them


@pytest.fixture
def world(cast):
    AwardKind.objects.filter(code="excellent_station").update(places=2)
    AwardKind.objects.filter(code="charity_star").update(places=1)
    best = StationFactory(region=region("330302"), name="甲级站")
    station_judgement_publish(
        acting_user=None, station=best, grade="A", grade_year=2019, stars=4, stars_year=2019
    )
    _sales(best, 2018, 1_000_000), _sales(best, 2019, 1_100_000)
    grower = StationFactory(region=region("330381"), name="增长站")
    _sales(grower, 2018, 1_000_000), _sales(grower, 2019, 1_900_000)
    plain = StationFactory(region=region("330302"), name="普通站")
    _sales(plain, 2018, 1_000_000), _sales(plain, 2019, 900_000)
    violator = StationFactory(region=region("330302"), name="违规站")
    station_judgement_publish(
        acting_user=None, station=violator, grade="A", grade_year=2019, stars=5, stars_year=2019
    )
    ViolationFactory(station=violator, occurred_on=datetime.date(2019, 6, 3))
    seller = SalesStaffFactory(name="张三")
    StaffAssignmentFactory(staff=seller, station=best, starts_on=datetime.date(2018, 1, 1))
    CertificateFactory(
        holder=seller, valid_from=datetime.date(2018, 1, 1), valid_to=datetime.date(2021, 1, 1)
    )
    uncertified = SalesStaffFactory(name="李四")
    StaffAssignmentFactory(staff=uncertified, station=grower, starts_on=datetime.date(2018, 1, 1))
    return locals()


def _nominees(award_round, code):
    return [
        (n.station.name, n.staff.name if n.staff else None)
        for n in award_round.nominations.filter(kind__code=code).order_by("rank")
    ]


def test_nominations_come_from_grades_stars_growth_and_no_violations(world, cast):
    award_round = services.award_round_open(acting_user=cast["stations"], year=2019)
    assert _nominees(award_round, "excellent_station") == [("甲级站", None), ("增长站", None)]
    assert _nominees(award_round, "charity_star") == [("增长站", None)]
    assert _nominees(award_round, "excellent_seller") == [("甲级站", "张三")]
    best = award_round.nominations.get(kind__code="excellent_station", rank=1)
    assert best.basis["grade"] == "A" and best.basis["stars"] == 4
    assert best.basis["growth_percent"] == "10.00"
    assert best.score == 40 + 40 + 5


def test_stations_without_grades_are_still_ranked(cast):
    station = StationFactory()
    _sales(station, 2018, 100), _sales(station, 2019, 150)
    award_round = services.award_round_open(acting_user=cast["stations"], year=2019)
    assert _nominees(award_round, "excellent_station") == [(station.name, None)]


def test_a_round_opens_once_and_only_for_award_managers(world, cast):
    with pytest.raises(PermissionDenied):
        services.award_round_open(acting_user=cast["lucheng"], year=2019)
    services.award_round_open(acting_user=cast["stations"], year=2019)
    with pytest.raises(ValidationError):
        services.award_round_open(acting_user=cast["stations"], year=2019)


def test_decide_then_publish_numbers_certificates(world, cast):
    user = cast["stations"]
    award_round = services.award_round_open(acting_user=user, year=2019)
    nominations = list(award_round.nominations.order_by("kind__sort_order", "rank"))
    with pytest.raises(ValidationError):
        services.award_round_publish(acting_user=user, award_round=award_round)
    with pytest.raises(ValidationError, match="reason"):
        services.nomination_decide(
            acting_user=user, nomination=nominations[1], decision=NominationStatus.REJECTED
        )
    for nomination in nominations:
        services.nomination_decide(
            acting_user=user,
            nomination=nomination,
            decision=NominationStatus.REJECTED if nomination.rank == 2 else "accepted",
            reason="材料不全" if nomination.rank == 2 else "",
        )
    assert AuditEntry.objects.filter(action="transition").count() == len(nominations)
    services.award_round_publish(acting_user=user, award_round=award_round)
    numbers = list(
        Nomination.objects.filter(status="accepted")
        .order_by("kind__sort_order", "rank")
        .values_list("certificate_number", flat=True)
    )
    assert numbers == [f"WZFCBZ2019{n:04d}" for n in range(1, len(numbers) + 1)]
    assert not Nomination.objects.filter(status="rejected").exclude(certificate_number="").exists()
    with pytest.raises(ValidationError):
        services.nomination_decide(
            acting_user=user, nomination=nominations[0], decision="rejected", reason="x"
        )


def test_pages_certificate_and_portal(world, cast, client):
    user = cast["stations"]
    client.force_login(user)
    response = client.post(reverse("governance:commendation_open"), {"year": "2019"})
    assert response.status_code == 302
    page = client.get(reverse("governance:commendation_round", args=[2019]))
    assert "甲级站" in page.content.decode()
    for nomination in Nomination.objects.all():
        client.post(
            reverse("governance:nomination_decide", args=[nomination.pk]),
            {"decision": "accepted", "version": nomination.version},
        )
    assert not Nomination.objects.exclude(status="accepted").exists()
    client.post(reverse("governance:commendation_publish", args=[2019]))
    award = Nomination.objects.get(kind__code="excellent_seller")
    pdf = client.get(reverse("governance:commendation_certificate", args=[award.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.logout()
    public = client.get(reverse("portal:commendations")).content.decode()
    assert "甲级站" in public and "优秀销售员" in public
    assert "张*" in public and "张三" not in public
