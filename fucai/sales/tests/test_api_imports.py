import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.api.sales import imports as sales_imports
from fucai.core.tests.factories import PASSWORD
from fucai.sales.models import SalesDay, SalesImport
from fucai.sales.tests.factories import csv_bytes
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

GOOD = [
    ("33030001", "SSQ", "2024-05-01", "100", "50"),
    ("33030001", "GGL", "2024-05-01", "20", "2"),
]
EXPECTED_BY_GAME = [("SSQ", 10_000, 50), ("GGL", 2_000, 2)]  # in the games' id order


@pytest.fixture
def station(importer):
    return StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))


def _token(client, username: str) -> str:
    response = client.post(
        "/api/token", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _post(client, token, content: bytes, name="sales.csv", replace=False):
    data = {"file": SimpleUploadedFile(name, content)}
    if replace:
        data["replace"] = "true"
    return client.post("/api/sales/imports", data, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_good_file_returns_the_batch(client, station):
    token = _token(client, "finance")
    response = _post(client, token, csv_bytes(GOOD))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["rows"], body["inserted"], body["replaced"]) == (
        "succeeded",
        2,
        2,
        0,
    )
    assert body["date_from"] == "2024-05-01" and body["duplicate"] is False
    assert body["by_game"] == [
        {"game": code, "rows": 1, "sales_fen": sales, "tickets": tickets}
        for code, sales, tickets in EXPECTED_BY_GAME
    ]
    assert SalesDay.objects.count() == 2
    again = _post(client, token, csv_bytes(GOOD))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == body["id"]
    detail = client.get(f"/api/sales/imports/{body['id']}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert detail.status_code == 200 and detail.json()["inserted"] == 2


def test_replace_flag_overwrites(client, station):
    token = _token(client, "finance")
    _post(client, token, csv_bytes(GOOD))
    response = _post(
        client,
        token,
        csv_bytes([*GOOD[:1], ("33030001", "GGL", "2024-05-01", "30", "3")]),
        replace=True,
    )
    assert response.status_code == 201, response.content
    assert (response.json()["inserted"], response.json()["replaced"]) == (0, 2)


def test_a_bad_file_answers_422_with_its_errors(client, station):
    token = _token(client, "finance")
    response = _post(client, token, csv_bytes([*GOOD, ("nope", "SSQ", "2024-05-02", "x", "")]))
    assert response.status_code == 422
    body = response.json()
    assert body["error_count"] == 2 and body["batch"]["status"] == "failed"
    assert {(e["row"], e["value"]) for e in body["errors"]} == {(4, "nope"), (4, "x")}
    assert SalesDay.objects.count() == 0


def test_the_error_list_is_capped_with_the_total(client, station, monkeypatch):
    monkeypatch.setattr(sales_imports, "MAX_ERRORS", 3)
    token = _token(client, "finance")
    rows = [("33030001", "SSQ", f"2024-05-{d:02d}", "bad", "") for d in range(1, 11)]
    body = _post(client, token, csv_bytes(rows)).json()
    assert body["error_count"] == 10 and len(body["errors"]) == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.png", b"\x89PNG\r\n\x1a\n"), ("a.csv", b"\r\n"), ("a.csv", "日期,销售额\r\n".encode())],
)
def test_unusable_files_answer_422_json(client, station, name, content):
    token = _token(client, "finance")
    response = _post(client, token, content, name=name)
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason"]


def test_a_missing_file_answers_422_json(client, station):
    token = _token(client, "finance")
    response = client.post("/api/sales/imports", {}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422 and response.json()["detail"]


def test_roles_without_the_permission_get_403(client, station):
    token = _token(client, "leader")
    assert _post(client, token, csv_bytes(GOOD)).status_code == 403
    batch = SalesImport.objects.create(filename="x.csv", checksum="1" * 64)
    response = client.get(f"/api/sales/imports/{batch.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    inspector = _token(client, "inspector")
    response = client.get("/api/sales/games", HTTP_AUTHORIZATION=f"Bearer {inspector}")
    assert response.status_code == 403 and response.json()["detail"]
    assert client.get("/api/sales/games").status_code == 401


def test_an_unknown_batch_is_404(client, station):
    token = _token(client, "finance")
    response = client.get("/api/sales/imports/999999", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_games_list_their_current_rate(client, station):
    token = _token(client, "leader")
    body = client.get("/api/sales/games", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    ssq = next(g for g in body if g["code"] == "SSQ")
    assert ssq["name"] == "双色球" and float(ssq["rate"]["welfare_pct"]) == 36
    assert ssq["rate"]["effective_from"] == "2000-01-01"
