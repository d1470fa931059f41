import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry
from fucai.core.services import ConcurrentUpdate
from fucai.core.tests.factories import id_number, region
from fucai.stations import services
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationOwner, StationStatusChange
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def _new_station(user, **overrides):
    fields = {
        "code": "33039001",
        "name": "福彩·人民路站",
        "kind": "computer",
        "station_class": "dedicated",
        "region": region("330302"),
        "address": "鹿城区人民路88号",
        "premises_area": Decimal("30.5"),
        "terminal_count": 1,
    }
    fields.update(overrides)
    owner = {
        "kind": "person",
        "name": "陈明",
        "id_number": id_number(7),
        "phone": "+86 138 0000 1234",
    }
    return services.station_create(acting_user=user, owner=owner, **fields)


def test_it_creates_a_preparing_station_with_its_owner_and_audit(cast):
    station = _new_station(cast["stations"])
    assert station.status == StationStatus.PREPARING
    assert station.owner.phone == "13800001234"
    entry = audit.history_for(station).get(action=AuditAction.CREATE)
    assert entry.actor == cast["stations"]
    assert entry.changes["code"]["new"] == "33039001"
    assert StationStatusChange.objects.filter(station=station, to_status="preparing").exists()


def test_the_owner_id_number_is_encrypted_at_rest_and_masked_in_the_audit(cast):
    station = _new_station(cast["stations"])
    raw = id_number(7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM stations_stationowner")
        stored_id, stored_phone = cursor.fetchone()
    assert raw not in stored_id and "13800001234" not in stored_phone
    owner_entry = audit.history_for(station.owner).get(action="create")
    assert raw not in str(owner_entry.changes)
    assert owner_entry.changes["id_number"]["new"] == raw[:6] + "********" + raw[-4:]


def test_the_same_id_number_reuses_the_owner(cast):
    first = _new_station(cast["stations"])
    second = _new_station(cast["stations"], code="33039002")
    assert first.owner_id == second.owner_id
    assert StationOwner.objects.count() == 1


def test_it_rejects_an_invalid_id_number(cast):
    with pytest.raises(ValidationError) as error:
        services.owner_resolve(
            acting_user=cast["stations"],
            kind="person",
            name="陈明",
            id_number="330302198001010001",
            phone="13800001234",
        )
    assert error.value.code == "id_number_check_digit"


def test_a_branch_user_cannot_register_a_station_in_another_district(cast):
    with pytest.raises(PermissionDenied):
        _new_station(cast["lucheng"], region=region("330381"))
    assert not Station.objects.exists()
    assert not AuditEntry.objects.exists()


def test_roles_without_change_permission_cannot_write(cast):
    for role in ["leader", "finance", "inspector", "owner", "applicant", "outsider"]:
        with pytest.raises(PermissionDenied):
            _new_station(cast[role])


def test_update_records_before_and_after(cast):
    station = StationFactory(name="旧名字")
    services.station_update(
        acting_user=cast["lucheng"], station=station, version=station.version, name="新名字"
    )
    entry = audit.history_for(station).get(action=AuditAction.UPDATE)
    assert entry.changes["name"]["old"] == "旧名字"
    assert entry.changes["name"]["new"] == "新名字"
    station.refresh_from_db()
    assert station.version == 2


def test_an_edit_made_on_a_stale_copy_is_refused(cast):
    station = StationFactory()
    services.station_update(acting_user=cast["stations"], station=station, version=1, name="第一次")
    with pytest.raises(ConcurrentUpdate):
        services.station_update(
            acting_user=cast["lucheng"], station=station, version=1, name="第二次"
        )
    station.refresh_from_db()
    assert station.name == "第一次"


def test_a_branch_user_cannot_move_a_station_out_of_their_district(cast):
    station = StationFactory(region=region("330302"))
    with pytest.raises(PermissionDenied):
        services.station_update(
            acting_user=cast["lucheng"],
            station=station,
            version=station.version,
            region=region("330381"),
        )
    station.refresh_from_db()
    assert station.region.code == "330302"


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("preparing", "active", True),
        ("preparing", "closed", True),
        ("preparing", "suspended", False),
        ("active", "suspended", True),
        ("active", "rectifying", True),
        ("active", "closed", True),
        ("active", "preparing", False),
        ("suspended", "active", True),
        ("rectifying", "active", True),
        ("rectifying", "closed", True),
        ("closed", "active", False),
        ("closed", "preparing", False),
    ],
)
def test_lifecycle_transitions(cast, start, target, allowed):
    station = StationFactory(status=start)
    call = lambda: services.station_transition(  # noqa: E731
        acting_user=cast["stations"],
        station=station,
        to_status=target,
        reason="年检结果",
        effective_on=datetime.date(2019, 6, 1),
    )
    if allowed:
        call()
        station.refresh_from_db()
        assert station.status == target
        change = station.status_changes.first()
        assert (change.from_status, change.to_status, change.reason) == (start, target, "年检结果")
        assert AuditEntry.objects.filter(action=AuditAction.TRANSITION).count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.code == "invalid_transition"
        station.refresh_from_db()
        assert station.status == start


def test_a_transition_needs_a_reason(cast):
    station = StationFactory()
    with pytest.raises(ValidationError):
        services.station_transition(
            acting_user=cast["stations"], station=station, to_status="suspended", reason="  "
        )


def test_closing_keeps_the_reason_and_date(cast):
    station = StationFactory()
    services.station_transition(
        acting_user=cast["stations"],
        station=station,
        to_status="closed",
        reason="违规销售终止合同",
        effective_on=datetime.date(2019, 12, 1),
    )
    station.refresh_from_db()
    assert station.closed_on == datetime.date(2019, 12, 1)
    assert station.close_reason == "违规销售终止合同"


