"""Staff review of grant applications, in steps: verify the documents (or return them
for correction, or reject as ineligible), rank the verified against the quota, put the
list on public notice with an objection window, resolve objections, approve."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_GRANTS

from .. import eligibility
from ..choices import GrantApplicationState as S
from ..choices import ProgrammeStatus as P
from ..models import GrantApplication, GrantObjection, GrantProgramme
from ._common import require
from .grant_common import (
    lock_for_staff,
    lock_programme,
    move,
    move_programme,
    require_programme_status,
)


@transaction.atomic
def grant_application_verify(
    *, acting_user, application: GrantApplication, score: Decimal | None = None, comment=""
) -> GrantApplication:
    """Documents checked and the conditions met: verified with a score (the data's
    suggestion unless staff give one). An application failing a condition cannot be
    verified; reject it with the reasons."""
    locked = lock_for_staff(acting_user, application)
    require_programme_status(locked.programme, P.OPEN, P.REVIEWING)
    reasons = eligibility.failures(locked, locked.programme.rules.all())
    if reasons:
        raise ValidationError(
            _("Not eligible: %(reasons)s Reject it with these reasons.")
            % {"reasons": " ".join(reasons)},
            code="ineligible",
        )
    locked.score = Decimal(score) if score is not None else eligibility.suggested_score(locked)
    move(locked, S.VERIFIED, actor=acting_user, comment=comment)
    return locked


@transaction.atomic
def grant_application_return(
    *, acting_user, application: GrantApplication, reason: str
) -> GrantApplication:
    """Back to the student for correction, saying what to fix."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what to correct.")}, code="required")
    locked = lock_for_staff(acting_user, application)
    move(locked, S.RETURNED, actor=acting_user, comment=reason)
    return locked


@transaction.atomic
def grant_application_reject(
    *, acting_user, application: GrantApplication, reason: str = ""
) -> GrantApplication:
    """Not granted, always with a reason (ineligible: the failed conditions by
    default)."""
    locked = lock_for_staff(acting_user, application)
    if not reason.strip():
        reasons = eligibility.failures(locked, locked.programme.rules.all())
        reason = " ".join(reasons)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")}, code="required")
    move(locked, S.REJECTED, actor=acting_user, comment=reason)
    return locked


def ranking_key(application: GrantApplication):
    # Higher score first; a tie goes to who submitted first, then the lower id.
    return (-(application.score or 0), application.submitted_at or timezone.now(), application.pk)


@transaction.atomic
def programme_rank(*, acting_user, programme: GrantProgramme) -> dict[str, int]:
    """Rank every verified application; the first ``quota`` go on the list, the rest
    are not granted with the reason (rank beyond the quota). Needs every application
    decided first (none waiting for verification or correction)."""
    locked = lock_programme(acting_user, programme)
    require_programme_status(locked, P.REVIEWING)
    applications = list(
        GrantApplication.objects.select_for_update()
        .filter(programme=locked)
        .exclude(state=S.DRAFT)
        .select_related("programme")
    )
    pending = [a for a in applications if a.state in (S.SUBMITTED, S.RETURNED)]
    if pending:
        raise ValidationError(
            _("%(count)s applications are still waiting for verification or correction.")
            % {"count": len(pending)},
            code="pending",
        )
    verified = sorted((a for a in applications if a.state == S.VERIFIED), key=ranking_key)
    total = len(verified)
    listed = rejected = 0
    for rank, application in enumerate(verified, start=1):
        application.rank = rank
        if rank <= locked.quota:
            move(application, S.SHORTLISTED, actor=acting_user)
            listed += 1
        else:
            reason = str(
                _("Ranked %(rank)s of %(total)s by score; the programme grants %(quota)s.")
            ) % {"rank": rank, "total": total, "quota": locked.quota}
            move(application, S.REJECTED, actor=acting_user, comment=reason)
            rejected += 1
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        comment=str(_("Ranked: %(listed)s on the list, %(rejected)s beyond the quota."))
        % {"listed": listed, "rejected": rejected},
    )
    return {"listed": listed, "rejected": rejected}


