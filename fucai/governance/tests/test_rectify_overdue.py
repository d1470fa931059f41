"""Overdue orders escalate on a timeline (frozen dates via ``today=``): overdue and the
branch head told the day after the deadline; ESCALATE_TO_STATUS_AFTER_DAYS later a
critical/major order puts the station under rectification, done by the system and
audited; verifying the last order returns the station to active."""

import datetime

import pytest
from django.utils import timezone

from fucai.core.models import AuditEntry, Notification
from fucai.core.tests.factories import UserFactory, branch, region
from fucai.stations.choices import StationStatus
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import EscalationLevel, Severity
from ..choices import RectificationStatus as S
from ..constants import ESCALATE_TO_STATUS_AFTER_DAYS
from ..services import rectifications as services
from ..services.rectification_overdue import branch_heads, rectifications_overdue_run
from ..tasks import rectifications_overdue
from .factories import RectificationOrderFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2019, 6, 18)


def day(n: int) -> datetime.date:
    """n days after the deadline."""
    return DEADLINE + datetime.timedelta(days=n)


@pytest.fixture
def head(cast):
    unit = branch("330302")
    person = UserFactory(username="lucheng_head", role="branch_staff", org_unit=unit)
    unit.head = person
    unit.save()
    return person


@pytest.fixture
def station(cast):
    return StationFactory(
        region=region("330302"),
        owner=StationOwnerFactory(user=cast["owner"]),
        status=StationStatus.ACTIVE,
    )


def test_the_timeline_of_an_unanswered_major_order(cast, head, station):
    order = RectificationOrderFactory(station=station, severity=Severity.MAJOR)

    assert rectifications_overdue_run(today=DEADLINE) == {}  # due today: not late yet

    assert rectifications_overdue_run(today=day(1)) == {"overdue": 1, "branch_head": 1}
    order.refresh_from_db()
    assert (order.status, order.escalation) == (S.OVERDUE, EscalationLevel.BRANCH_HEAD)
    note = Notification.objects.get(recipient=head)
    assert order.number in note.subject and note.target == order
    assert not Notification.objects.filter(recipient=cast["lucheng"]).exists()  # head only

    assert rectifications_overdue_run(today=day(2)) == {}  # nothing twice
    assert rectifications_overdue_run(today=day(ESCALATE_TO_STATUS_AFTER_DAYS)) == {}

    late = day(ESCALATE_TO_STATUS_AFTER_DAYS + 1)
    assert rectifications_overdue_run(today=late) == {"station_status": 1}
    order.refresh_from_db()
    station.refresh_from_db()
    assert order.escalation == EscalationLevel.STATION_STATUS
    assert station.status == StationStatus.RECTIFYING and station.status_changed_on == late
    change = station.status_changes.get()
    assert change.actor is None and order.number in change.reason
    entry = AuditEntry.objects.filter(object_id=str(station.pk)).latest("at")
    assert entry.actor is None and entry.actor_name == "system"
    assert [e.action for e in order.events.all()] == ["overdue", "escalate", "escalate"]
    assert all(e.actor is None for e in order.events.all())
    assert rectifications_overdue_run(today=late + datetime.timedelta(days=5)) == {}

    # The owner answers late; verifying the last open order reverses the escalation.
    services.rectification_reply(order=order, text="已整改", acting_user=cast["owner"])
    services.rectification_verify(order=order, acting_user=cast["inspector"])
    station.refresh_from_db()
    assert station.status == StationStatus.ACTIVE
    back = station.status_changes.order_by("-id").first()
    assert back.actor is None and back.to_status == StationStatus.ACTIVE


def test_the_station_waits_for_its_last_order(cast, head, station):
    first = RectificationOrderFactory(station=station, severity=Severity.CRITICAL)
    second = RectificationOrderFactory(station=station, severity=Severity.MINOR)
    rectifications_overdue_run(today=day(1))
    counts = rectifications_overdue_run(today=day(ESCALATE_TO_STATUS_AFTER_DAYS + 1))
    assert counts == {"station_status": 1}  # the minor order stays with the branch head
    second.refresh_from_db()
    assert second.escalation == EscalationLevel.BRANCH_HEAD
    for order in (first, second):
        services.rectification_reply(order=order, text="好了", acting_user=cast["owner"])
    services.rectification_verify(order=first, acting_user=cast["inspector"])
    station.refresh_from_db()
    assert station.status == StationStatus.RECTIFYING  # one order still unresolved
    services.rectification_close(order=second, reason="合并处理", acting_user=cast["stations"])
    station.refresh_from_db()
    assert station.status == StationStatus.ACTIVE


def test_a_station_put_under_rectification_by_hand_stays(cast, station):
    from fucai.stations.services import station_transition

    order = RectificationOrderFactory(station=station, status=S.REPLIED)
    station_transition(
        acting_user=cast["stations"],
        station=station,
        to_status=StationStatus.RECTIFYING,
        reason="专项整治",
    )
    services.rectification_verify(order=order, acting_user=cast["inspector"])
    station.refresh_from_db()
    assert station.status == StationStatus.RECTIFYING


def test_replied_orders_wait_for_the_inspector_not_the_escalation(cast, head, station):
    order = RectificationOrderFactory(station=station, status=S.REPLIED)
    assert rectifications_overdue_run(today=day(30)) == {}
    order.refresh_from_db()
    assert order.status == S.REPLIED and order.escalation == EscalationLevel.NONE


def test_without_a_head_the_branch_staff_hear(cast, station):
    assert branch_heads(station.region_id) == [cast["lucheng"]]
    RectificationOrderFactory(station=station)
    rectifications_overdue_run(today=day(1))
    assert Notification.objects.filter(recipient=cast["lucheng"]).count() == 1
    assert not Notification.objects.filter(recipient=cast["ruian"]).exists()


def test_the_beat_task_runs_the_service(cast, station, settings):
    assert "governance-rectifications-overdue" in settings.CELERY_BEAT_SCHEDULE
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    RectificationOrderFactory(station=station, deadline_on=two_days_ago)
    assert rectifications_overdue.apply().get() == {"overdue": 1, "branch_head": 1}
    # Long forgotten: every step at once.
    RectificationOrderFactory(station=station, deadline_on=datetime.date(2000, 1, 1))
    assert rectifications_overdue.apply().get() == {
        "overdue": 1,
        "branch_head": 1,
        "station_status": 1,
    }
