"""Deadline reminders: each morning, the staff an application is waiting on hear about
the steps due by the next working day and those already overdue (in the in-app list).
One reminder per person, application and deadline, however often the job runs."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.choices import Role
from fucai.core.models import Notification, User

from .calendar import add_working_days
from .notify import notify_user
from .selectors import queue_for

STAFF_ROLES = (Role.STATION_MANAGEMENT, Role.BRANCH_STAFF, Role.INSPECTOR, Role.SYSTEM_ADMIN)


@transaction.atomic
def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the reminders due today; returns how many were sent."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, 1)
    sent = 0
    for user in User.objects.filter(is_active=True, role__in=STAFF_ROLES):
        due = list(queue_for(user).filter(due_on__lte=horizon))
        if not due:
            continue
        already = set(
            Notification.objects.filter(recipient=user, application__in=due).values_list(
                "target_id", "subject"
            )
        )
        for application in due:
            values = {"code": application.tracking_code, "date": application.due_on.isoformat()}
            if application.due_on < today:
                subject = _("Overdue: %(code)s was due on %(date)s") % values
            else:
                subject = _("Due soon: %(code)s by %(date)s") % values
            if (application.pk, str(subject)) in already:
                continue
            body = _("%(status)s — %(region)s. Open your work queue to handle it.") % {
                "status": application.get_status_display(),
                "region": application.region.name,
            }
            notify_user(recipient=user, subject=subject, body=body, application=application)
            sent += 1
    return sent
