"""Notifications to applicants and staff, through a pluggable backend.

``RECRUITMENT_NOTIFY_BACKEND`` (a dotted path, read from settings when present) names a
class with ``send(notification)`` and ``send_sms(phone, body)``. The default keeps the
in-app record, e-mails it when an address is known (Django's EMAIL_BACKEND: the console
in development) and logs SMS, so development and tests need no SMS gateway. A real
gateway backend would deliver on ``transaction.on_commit`` so a rolled-back transition
sends nothing.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from fucai.core import masking

from . import constants as c
from .choices import ApplicationStatus, NotificationChannel
from .models import Application, Notification

logger = logging.getLogger("fucai.recruitment.notify")

# What the applicant should expect after each status, for the message body.
NEXT_STEP: dict[str, str] = {
    ApplicationStatus.SUBMITTED: _("We will check your documents for completeness."),
    ApplicationStatus.RETURNED: _("Please correct your application and submit it again."),
    ApplicationStatus.ACCEPTED: _("A site survey of your premises will be arranged."),
    ApplicationStatus.SURVEY_ASSIGNED: _("An inspector will survey your premises."),
    ApplicationStatus.SURVEYED: _("Your application will be reviewed."),
    ApplicationStatus.APPROVED_FOR_NOTICE: _("Your application will be publicly announced."),
    ApplicationStatus.IN_NOTICE: _("Your application is in public notice."),
    ApplicationStatus.NOTICE_PASSED: _("The public notice has passed; a decision follows."),
    ApplicationStatus.DRAWN_WINNER: _("You were drawn; the approval follows."),
    ApplicationStatus.DRAWN_WAITLIST: _("You are on the waiting list."),
    ApplicationStatus.APPROVED: _("We will schedule the contract signing with you."),
    ApplicationStatus.CONTRACT_SCHEDULED: _("Please come to sign the contract as scheduled."),
    ApplicationStatus.CONTRACT_SIGNED: _("Your station will be registered."),
    ApplicationStatus.STATION_CREATED: _("Your station is registered; opening preparation."),
    ApplicationStatus.REJECTED: _("The application is closed."),
    ApplicationStatus.WITHDRAWN: _("The application is closed."),
}


class LoggingBackend:
    """Records in-app notifications and writes every message to the log."""

    def send(self, notification: Notification) -> None:
        notification.save()
        logger.info(
            "notification to user %s via %s: %s",
            notification.recipient_id,
            notification.channel,
            notification.subject,
        )

    def send_sms(self, phone: str, body: str) -> None:
        # The body holds the one-time code in development: the console is the SMS.
        logger.warning("SMS to %s: %s", masking.mask_phone(phone), body)


class EmailBackend(LoggingBackend):
    """Keeps the in-app record and also e-mails it to the recipient when an address is
    known (the application's, else the account's), once the transaction commits — a
    rolled-back transition sends nothing. Django's EMAIL_BACKEND decides how: the
    console in development, SMTP in production."""

    def send(self, notification: Notification) -> None:
        super().send(notification)
        application = notification.application
        address = (application.email if application else "") or notification.recipient.email
        if not address:
            return
        subject, body = notification.subject, notification.body
        transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def backend():
    path = getattr(settings, "RECRUITMENT_NOTIFY_BACKEND", c.NOTIFY_BACKEND_DEFAULT)
    return import_string(path)()


def notify_user(
    *,
    recipient,
    subject: str,
    body: str,
    application: Application | None = None,
    channel: str = NotificationChannel.IN_APP,
) -> Notification:
    notification = Notification(
        recipient=recipient,
        channel=channel,
        subject=str(subject)[:200],
        body=str(body),
        application=application,
    )
    backend().send(notification)
    return notification


def notify_status(application: Application) -> Notification:
    """Tell the applicant the new status and what happens next."""
    status = ApplicationStatus(application.status)
    subject = _("Application %(code)s: %(status)s") % {
        "code": application.tracking_code,
        "status": status.label,
    }
    body = _("Your application %(code)s is now “%(status)s”. %(next)s") % {
        "code": application.tracking_code,
        "status": status.label,
        "next": NEXT_STEP.get(status, ""),
    }
    if application.due_on:
        due = _("Next step due by %(date)s.") % {"date": application.due_on}
        body = f"{body} {due}"
    return notify_user(
        recipient=application.applicant, subject=subject, body=body, application=application
    )


def send_sms(phone: str, body: str) -> None:
    backend().send_sms(phone, body)
