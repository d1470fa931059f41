import pytest
from django.db import transaction
from django.urls import reverse

from fucai.core import audit, context, crypto
from fucai.core.models import AuditEntry
from fucai.stations import services
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_an_entry_carries_actor_ip_request_id_and_changes(cast):
    station = StationFactory(name="旧")
    with context.bind(ip="10.0.0.8", request_id="req-12345678"):
        services.station_update(acting_user=cast["stations"], station=station, version=1, name="新")
    entry = audit.history_for(station).get()
    assert (entry.actor, entry.ip, entry.request_id) == (
        cast["stations"],
        "10.0.0.8",
        "req-12345678",
    )
    assert set(entry.changes) == {"name"}
    assert (entry.changes["name"]["old"], entry.changes["name"]["new"]) == ("旧", "新")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction(cast):
    station = StationFactory()
    with pytest.raises(RuntimeError):
        audit.record(actor=cast["admin"], action="update", obj=station)


def test_the_entry_rolls_back_with_the_change(cast):
    station = StationFactory(name="原名")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        services.station_update(
            acting_user=cast["stations"], station=station, version=1, name="改名"
        )
        1 / 0  # noqa: B018 -- the change fails after the service returned
    station.refresh_from_db()
    assert station.name == "原名"
    assert not AuditEntry.objects.exists()


def test_an_edit_through_the_web_records_the_client_address(client, cast):
    station = StationFactory(name="旧名")
    client.force_login(cast["stations"])
    form = client.get(reverse("stations:edit", args=[station.code])).context["form"]
    # Post back exactly what the form rendered (masked phone, version), changing the name.
    data = {field.name: field.value() for field in form if field.value() is not None}
    data["name"] = "新名"
    response = client.post(
        reverse("stations:edit", args=[station.code]), data, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = audit.history_for(station).get()
    assert entry.ip == "192.0.2.7" and entry.request_id
    assert set(entry.changes) == {"name"}


def test_administrators_search_the_audit_log(client, cast):
    station = StationFactory(name="查询站")
    with context.bind(ip="10.0.0.9"):
        services.station_update(
            acting_user=cast["stations"], station=station, version=1, name="查询站二"
        )
    client.force_login(cast["admin"])
    response = client.get(reverse("core:audit"), {"q": "10.0.0.9"})
    assert "查询站二" in response.content.decode()
    response = client.get(reverse("core:audit"), {"actor": "nobody"})
    assert "查询站二" not in response.content.decode()


def test_blind_index_is_keyed_and_stable(settings):
    first = crypto.blind_index("330302199001011234")
    assert first == crypto.blind_index("330302199001011234")
    settings.BLIND_INDEX_KEY = "another-key"
    assert crypto.blind_index("330302199001011234") != first


def test_encryption_round_trips_and_differs_each_time():
    token_a, token_b = crypto.encrypt("13812345678"), crypto.encrypt("13812345678")
    assert token_a != token_b
    assert crypto.decrypt(token_a) == "13812345678"
