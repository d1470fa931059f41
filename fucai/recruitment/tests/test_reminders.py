import datetime

import pytest
from django.core.management import call_command

from fucai.core.models import Notification
from fucai.core.tests.factories import region
from fucai.recruitment.choices import ApplicationStatus
from fucai.recruitment.notify import notify_status
from fucai.recruitment.reminders import deadline_reminders_send
from fucai.recruitment.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2019, 9, 27)  # the next working day is Sunday 29 (a make-up day)


@pytest.fixture
def waiting(cast):
    return {
        "overdue": ApplicationFactory(
            status=ApplicationStatus.SUBMITTED, due_on=datetime.date(2019, 9, 25)
        ),
        "due": ApplicationFactory(
            status=ApplicationStatus.SUBMITTED, due_on=datetime.date(2019, 9, 29)
        ),
        "later": ApplicationFactory(
            status=ApplicationStatus.SUBMITTED, due_on=datetime.date(2019, 10, 8)
        ),
        "ruian": ApplicationFactory(
            status=ApplicationStatus.SUBMITTED,
            due_on=datetime.date(2019, 9, 25),
            region=region("330381"),
        ),
    }


def _subjects(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_staff_hear_of_overdue_and_due_soon_steps_in_their_scope(cast, waiting):
    deadline_reminders_send(today=FRIDAY)
    lucheng = _subjects(cast["lucheng"])
    assert any(waiting["overdue"].tracking_code in s and "Overdue" in s for s in lucheng)
    assert any(waiting["due"].tracking_code in s and "Due soon" in s for s in lucheng)
    assert not any(waiting["later"].tracking_code in s for s in lucheng)
    assert not any(waiting["ruian"].tracking_code in s for s in lucheng)
    assert any(waiting["ruian"].tracking_code in s for s in _subjects(cast["ruian"]))
    # roles the step does not wait on hear nothing
    assert _subjects(cast["leader"]) == set() and _subjects(cast["inspector"]) == set()


def test_each_reminder_is_sent_once(cast, waiting):
    first = deadline_reminders_send(today=FRIDAY)
    assert first > 0
    assert deadline_reminders_send(today=FRIDAY) == 0


def test_the_command_runs_the_same_job(cast, waiting, capsys):
    call_command("remind_deadlines")
    assert "reminders sent" in capsys.readouterr().out


def test_applicants_are_emailed_when_they_gave_an_address(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with_mail = ApplicationFactory(status=ApplicationStatus.SUBMITTED, email="zhang@example.cn")
    without = ApplicationFactory(status=ApplicationStatus.SUBMITTED, email="")
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out on commit
        notify_status(with_mail)
        notify_status(without)
    assert [m.to for m in mailoutbox] == [["zhang@example.cn"]]
    assert with_mail.tracking_code in mailoutbox[0].subject
