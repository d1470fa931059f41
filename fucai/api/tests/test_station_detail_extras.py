"""The API's station detail carries the published grade and stars, the insurance status
and how many of the people on duty are certified."""

import datetime

import pytest
from django.utils import timezone

from fucai.stations.services import station_judgement_publish
from fucai.stations.tests.factories import (
    CertificateFactory,
    InsurancePolicyFactory,
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def test_detail_includes_judgements_insurance_and_certified_staff(client, cast):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    station = StationFactory(opening_hours="08:30–21:30")
    station_judgement_publish(
        acting_user=None,
        station=station,
        grade="B",
        grade_year=2019,
        stars=3,
        stars_year=2019,
        provincial_star_year=2019,
    )
    InsurancePolicyFactory(station=station, starts_on=today - 300 * day, ends_on=today + 20 * day)
    certified, lapsed, gone = SalesStaffFactory(), SalesStaffFactory(), SalesStaffFactory()
    for person in (certified, lapsed, gone):
        StaffAssignmentFactory(staff=person, station=station, starts_on=today - 400 * day)
    gone.assignments.update(ends_on=today - day)
    CertificateFactory(holder=certified, valid_from=today - 100 * day, valid_to=today + 900 * day)
    CertificateFactory(holder=certified, valid_from=today - 900 * day, valid_to=today + 10 * day)
    CertificateFactory(holder=lapsed, valid_from=today - 1200 * day, valid_to=today - day)
    CertificateFactory(holder=gone, valid_from=today - 100 * day, valid_to=today + 900 * day)
    client.force_login(cast["leader"])
    body = client.get(f"/api/stations/{station.code}").json()
    assert (body["grade"], body["grade_year"]) == ("B", 2019)
    assert (body["stars"], body["stars_year"], body["provincial_star_year"]) == (3, 2019, 2019)
    assert body["opening_hours"] == "08:30–21:30"
    assert body["insurance"] == {
        "state": "expiring",
        "insured_until": (today + 20 * day).isoformat(),
    }
    assert body["certified_staff_count"] == 1
    assert body["insurance_policies"][0]["premium_fen"] == 0


def test_a_station_without_anything_reads_empty(client, cast):
    station = StationFactory()
    client.force_login(cast["leader"])
    body = client.get(f"/api/stations/{station.code}").json()
    assert (body["grade"], body["stars"], body["certified_staff_count"]) == ("", 0, 0)
    assert body["insurance"] == {"state": "missing", "insured_until": None}


def test_the_schema_documents_the_extras(client):
    schema = client.get("/api/openapi.json").json()
    detail = schema["components"]["schemas"]["StationDetail"]["properties"]
    assert {"grade", "stars", "insurance", "certified_staff_count"} <= set(detail)
    assert "/api/insurance" in schema["paths"]
