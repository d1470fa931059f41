"""Charity's messages to grant applicants. Delivery is core's notification service; this
module only words them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fucai.core import notifications

from .choices import GrantApplicationState as S

NEXT_STEP = {
    S.SUBMITTED: _("We will check your documents."),
    S.RETURNED: _("Please correct your application and submit it again."),
    S.VERIFIED: _("Your documents are verified; the list is drawn up after the deadline."),
    S.SHORTLISTED: _("You are on the list; it will be publicly announced."),
    S.NOTICED: _("The list is in public notice; the grant is approved after it."),
    S.APPROVED: _("The grant is approved; the bank will pay it to your account."),
    S.PAID: _("The grant was paid to your account."),
    S.REJECTED: _("The application is closed."),
}


def grant_status(application, comment: str = ""):
    """Tell the applicant the new state, why, and what happens next."""
    state = S(application.state)
    body = str(
        _("Your grant application %(code)s (%(programme)s) is now: %(state)s.")
        % {
            "code": application.tracking_code,
            "programme": application.programme,
            "state": state.label,
        }
    )
    if comment:
        body += " " + str(_("Note: %(comment)s")) % {"comment": comment}
    body += " " + str(NEXT_STEP.get(state, ""))
    return notifications.notify(
        recipient=application.applicant,
        subject=str(_("Grant application %(code)s: %(state)s"))
        % {"code": application.tracking_code, "state": state.label},
        body=body.strip(),
        target=application,
        url=reverse("portal:grant_application", args=[application.tracking_code]),
    )
