"""The recruitment API: public calls, an applicant's own applications only, the queue."""

import pytest

from fucai.recruitment.choices import ApplicationStatus as S

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_calls_are_public_and_carry_places(client):
    CallFactory(title="公开")
    CallFactory(title="草稿", status="draft")
    data = client.get("/api/recruitment/calls").json()
    assert [c["title"] for c in data] == ["公开"]
    assert {q["region"]: q["places"] for q in data[0]["quotas"]} == {"330302": 2, "330381": 1}


def test_an_applicant_sees_only_their_own(client, cast):
    mine = ApplicationFactory(applicant=cast["applicant"], status=S.SUBMITTED)
    other = ApplicationFactory()
    client.force_login(cast["applicant"])
    data = client.get("/api/recruitment/applications").json()
    assert [a["tracking_code"] for a in data] == [mine.tracking_code]
    response = client.get(f"/api/recruitment/applications/{mine.tracking_code}")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = client.get(f"/api/recruitment/applications/{other.tracking_code}")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert client.get("/api/recruitment/applications/%3Cscript%3E").status_code == 404


def test_the_api_needs_authentication_except_for_calls(client):
    assert client.get("/api/recruitment/applications").status_code == 401
    assert client.get("/api/recruitment/queue").status_code == 401


def test_the_queue_is_for_staff_in_scope(client, cast):
    lucheng = ApplicationFactory(status=S.SUBMITTED, name="陈明亮")
    client.force_login(cast["lucheng"])
    data = client.get("/api/recruitment/queue").json()
    assert data["count"] == 1 and data["items"][0]["name_masked"] == "陈**"
    assert data["items"][0]["tracking_code"] == lucheng.tracking_code
    client.force_login(cast["ruian"])
    assert client.get("/api/recruitment/queue").json()["count"] == 0
    client.force_login(cast["applicant"])
    assert client.get("/api/recruitment/queue").status_code == 403
    client.force_login(cast["stations"])
    assert client.get("/api/recruitment/queue?limit=x").status_code == 422
