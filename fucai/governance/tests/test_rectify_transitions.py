"""Rectification orders: reply, verify, reject, close — each a locked, versioned,
logged, audited transition that tells the people concerned."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.choices import AuditAction, Role
from fucai.core.models import AuditEntry, Notification
from fucai.core.services import ConcurrentUpdate
from fucai.core.tests.factories import UserFactory, region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import InspectionResult, InspectionStatus
from ..choices import RectificationStatus as S
from ..services import rectifications as services
from .factories import (
    InspectionAnswerFactory,
    InspectionFactory,
    RectificationOrderFactory,
    png_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(cast):
    return StationFactory(region=region("330302"), owner=StationOwnerFactory(user=cast["owner"]))


@pytest.fixture
def order(cast, station):
    inspection = InspectionFactory(
        station=station,
        inspector=cast["inspector"],
        status=InspectionStatus.SUBMITTED,
        result=InspectionResult.FAILED,
        inspected_on=datetime.date(2019, 6, 3),
    )
    InspectionAnswerFactory(inspection=inspection, passed=False, comment="未公示许可证")
    (order,) = services.rectification_issue_for_inspection(
        inspection=inspection, acting_user=cast["inspector"]
    )
    return order


def test_issuing_tells_the_owner_with_a_link(cast, order):
    note = Notification.objects.get(recipient=cast["owner"])
    assert order.number in note.subject
    assert note.url == f"/governance/rectifications/{order.pk}/"
    assert note.target == order
    assert note.status == "sent" and note.sent_at is not None


def test_the_owner_replies_with_photos_and_the_inspector_hears(cast, order):
    reply = services.rectification_reply(
        order=order,
        text="已在门口公示许可证",
        photos=[png_upload(), png_upload("b.png")],
        acting_user=cast["owner"],
        version=order.version,
    )
    order.refresh_from_db()
    assert order.status == S.REPLIED and order.version == 2
    assert [p.content_type for p in reply.photos.all()] == ["image/png", "image/png"]
    assert reply.photos.first().file.name.endswith(".png")
    event = order.events.last()
    assert (event.from_status, event.to_status, event.action, event.actor) == (
        S.OPEN,
        S.REPLIED,
        "reply",
        cast["owner"],
    )
    assert AuditEntry.objects.filter(action=AuditAction.TRANSITION, object_id=str(order.pk))
    assert Notification.objects.filter(recipient=cast["inspector"], url__endswith=f"/{order.pk}/")


def test_a_reply_photo_must_really_be_an_image(cast, order):
    fake = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.rectification_reply(
            order=order, text="好了", photos=[fake], acting_user=cast["owner"]
        )
    assert "photos" in error.value.message_dict
    order.refresh_from_db()
    assert order.status == S.OPEN and not order.replies.exists()


def test_only_the_stations_owner_replies(cast, order):
    other_owner = UserFactory(role=Role.STATION_OWNER)
    StationFactory(region=region("330302"), owner=StationOwnerFactory(user=other_owner))
    with pytest.raises(ValidationError):
        services.rectification_reply(order=order, text="x", acting_user=other_owner)
    with pytest.raises(PermissionDenied):
        services.rectification_reply(order=order, text="x", acting_user=cast["inspector"])
    with pytest.raises(ValidationError) as error:
        services.rectification_reply(order=order, text="  ", acting_user=cast["owner"])
    assert "text" in error.value.message_dict


def test_reject_then_reply_again_then_verify(cast, order):
    services.rectification_reply(order=order, text="好了", acting_user=cast["owner"])
    with pytest.raises(ValidationError) as error:
        services.rectification_reject(order=order, comment="", acting_user=cast["inspector"])
    assert "comment" in error.value.message_dict
    services.rectification_reject(
        order=order, comment="照片看不清许可证", acting_user=cast["inspector"]
    )
    order.refresh_from_db()
    assert order.status == S.OVERDUE  # 2019's deadline has passed: back to overdue
    told = Notification.objects.filter(recipient=cast["owner"]).first()
    assert "照片看不清许可证" in told.body
    services.rectification_reply(order=order, text="重新拍照", acting_user=cast["owner"])
    services.rectification_verify(order=order, acting_user=cast["inspector"], comment="合格")
    order.refresh_from_db()
    assert order.status == S.VERIFIED and order.closed_at is not None
    assert list(order.events.values_list("action", flat=True)) == [
        "issue",
        "reply",
        "reject",
        "reply",
        "verify",
    ]


def test_a_rejection_before_the_deadline_reopens(cast, station):
    order = RectificationOrderFactory(
        station=station, status=S.REPLIED, deadline_on=datetime.date.today() + datetime.timedelta(5)
    )
    services.rectification_reject(order=order, comment="不合格", acting_user=cast["lucheng"])
    order.refresh_from_db()
    assert order.status == S.OPEN


def test_transitions_are_checked(cast, order):
    with pytest.raises(ValidationError) as error:
        services.rectification_verify(order=order, acting_user=cast["inspector"])
    assert error.value.code == "invalid_transition"
    with pytest.raises(PermissionDenied):
        services.rectification_verify(order=order, acting_user=cast["owner"])
    with pytest.raises(PermissionDenied):  # 瑞安's staff: not their district
        services.rectification_close(order=order, reason="x", acting_user=cast["ruian"])


def test_a_stale_form_is_refused(cast, order):
    services.rectification_reply(order=order, text="好了", acting_user=cast["owner"])
    with pytest.raises(ConcurrentUpdate):
        services.rectification_verify(order=order, acting_user=cast["inspector"], version=1)


def test_close_needs_a_reason_and_ends_the_order(cast, order):
    with pytest.raises(ValidationError):
        services.rectification_close(order=order, reason=" ", acting_user=cast["stations"])
    services.rectification_close(order=order, reason="站点已退出", acting_user=cast["stations"])
    order.refresh_from_db()
    assert order.status == S.CLOSED and order.events.last().comment == "站点已退出"
    with pytest.raises(ValidationError):
        services.rectification_reply(order=order, text="x", acting_user=cast["owner"])
