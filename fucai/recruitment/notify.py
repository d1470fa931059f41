"""Recruitment's messages to applicants and staff. Delivery (in-app, e-mail, SMS, the
log, the rate limit) is core's notification service (``fucai.core.notifications``);
this module only words the messages about applications."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fucai.core import notifications
from fucai.core.choices import NotificationChannel
from fucai.core.models import Notification

from .choices import ApplicationStatus
from .models import Application

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


def notify_user(
    *,
    recipient,
    subject: str,
    body: str,
    application: Application | None = None,
    channel: str = NotificationChannel.IN_APP,
) -> Notification:
    url = ""
    if application is not None and application.tracking_code:
        url = reverse("recruitment:application_detail", args=[application.tracking_code])
    return notifications.notify(
        recipient=recipient,
        subject=subject,
        body=body,
        target=application,
        url=url,
        channel=channel,
        email=application.email if application is not None else "",
    )


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
