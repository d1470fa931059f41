"""Purchase payments: within the budget, append-only, corrected by reversal, serialized
per project; project transitions; a service station's profile edit, audited."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from fucai.core.models import AuditEntry
from fucai.core.scope import region_ids
from fucai.core.tests.factories import region

from .. import services
from ..choices import ProjectStatus, ServiceKind
from ..models import PurchasePayment, PurchaseProject, ServiceStation
from .factories import make_project, make_station

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 9, 1)


def _pay(user, project, amount_fen, voucher="V1"):
    return services.payment_record(
        acting_user=user,
        project=project,
        amount_fen=amount_fen,
        paid_on=DAY,
        payee="温州市某国资公司",
        voucher_no=voucher,
    )


def test_a_payment_within_the_budget_is_recorded_and_audited(cast):
    project = make_project(budget_fen=100_000_00, status=ProjectStatus.APPROVED)
    payment = _pay(cast["finance"], project, 40_000_00)
    project.refresh_from_db()
    assert payment.amount_fen == 40_000_00
    assert project.status == ProjectStatus.IN_PROGRESS  # the first payment starts it
    assert AuditEntry.objects.filter(object_id=str(payment.pk), action="create").exists()


def test_it_refuses_a_payment_over_the_budget_with_what_is_left(cast):
    project = make_project(budget_fen=100_000_00, paid=(70_000_00,))
    with pytest.raises(ValidationError) as error:
        _pay(cast["finance"], project, 30_000_01)
    message = error.value.message_dict["amount_fen"][0]
    assert "¥100,000.01" in message and "¥100,000.00" in message and "¥30,000.00" in message
    assert PurchasePayment.objects.filter(project=project).count() == 1
    _pay(cast["finance"], project, 30_000_00)  # exactly the budget is fine


def test_it_refuses_payments_on_a_planned_or_completed_project(cast):
    for status in (ProjectStatus.PLANNED, ProjectStatus.COMPLETED, ProjectStatus.CANCELLED):
        project = make_project(status=status)
        with pytest.raises(ValidationError):
            _pay(cast["finance"], project, 1_00)


def test_only_finance_records_payments(cast):
    project = make_project()
    for role in ("leader", "stations", "lucheng"):
        with pytest.raises(PermissionDenied):
            _pay(cast[role], project, 1_00)


def test_a_payment_is_never_changed_or_deleted(cast):
    payment = _pay(cast["finance"], make_project(), 10_00)
    payment.amount_fen = 5_00
    with pytest.raises(ValidationError):
        payment.save()
    with pytest.raises(ValidationError):
        payment.delete()
    assert PurchasePayment.objects.get(pk=payment.pk).amount_fen == 10_00


def test_a_reversal_is_a_negative_payment_with_its_reason_and_frees_the_budget(cast):
    project = make_project(budget_fen=100_00)
    payment = _pay(cast["finance"], project, 100_00)
    reversal = services.payment_reverse(
        acting_user=cast["finance"], payment=payment, reason="金额录错", paid_on=DAY
    )
    assert reversal.amount_fen == -100_00 and reversal.reverses == payment
    assert reversal.reason == "金额录错"
    assert PurchaseProject.objects.with_paid().get(pk=project.pk).paid_fen == 0
    _pay(cast["finance"], project, 90_00, voucher="V2")  # the corrected payment
    assert PurchaseProject.objects.with_paid().get(pk=project.pk).paid_fen == 90_00
    with pytest.raises(ValidationError, match=r"已冲销|already"):
        services.payment_reverse(
            acting_user=cast["finance"], payment=payment, reason="再来", paid_on=DAY
        )
    with pytest.raises(ValidationError):
        services.payment_reverse(
            acting_user=cast["finance"], payment=reversal, reason="再来", paid_on=DAY
        )
    with pytest.raises(ValidationError) as error:
        services.payment_reverse(
            acting_user=cast["finance"],
            payment=PurchasePayment.objects.get(voucher_no="V2"),
            reason="  ",
            paid_on=DAY,
        )
    assert "reason" in error.value.message_dict


def test_a_payment_locks_its_project_before_summing(cast):
    project = make_project()
    with CaptureQueriesContext(connection) as queries:
        _pay(cast["finance"], project, 1_00)
    sqls = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, sql in enumerate(sqls) if "FOR UPDATE" in sql)
    total = next(i for i, sql in enumerate(sqls) if "SUM(" in sql.upper())
    assert '"facilities_purchaseproject"' in sqls[lock]
    assert lock < total


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_cannot_together_exceed_the_budget(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    project = make_project(budget_fen=100_00)
    barrier = threading.Barrier(2)
    outcomes = []

    def pay(voucher):
        try:
            barrier.wait()
            _pay(cast["finance"], project, 60_00, voucher=voucher)
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(f"V{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "refused"]
    assert PurchaseProject.objects.with_paid().get(pk=project.pk).paid_fen == 60_00


def test_project_moves_only_along_its_transitions(cast):
    project = services.project_create(
        acting_user=cast["finance"],
        name="龙湾综合服务站用房购置",
        region=region("330303"),
        budget_fen=4_600_000_00,
        started_on=DAY,
    )
    assert project.status == ProjectStatus.PLANNED
    with pytest.raises(ValidationError):
        services.project_transition(
            acting_user=cast["finance"], project=project, to=ProjectStatus.COMPLETED
        )
    for to in (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED):
        project = services.project_transition(acting_user=cast["finance"], project=project, to=to)
    assert project.status == ProjectStatus.COMPLETED
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="transition").count() == 3
    with pytest.raises(ValidationError):
        services.project_create(
            acting_user=cast["finance"],
            name="零预算",
            region=region("330303"),
            budget_fen=0,
            started_on=DAY,
        )


def test_station_management_edits_a_service_station_profile(cast):
    station = make_station("330381")
    staff = list(station.unit.members.order_by("username"))
    services.service_station_update(
        acting_user=cast["stations"],
        station=station,
        head=staff[1],
        opening_hours="周一至周日 9:00–17:00",
        services=[ServiceKind.TRAINING, ServiceKind.TICKET_PICKUP],
    )
    station = ServiceStation.objects.get(pk=station.pk)
    assert station.opening_hours == "周一至周日 9:00–17:00"
    assert station.services == ["training", "ticket_pickup"]
    assert station.unit.head == staff[1]
    entry = AuditEntry.objects.get(object_id=str(station.pk), action="update")
    assert {"opening_hours", "services", "head"} <= set(entry.changes)
    with pytest.raises(ValidationError):
        services.service_station_update(
            acting_user=cast["stations"], station=station, services=["lottery"]
        )
    with pytest.raises(ValidationError):
        services.service_station_update(
            acting_user=cast["stations"], station=station, head=cast["lucheng"]
        )
    with pytest.raises(PermissionDenied):
        services.service_station_update(
            acting_user=cast["lucheng"], station=station, opening_hours="x"
        )


def test_a_service_station_member_sees_their_district(cast):
    station = make_station("330305")
    member = station.unit.members.first()
    assert region_ids(member) == frozenset({region("330305").pk})
    assert list(ServiceStation.objects.visible_to(member)) == [station]
