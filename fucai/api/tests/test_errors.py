"""Bad input to the API is a 4xx with a JSON ``{"detail": ...}`` body documented in the
schema, never a 500 (several of these were 500s, some only on PostgreSQL)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from fucai.api import stations
from fucai.api.api import api
from fucai.api.sales import imports as sales_imports
from fucai.core.models import ApiToken
from fucai.core.tests.factories import PASSWORD
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import csv_bytes, ensure_games
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

BIG = str(10**20)


def _auth(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        expires_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _is_error_body(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/stations?q=%00",
        "/api/stations?region=33%0002",
        "/api/stations/%00",
        "/api/stations/3303%0001",
        "/api/sales/summary?year=2020&region=%00",
        "/api/recruitment/applications/%00",
    ],
)
def test_a_nul_character_in_the_url_is_a_400(client, cast, url):
    body = _is_error_body(client.get(url, **_auth(cast["leader"])), 400)
    assert "NUL" in body["detail"]


def test_a_nul_character_in_a_json_string_is_a_400(client, cast):
    response = client.post(
        "/api/token",
        '{"username": "leader\\u0000", "password": "x"}',
        content_type="application/json",
    )
    assert "NUL" in _is_error_body(response, 400)["detail"]


def test_an_escaped_backslash_before_u0000_is_not_a_nul(client, cast):
    response = client.post(
        "/api/token",
        '{"username": "leader\\\\u0000", "password": "x"}',
        content_type="application/json",
    )
    _is_error_body(response, 401)


def test_a_nul_character_in_a_header_is_a_400(client, cast):
    response = client.get("/api/stations", HTTP_X_CLIENT="a\x00b", **_auth(cast["leader"]))
    _is_error_body(response, 400)


@pytest.mark.parametrize(
    "body",
    [
        b"garbage without any boundary",
        b'--b0\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n',
    ],
)
@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_a_malformed_multipart_body_is_a_400(client, cast, body, content_type):
    response = client.post(
        "/api/sales/imports", body, content_type=content_type, **_auth(cast["finance"])
    )
    assert "multipart" in _is_error_body(response, 400)["detail"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/stations?offset={BIG}",
        f"/api/stations?limit={BIG}",
        "/api/stations?offset=-1",
        f"/api/recruitment/queue?offset={BIG}",
        f"/api/recruitment/queue?limit={BIG}",
        f"/api/sales/imports/{BIG}",
        "/api/sales/imports/0",
        "/api/sales/games?on=9999-12-31",
        "/api/sales/games?on=0001-01-01",
        f"/api/sales/summary?year={BIG}",
        f"/api/sales/ranking?year=2020&limit={BIG}",
    ],
)
def test_integers_and_dates_out_of_range_are_a_422(client, cast, url):
    body = _is_error_body(client.get(url, **_auth(cast["leader"])), 422)
    assert body["errors"] and all({"type", "loc", "msg"} <= set(e) for e in body["errors"])


def test_a_huge_offset_within_bounds_is_an_empty_page(client, cast):
    StationFactory()
    response = client.get("/api/stations?offset=1000000", **_auth(cast["leader"]))
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] == 1


def test_an_amount_beyond_bigint_in_an_imported_file_is_a_row_error(client, cast):
    ensure_games()
    StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))
    content = csv_bytes(
        [
            ("33030001", "SSQ", "2024-05-01", "99999999999999999999", "1"),
            ("33030001", "QLC", "2099-12-31", "100", "1"),
        ]
    )
    response = client.post(
        "/api/sales/imports",
        {"file": SimpleUploadedFile("s.csv", content)},
        **_auth(cast["finance"]),
    )
    assert response.status_code == 422, response.content
    errors = [(e["row"], e["column"], e["value"]) for e in response.json()["errors"]]
    assert errors == [(2, "销售额", "99999999999999999999"), (3, "日期", "2099-12-31")]
    assert not SalesDay.objects.exists()


def test_an_unknown_api_path_is_a_json_404(client, cast):
    _is_error_body(client.get("/api/no-such-thing", **_auth(cast["leader"])), 404)


def test_an_unexpected_error_is_a_logged_json_500(client, cast, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(stations, "apply_station_filters", broken)
    response = client.get("/api/stations", **_auth(cast["leader"]))
    assert _is_error_body(response, 500) == {"detail": "Internal server error."}
    assert "boom" not in response.content.decode()
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)


def test_a_conflicting_import_is_a_409(client, cast, monkeypatch):
    ensure_games()

    def conflict(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(sales_imports, "sales_import", conflict)
    response = client.post(
        "/api/sales/imports",
        {"file": SimpleUploadedFile("s.csv", b"a,b\n")},
        **_auth(cast["finance"]),
    )
    _is_error_body(response, 409)


def test_token_requests_are_throttled_per_address(client, cast, settings):
    settings.FUCAI_API_TOKEN_RATE = "3/m"
    answers = [
        client.post(
            "/api/token",
            {"username": "leader", "password": PASSWORD},
            content_type="application/json",
            REMOTE_ADDR="198.51.100.7",
        )
        for _ in range(4)
    ]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    _is_error_body(answers[-1], 429)
    assert int(answers[-1]["Retry-After"]) > 0
    other = client.post(
        "/api/token",
        {"username": "leader", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.8",
    )
    assert other.status_code == 200


# --- the schema ------------------------------------------------------------------


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation, schema


def _has_detail(response: dict, schema: dict) -> bool:
    """The documented body is (or, for a union, each option is) an object with a
    required ``detail`` string: ErrorOut, or a richer error such as RejectedOut."""
    body = response["content"]["application/json"]["schema"]
    components = schema["components"]["schemas"]
    options = [components[o["$ref"].rsplit("/", 1)[-1]] for o in body.get("anyOf", [body])]
    return all(
        "detail" in o.get("required", []) and o["properties"]["detail"]["type"] == "string"
        for o in options
    )


def test_every_operation_documents_its_json_errors():
    for name, operation, schema in _operations():
        responses = {str(status): answer for status, answer in operation["responses"].items()}
        expected = ["400", "404", "422", "500"]
        if operation.get("security"):
            expected += ["401", "403"]
        if not name.startswith("GET"):
            expected += ["409"]
        for status in expected:
            assert status in responses, (name, status)
            assert _has_detail(responses[status], schema), (name, status)
    schema = api.get_openapi_schema()
    token = schema["paths"]["/api/token"]["post"]["responses"]
    assert _has_detail(token[429], schema)


def test_every_integer_parameter_is_bounded():
    def bounded(schema):
        if "anyOf" in schema:
            return all(bounded(s) for s in schema["anyOf"] if s.get("type") != "null")
        if schema.get("type") == "integer":
            return "minimum" in schema and "maximum" in schema
        return True

    unbounded = [
        (name, parameter["name"])
        for name, operation, _schema in _operations()
        for parameter in operation.get("parameters", [])
        if not bounded(parameter["schema"])
    ]
    assert unbounded == []