def test_opening_sets_the_opening_date(cast):
    station = StationFactory(status="preparing", opened_on=None)
    services.station_transition(
        acting_user=cast["stations"],
        station=station,
        to_status="active",
        reason="验收合格开业",
        effective_on=datetime.date(2019, 10, 8),
    )
    station.refresh_from_db()
    assert station.opened_on == datetime.date(2019, 10, 8)


def test_contract_and_insurance_amounts_are_fen_and_audited(cast):
    station = StationFactory()
    contract = services.contract_add(
        acting_user=cast["stations"],
        station=station,
        number="WZFC-2019-001",
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
        deposit_fen=2_000_000,
    )
    assert contract.deposit_fen == 2_000_000
    with pytest.raises(ValidationError):
        services.insurance_add(
            acting_user=cast["stations"],
            station=station,
            insurer="人保",
            policy_number="P1",
            coverage_fen=100,
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2019, 1, 1),
        )
    assert AuditEntry.objects.filter(action="create").count() == 1


def test_revealing_personal_data_is_audited(cast):
    station = StationFactory(region=region("330302"))
    revealed = services.owner_identity_reveal(acting_user=cast["lucheng"], station=station)
    assert revealed["id_number"] == station.owner.id_number
    entry = AuditEntry.objects.get(action=AuditAction.REVEAL)
    assert entry.actor == cast["lucheng"] and station.code in entry.comment
    with pytest.raises(PermissionDenied):
        services.owner_identity_reveal(acting_user=cast["ruian"], station=station)
    with pytest.raises(PermissionDenied):
        services.owner_identity_reveal(acting_user=cast["leader"], station=station)


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_exactly_one_wins(cast):
    """Two users suspend and close the same station at the same moment: the row lock
    serializes them, so exactly one succeeds from 'active' and the other is judged
    against the new status."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes whole transactions; the row lock is PostgreSQL's")
    station = StationFactory()
    barrier = threading.Barrier(2)
    results = []

    def worker(target):
        from django.db import connections

        try:
            barrier.wait()
            services.station_transition(
                acting_user=cast["stations"], station=station, to_status=target, reason="并发"
            )
            results.append(("ok", target))
        except ValidationError:
            results.append(("refused", target))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=("suspended",)),
        threading.Thread(target=worker, args=("suspended",)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r[0] for r in results) == ["ok", "refused"]
    station.refresh_from_db()
    assert station.status == "suspended"
    assert station.status_changes.filter(to_status="suspended").count() == 1


def test_the_owner_lookup_hash_follows_the_number(cast):
    from fucai.core import crypto

    owner = StationOwner(kind="person", name="王五", id_number=id_number(11), phone="13800000011")
    owner.save()
    assert owner.id_number_digest == crypto.blind_index(id_number(11))
    owner.id_number = id_number(12)
    owner.save()
    assert StationOwner.objects.get(id_number_digest=crypto.blind_index(id_number(12))) == owner


# One scoping point: looking an owner up by ID number never edits data out of scope -----


def _ruian_owner():
    from fucai.stations.tests.factories import StationOwnerFactory

    owner = StationOwnerFactory(name="瑞安业主", id_number=id_number(4242), phone="13700004242")
    StationFactory(region=region("330381"), owner=owner)
    return owner


def test_a_district_user_cannot_overwrite_an_owner_of_another_district(cast):
    owner = _ruian_owner()
    with pytest.raises(ValidationError) as error:
        services.station_create(
            acting_user=cast["lucheng"],
            owner={
                "kind": "person",
                "name": "冒名者",
                "id_number": id_number(4242),
                "phone": "13900009999",
            },
            code="33039101",
            name="福彩·新站",
            kind="computer",
            station_class="dedicated",
            region=region("330302"),
            address="鹿城区新路1号",
            terminal_count=1,
        )
    assert "owner_id_number" in error.value.message_dict
    assert "其他辖区" in str(error.value.message_dict["owner_id_number"])
    owner.refresh_from_db()
    assert (owner.name, owner.phone) == ("瑞安业主", "13700004242")
    assert not Station.objects.filter(code="33039101").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_an_out_of_scope_owner_with_identical_details_is_linked_unchanged(cast):
    owner = _ruian_owner()
    resolved = services.owner_resolve(
        acting_user=cast["lucheng"],
        kind="person",
        name="瑞安业主",
        id_number=id_number(4242),
        phone="137 0000 4242",
    )
    assert resolved.pk == owner.pk
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_an_owner_wholly_in_scope_may_be_updated_by_that_district(cast):
    owner = _ruian_owner()
    resolved = services.owner_resolve(
        acting_user=cast["ruian"],
        kind="person",
        name="瑞安业主（更名）",
        id_number=id_number(4242),
        phone="13700004243",
    )
    assert resolved.pk == owner.pk
    owner.refresh_from_db()
    assert owner.name == "瑞安业主（更名）"


def test_an_owner_with_stations_in_two_districts_is_edited_only_city_wide(cast):
    owner = _ruian_owner()
    StationFactory(region=region("330302"), owner=owner)
    details = {"kind": "person", "id_number": id_number(4242), "phone": "13700004242"}
    with pytest.raises(ValidationError):
        services.owner_resolve(acting_user=cast["ruian"], name="改名", **details)
    services.owner_resolve(acting_user=cast["stations"], name="改名", **details)
    owner.refresh_from_db()
    assert owner.name == "改名"
