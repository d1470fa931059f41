import pytest

from fucai.core.models import ApiToken
from fucai.core.testing.matrix import ROLES as MATRIX_ROLES
from fucai.core.tests.factories import PASSWORD, region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db


def _token(client, username: str) -> str:
    response = client.post(
        "/api/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _get(client, token, path, **params):
    return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def network(cast):
    lucheng = [StationFactory(region=region("330302")) for _ in range(3)]
    ruian = [StationFactory(region=region("330381"), kind="instant") for _ in range(2)]
    closed = StationFactory(region=region("330381"), status="closed")
    return {"lucheng": lucheng, "ruian": ruian, "closed": closed}


def test_a_token_is_issued_for_valid_credentials_only(client, cast):
    token = _token(client, "leader")
    stored = ApiToken.objects.get()
    assert stored.key_hash == ApiToken.hash_key(token) and token not in stored.key_hash
    response = client.post(
        "/api/token", {"username": "leader", "password": "bad"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert "detail" in response.json()


def test_requests_without_a_token_are_refused_with_json(client, network):
    response = client.get("/api/stations")
    assert response.status_code == 401
    assert response.json()["detail"]
    response = client.get("/api/stations", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401


def test_the_list_matches_the_ui_scope(client, cast, network):
    leader = _token(client, "leader")
    body = _get(client, leader, "/api/stations").json()
    assert body["count"] == 6
    assert {"code", "name", "region", "kind", "status"} <= set(body["items"][0])
    lucheng = _token(client, "lucheng")
    body = _get(client, lucheng, "/api/stations").json()
    assert body["count"] == 3
    assert {item["region"] for item in body["items"]} == {"330302"}
    # filtering by another district cannot widen the scope
    assert _get(client, lucheng, "/api/stations", region="330381").json()["count"] == 0


def test_filters(client, cast, network):
    token = _token(client, "leader")
    assert _get(client, token, "/api/stations", region="330381").json()["count"] == 3
    assert _get(client, token, "/api/stations", region="330300").json()["count"] == 6
    assert (
        _get(client, token, "/api/stations", status="active", kind="instant").json()["count"] == 2
    )
    code = network["lucheng"][0].code
    assert _get(client, token, "/api/stations", q=code).json()["items"][0]["code"] == code


def test_bad_filter_values_are_clear_errors_not_500s(client, cast, network):
    token = _token(client, "leader")
    response = _get(client, token, "/api/stations", status="exploded")
    assert response.status_code == 422 and response.json()["detail"]
    response = _get(client, token, "/api/stations", region="999999")
    assert response.status_code == 404


def test_detail_is_scoped_and_masks_personal_data(client, cast, network):
    station = network["ruian"][0]
    leader = _token(client, "leader")
    body = _get(client, leader, f"/api/stations/{station.code}").json()
    assert body["code"] == station.code and body["region"] == "330381"
    assert body["owner_id_number_masked"] == station.owner.id_number_masked
    assert station.owner.id_number not in str(body)
    lucheng = _token(client, "lucheng")
    assert _get(client, lucheng, f"/api/stations/{station.code}").status_code == 404


def test_owners_and_roles_without_access(client, cast, network):
    mine = StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    owner = _token(client, "owner")
    assert [i["code"] for i in _get(client, owner, "/api/stations").json()["items"]] == [mine.code]
    applicant = _token(client, "applicant")
    assert _get(client, applicant, "/api/stations").status_code == 403


def test_the_browser_session_also_authenticates(client, cast, network):
    client.force_login(cast["ruian"])
    assert client.get("/api/stations").json()["count"] == 3


def test_the_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/stations" in schema["paths"] and "/api/token" in schema["paths"]


# The cast of the permission matrix, signed in (anonymous is tested on its own).
ROLES = [role for role in MATRIX_ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix_follows_the_same_policy_as_the_pages(client, cast, network, role):
    """Generated like the page matrix: the expected answer comes from the role table
    and the data scope, the actual one from the API."""
    from fucai.core import roles
    from fucai.stations.models import Station

    user = cast[role]
    token = _token(client, role)
    listing = _get(client, token, "/api/stations")
    target = network["lucheng"][0]
    detail = _get(client, token, f"/api/stations/{target.code}")
    if not roles.has_permission(user, roles.VIEW_STATION):
        assert (listing.status_code, detail.status_code) == (403, 403)
        return
    visible = Station.objects.visible_to(user)
    assert listing.json()["count"] == visible.count()
    assert {i["code"] for i in listing.json()["items"]} == set(
        visible.values_list("code", flat=True)
    )
    in_scope = visible.filter(pk=target.pk).exists()
    assert detail.status_code == (200 if in_scope else 404)