def notice_ends_on(programme: GrantProgramme) -> datetime.date | None:
    if programme.notice_starts_on is None:
        return None
    return programme.notice_starts_on + datetime.timedelta(days=programme.objection_days - 1)


@transaction.atomic
def programme_notice_start(
    *, acting_user, programme: GrantProgramme, starts_on: datetime.date | None = None
) -> GrantProgramme:
    """Publish the list on the portal (names masked, school, amount) for objections."""
    locked = lock_programme(acting_user, programme)
    require_programme_status(locked, P.REVIEWING)
    listed = list(
        GrantApplication.objects.select_for_update().filter(programme=locked, state=S.SHORTLISTED)
    )
    if not listed:
        raise ValidationError(_("Draw up the ranked list first."), code="no_list")
    locked.notice_starts_on = starts_on or timezone.localdate()
    move_programme(locked, P.NOTICE, actor=acting_user)
    for application in listed:
        move(application, S.NOTICED, actor=acting_user)
    return locked


@transaction.atomic
def objection_file(
    *, programme: GrantProgramme, text: str, contact: str = "", rank: int | None = None
) -> GrantObjection:
    """Anyone may object during the notice window, naming a row of the list (its
    number) or the list as a whole."""
    programme = GrantProgramme.objects.select_for_update().get(pk=programme.pk)
    today = timezone.localdate()
    ends = notice_ends_on(programme)
    if (
        programme.status != P.NOTICE
        or ends is None
        or not (programme.notice_starts_on <= today <= ends)
    ):
        raise ValidationError(_("The objection period of this list is over."), code="closed")
    if not text.strip():
        raise ValidationError({"text": _("Write the objection.")}, code="required")
    application = None
    if rank:
        application = programme.applications.filter(state=S.NOTICED, rank=rank).first()
        if application is None:
            raise ValidationError({"rank": _("No such number on the list.")}, code="rank")
    objection = GrantObjection(
        programme=programme, application=application, text=text.strip(), contact=contact.strip()
    )
    objection.full_clean()
    objection.save()
    audit.record_create(actor=None, obj=objection, comment=str(programme))
    return objection


@transaction.atomic
def objection_resolve(
    *, acting_user, objection: GrantObjection, resolution: str, upheld: bool = False
) -> GrantObjection:
    """Answer an objection; when it is upheld, the application named is not granted."""
    require(acting_user, MANAGE_GRANTS)
    locked = GrantObjection.objects.select_for_update().get(pk=objection.pk)
    if locked.resolved_at is not None:
        raise ValidationError(_("This objection is resolved already."), code="resolved")
    if not resolution.strip():
        raise ValidationError({"resolution": _("Write the resolution.")}, code="required")
    before = audit.snapshot(locked)
    locked.resolution = resolution.strip()
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["resolution", "resolved_at"])
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes=audit.diff(GrantObjection, before, audit.snapshot(locked)),
    )
    if upheld and locked.application_id:
        application = lock_for_staff(acting_user, locked.application)
        if application.state in (S.NOTICED, S.SHORTLISTED):
            move(application, S.REJECTED, actor=acting_user, comment=locked.resolution)
    return locked


@transaction.atomic
def programme_approve(
    *, acting_user, programme: GrantProgramme, today: datetime.date | None = None
) -> GrantProgramme:
    """After the objection window, with every objection answered: the listed grants
    are approved for payment."""
    locked = lock_programme(acting_user, programme)
    require_programme_status(locked, P.NOTICE)
    today = today or timezone.localdate()
    ends = notice_ends_on(locked)
    if ends is not None and today <= ends:
        raise ValidationError(
            _("The objection period runs until %(date)s.") % {"date": ends.isoformat()},
            code="notice_running",
        )
    if locked.objections.filter(resolved_at__isnull=True).exists():
        raise ValidationError(_("Resolve every objection first."), code="objections_open")
    move_programme(locked, P.PAYING, actor=acting_user)
    for application in GrantApplication.objects.select_for_update().filter(
        programme=locked, state=S.NOTICED
    ):
        move(application, S.APPROVED, actor=acting_user)
    return locked
