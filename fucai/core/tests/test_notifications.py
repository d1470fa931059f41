"""Core's notification service: every app's messages in one log (core.Notification)
with their delivery status, a pluggable backend, a rate limit per recipient and
channel, and the move of recruitment's existing notifications into it."""

import pytest
from django.core import mail
from django.test import override_settings

from fucai.core import notifications
from fucai.core.choices import NotificationChannel, NotificationStatus
from fucai.core.models import Notification

pytestmark = pytest.mark.django_db


class BrokenBackend:
    def send(self, notification):
        notification.save()
        raise ConnectionError("gateway down")


def test_an_in_app_message_is_logged_as_sent_and_emailed(cast, django_capture_on_commit_callbacks):
    cast["leader"].email = "leader@example.cn"
    cast["leader"].save()
    with django_capture_on_commit_callbacks(execute=True):
        note = notifications.notify(
            recipient=cast["leader"], subject="年检通知", body="请准备", url="/x/"
        )
    assert note.pk and note.status == NotificationStatus.SENT and note.sent_at
    assert note.channel == NotificationChannel.IN_APP and note.target is None
    assert [m.subject for m in mail.outbox] == ["年检通知"]


@override_settings(NOTIFY_BACKEND="fucai.core.tests.test_notifications.BrokenBackend")
def test_a_delivery_failure_is_logged_not_raised(cast):
    note = notifications.notify(recipient=cast["leader"], subject="s", body="b")
    assert note.status == NotificationStatus.FAILED and "gateway down" in note.error
    assert Notification.objects.get().status == NotificationStatus.FAILED  # one row, the log


@override_settings(NOTIFY_RATE_LIMITS={"sms": (2, 3600)})
def test_the_rate_limit_holds_back_extra_messages_per_recipient_and_channel(cast):
    sent = [
        notifications.notify(recipient=cast["owner"], subject=f"#{n}", body="b", channel="sms")
        for n in range(3)
    ]
    assert [n.status for n in sent] == ["sent", "sent", "limited"]
    assert sent[2].error and sent[2].sent_at is None
    other = notifications.notify(recipient=cast["leader"], subject="x", body="b", channel="sms")
    in_app = notifications.notify(recipient=cast["owner"], subject="x", body="b")
    assert other.status == in_app.status == "sent"  # other people, other channels


def test_notify_many_tells_each_person_once(cast):
    people = [cast["leader"], cast["owner"], cast["leader"], None]
    assert len(notifications.notify_many(people, subject="s", body="b")) == 2


def test_recruitment_notifications_live_in_core_with_their_application(cast):
    from fucai.recruitment.notify import notify_status
    from fucai.recruitment.tests.factories import ApplicationFactory

    application = ApplicationFactory(applicant=cast["applicant"])
    note = notify_status(application)
    assert isinstance(note, Notification) and note.target == application
    assert application.tracking_code in note.url
    assert list(Notification.objects.filter(application=application)) == [note]
    assert list(application.notifications.all()) == [note]
