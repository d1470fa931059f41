"""The party API: paged, masked, filtered, for VIEW_PARTY only."""

import datetime

import pytest

from fucai.core.tests.factories import id_number

from ..choices import ActivityKind
from .factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_members_are_paged_and_masked(client, cast):
    for _ in range(3):
        MemberFactory()
    client.force_login(cast["party"])
    body = client.get("/api/party/members", {"limit": 2}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    item = body["items"][0]
    assert "*" in item["id_number_masked"] and "*" in item["phone_masked"]
    assert id_number(7000) not in str(body)


def test_activities_filter_by_year_and_type(client, cast):
    ActivityFactory(kind=ActivityKind.COMMITTEE, planned_on=datetime.date(2019, 2, 1))
    ActivityFactory(kind=ActivityKind.LECTURE, planned_on=datetime.date(2019, 3, 1))
    ActivityFactory(kind=ActivityKind.COMMITTEE, planned_on=datetime.date(2018, 2, 1))
    client.force_login(cast["leader"])
    body = client.get("/api/party/activities", {"year": 2019, "type": "committee"}).json()
    assert body["count"] == 1
    assert body["items"][0]["type"] == "committee"
    assert client.get("/api/party/activities", {"type": "nonsense"}).status_code == 422


def test_others_are_refused(client, cast):
    client.force_login(cast["stations"])
    response = client.get("/api/party/members")
    assert response.status_code == 403
    assert "detail" in response.json()
