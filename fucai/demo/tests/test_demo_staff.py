"""The demo's sales staff: about 3,000 people at the default size (in proportion here),
owners who sell among them, valid identities, a certificate each with some expiring
and a few expired, transfers keeping history, the `seller` login, and a reload."""

import datetime

import pytest
from django.test import Client

from fucai.core.choices import Role
from fucai.core.models import User
from fucai.core.validators import validate_id_number, validate_mobile
from fucai.demo.builder import build_demo
from fucai.demo.orgs import DEMO_PASSWORD
from fucai.demo.report import render
from fucai.stations import selectors
from fucai.stations.choices import AssignmentEnd, StaffRole, StationStatus
from fucai.stations.models import Certificate, SalesStaff, StaffAssignment, Station

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


def _build(**options):
    return build_demo(
        stations=200, sales=False, recruitment=False, governance=False, today=TODAY, **options
    )


def test_the_demo_staffs_every_active_station_with_certified_sellers():
    result = _build()
    active = Station.objects.filter(status=StationStatus.ACTIVE)
    target = round(200 * 3000 / 1275)
    on_duty = SalesStaff.objects.on_duty(TODAY).count()
    assert abs(on_duty - target) <= target * 0.1
    assert result.staff.owners_selling > 10
    assert StaffAssignment.objects.filter(role=StaffRole.OWNER).exists()
    # Every active station has someone on duty.
    staffed = set(StaffAssignment.objects.current(TODAY).values_list("station_id", flat=True))
    assert set(active.values_list("pk", flat=True)) <= staffed
    people = list(SalesStaff.objects.all())
    assert len({p.id_number_digest for p in people}) == len(people)
    for person in people[:300]:
        assert validate_id_number(person.id_number) == person.id_number
        assert validate_mobile(person.phone) == person.phone
        assert person.id_number_masked.startswith(person.id_number[:6])
    # One certificate each; some expiring within 60 days, a few expired.
    assert Certificate.objects.count() == len(people)
    expiring = Certificate.objects.status("expiring", TODAY).count()
    expired = Certificate.objects.status("expired", TODAY).count()
    assert 0.03 * len(people) < expiring < 0.15 * len(people)
    assert 0 < expired < 0.08 * len(people)
    assert all(n.startswith("ZJFC") for n in Certificate.objects.values_list("number", flat=True))
    # Transfers keep the history; a few left the job.
    assert StaffAssignment.objects.filter(end_reason=AssignmentEnd.TRANSFER).exists()
    assert StaffAssignment.objects.filter(end_reason=AssignmentEnd.LEFT).exists()
    flagged = selectors.stations_without_certified_seller(Station.objects.all(), TODAY).count()
    assert flagged == result.staff.flagged_stations < 0.1 * active.count()
    assert "Sales staff:" in render(result) and "`seller` sells there" in render(result)


def test_the_seller_login_sees_its_own_valid_certificate():
    result = _build()
    seller = User.objects.get(username="seller")
    assert seller.role == Role.SELLER
    staff = SalesStaff.objects.get(user=seller)
    assert seller.display_name == staff.name
    certificate = Certificate.objects.get(holder=staff)
    assert certificate.status_on(TODAY) == "valid"
    assert result.staff.seller_certificate == certificate.number
    # At the demo owner's station.
    assert StaffAssignment.objects.filter(staff=staff, station__owner__user__username="owner")
    client = Client()
    assert client.login(username="seller", password=DEMO_PASSWORD)


def test_reloading_with_flush_replaces_the_staff():
    _build()
    first = SalesStaff.objects.count()
    _build(flush=True)
    assert SalesStaff.objects.count() == first
    assert SalesStaff.objects.filter(user__username="seller").count() == 1
