"""What every grant workflow service shares: locking an application (the applicant's
own, or inside a staff member's scope), the one transition table, the event, the audit
entry and the message to the applicant — all in the caller's transaction."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_GRANTS

from .. import constants as c
from .. import notify
from ..choices import GrantApplicationState as S
from ..choices import ProgrammeStatus as P
from ..models import GrantApplication, GrantEvent, GrantProgramme
from ._common import check_transition, require

APPLICATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.VERIFIED, S.RETURNED, S.REJECTED},
    S.RETURNED: {S.SUBMITTED, S.REJECTED},
    S.VERIFIED: {S.SHORTLISTED, S.REJECTED},
    S.SHORTLISTED: {S.NOTICED, S.REJECTED},
    S.NOTICED: {S.APPROVED, S.REJECTED},
    S.APPROVED: {S.PAID},
}
PROGRAMME_TRANSITIONS = {
    P.DRAFT: {P.OPEN},
    P.OPEN: {P.REVIEWING},
    P.REVIEWING: {P.NOTICE},
    P.NOTICE: {P.PAYING},
    P.PAYING: {P.CLOSED},
}
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})


def new_tracking_code() -> str:
    body = "".join(
        secrets.choice(c.TRACKING_CODE_ALPHABET) for _ in range(c.TRACKING_CODE_LENGTH - 1)
    )
    return c.TRACKING_CODE_PREFIX + body


def lock_for_applicant(user, application: GrantApplication) -> GrantApplication:
    """The application, locked, if it is ``user``'s own; 404 otherwise."""
    locked = (
        GrantApplication.objects.select_for_update()
        .filter(pk=application.pk, applicant_id=getattr(user, "pk", None))
        .first()
    )
    if locked is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such application")
    return locked


def lock_for_staff(user, application: GrantApplication) -> GrantApplication:
    require(user, MANAGE_GRANTS)
    locked = (
        GrantApplication.objects.visible_to(user)
        .select_for_update()
        .filter(pk=application.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("This application is outside your data scope."))
    return locked


def lock_programme(user, programme: GrantProgramme) -> GrantProgramme:
    require(user, MANAGE_GRANTS)
    return GrantProgramme.objects.select_for_update().get(pk=programme.pk)


def move(
    application: GrantApplication,
    to: str,
    *,
    actor,
    comment: str = "",
    notify_applicant: bool = True,
    save: bool = True,
) -> GrantEvent:
    """One checked transition of a locked application: the state, the event, the audit
    entry and the applicant's message."""
    check_transition(APPLICATION_TRANSITIONS, S, application.state, to)
    before = application.state
    application.state = to
    application.version += 1
    if to == S.REJECTED and comment:
        application.decision_reason = comment[:200]
    if save:
        application.save()
    event = GrantEvent.objects.create(
        application=application, from_state=before, to_state=to, actor=actor, comment=comment[:200]
    )
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=application,
        changes={
            "state": {
                "label": str(_("state")),
                "old": str(S(before).label),
                "new": str(S(to).label),
            }
        },
        comment=comment[:500],
    )
    if notify_applicant:
        notify.grant_status(application, comment)
    return event


def move_programme(programme: GrantProgramme, to: str, *, actor, comment: str = "") -> None:
    check_transition(PROGRAMME_TRANSITIONS, P, programme.status, to)
    before = programme.status
    programme.status = to
    programme.version += 1
    programme.save(update_fields=["status", "version", "notice_starts_on"])
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=programme,
        changes={
            "status": {
                "label": str(_("status")),
                "old": str(P(before).label),
                "new": str(P(to).label),
            }
        },
        comment=comment,
    )


def require_programme_status(programme: GrantProgramme, *statuses: str) -> None:
    if programme.status not in statuses:
        raise ValidationError(
            _("Not possible while the programme is “%(status)s”.")
            % {"status": P(programme.status).label},
            code="programme_status",
        )


def now():
    return timezone.now()
