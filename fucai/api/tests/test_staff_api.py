"""/api/staff and /api/certificates: paged, scoped, masked, filtered, errors as JSON."""

import datetime

import pytest
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import (
    CertificateFactory,
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def _person(station, name, days_left):
    staff = SalesStaffFactory(name=name)
    StaffAssignmentFactory(staff=staff, station=station)
    if days_left is not None:
        valid_to = timezone.localdate() + datetime.timedelta(days=days_left)
        CertificateFactory(
            holder=staff, valid_from=valid_to - datetime.timedelta(days=900), valid_to=valid_to
        )
    return staff


@pytest.fixture
def people(cast):
    lucheng, ruian = (
        StationFactory(region=region("330302")),
        StationFactory(region=region("330381")),
    )
    return {
        "valid": _person(lucheng, "王有效", 400),
        "expiring": _person(lucheng, "李将到", 30),
        "expired": _person(lucheng, "赵过期", -10),
        "none": _person(lucheng, "钱无证", None),
        "ruian": _person(ruian, "孙瑞安", 400),
        "station": lucheng,
    }


def test_staff_are_paged_scoped_and_masked(client, cast, people):
    client.force_login(cast["lucheng"])
    body = client.get("/api/staff", {"limit": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    body = client.get("/api/staff").json()
    names = {item["name"]: item for item in body["items"]}
    assert set(names) == {"王有效", "李将到", "赵过期", "钱无证"}
    valid = names["王有效"]
    assert valid["certified"] and valid["id_number_masked"] == people["valid"].id_number_masked
    assert people["valid"].id_number not in str(body) and people["valid"].phone not in str(body)
    assert valid["stations"][0]["code"] == people["station"].code
    assert names["李将到"]["certified"] and not names["赵过期"]["certified"]
    uncertified = client.get("/api/staff", {"certified": "false"}).json()
    assert {i["name"] for i in uncertified["items"]} == {"赵过期", "钱无证"}
    city = client.get("/api/staff", {"region": "330300"}).json()
    assert city["count"] == 4
    assert client.get("/api/staff", {"region": "999999"}).status_code == 422


def test_certificates_filter_by_status_with_the_holder_masked(client, cast, people):
    client.force_login(cast["stations"])
    expiring = client.get("/api/certificates", {"status": "expiring"}).json()
    assert [i["holder"] for i in expiring["items"]] == ["李**"]
    valid = client.get("/api/certificates", {"status": "valid"}).json()
    assert valid["count"] == 3  # expiring ones are still valid
    expired = client.get("/api/certificates", {"status": "expired"}).json()
    assert expired["items"][0]["status"] == "expired"
    bad = client.get("/api/certificates", {"status": "soon"})
    assert bad.status_code == 422 and "detail" in bad.json()


def test_staff_api_is_refused_without_the_permission(client, cast, people):
    client.force_login(cast["finance"])
    assert client.get("/api/staff").status_code == 403
    client.logout()
    assert client.get("/api/certificates").status_code == 401
