"""The API: public service stations (nothing about staff), scoped projects with budget
and paid from the rows; paged ``{count, items}``; bad filters are a JSON 4xx."""

import pytest

from .factories import make_project, make_station

pytestmark = pytest.mark.django_db


def test_service_stations_are_public_and_carry_no_staff(client, cast):
    make_station("330305")
    make_station("330381")
    body = client.get("/api/service-stations").json()
    assert body["count"] == 2
    item = body["items"][0]
    assert item["district_code"] == "330305" and item["services"] == ["recruitment", "complaints"]
    assert set(item) == {
        *("id", "name", "district", "district_code", "address", "opening_hours", "phone"),
        *("services", "latitude", "longitude", "opened_on"),
    }
    body = client.get("/api/service-stations", {"district": "330381", "limit": 1}).json()
    assert body["count"] == 1 and body["items"][0]["district"] == "瑞安市"


def test_bad_filters_are_a_json_422(client):
    response = client.get("/api/service-stations", {"district": "abc"})
    assert response.status_code == 422 and "detail" in response.json()
    assert client.get("/api/service-stations", {"limit": 0}).status_code == 422


def test_projects_are_scoped_with_budget_and_paid(client, cast):
    make_project("330302", budget_fen=5_200_000_00, paid=(1_000_00, 2_000_00))
    make_project("330381", budget_fen=3_000_000_00)
    client.force_login(cast["finance"])
    body = client.get("/api/premises/projects").json()
    assert body["count"] == 2
    client.force_login(cast["lucheng"])
    body = client.get("/api/premises/projects").json()
    assert body["count"] == 1
    assert body["items"][0]["budget_fen"] == 5_200_000_00
    assert body["items"][0]["paid_fen"] == 3_000_00
    client.force_login(cast["charity"])
    assert client.get("/api/premises/projects").status_code == 403
    client.logout()
    assert client.get("/api/premises/projects").status_code == 401
