"""What the center's staff do with an application, from the completeness check to the
decision. Each service locks the row inside the user's scope and moves it one step."""

import copy
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import has_permission

from .. import constants as c
from .. import notify, selectors
from ..choices import ApplicationStatus as S
from ..choices import ReviewDecision
from ..geo import ADVISORY_RULES, survey_check
from ..models import Application, CallQuota, Objection
from ._common import check_transition, lock_for_staff, required_text, transition

REVIEW = c.REVIEW_APPLICATIONS


@transaction.atomic
def application_return_for_correction(
    *, acting_user, application: Application, reasons: str
) -> Application:
    """Send a submitted application back to the applicant with what to correct."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    reasons = required_text(reasons, "reasons")
    transition(
        locked,
        to_status=S.RETURNED,
        actor=acting_user,
        comment=reasons,
        updates={"return_reasons": reasons},
    )
    return locked


@transaction.atomic
def application_accept(*, acting_user, application: Application, comment: str = "") -> Application:
    """The documents are complete: the application goes on to the site survey."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    transition(locked, to_status=S.ACCEPTED, actor=acting_user, comment=comment)
    return locked


@transaction.atomic
def application_assign_survey(
    *, acting_user, application: Application, inspector, comment: str = ""
) -> Application:
    locked = lock_for_staff(acting_user, application, REVIEW)
    check_transition(locked, S.SURVEY_ASSIGNED)
    if not has_permission(inspector, c.SURVEY) or not (
        Application.objects.visible_to(inspector).filter(pk=locked.pk).exists()
    ):
        raise ValidationError(
            {"inspector": _("This person cannot survey premises in this district.")},
            code="invalid_inspector",
        )
    transition(
        locked,
        to_status=S.SURVEY_ASSIGNED,
        actor=acting_user,
        comment=comment,
        updates={"surveyor": inspector},
        handled_by=inspector,
    )
    notify.notify_user(
        recipient=inspector,
        subject=_("Site survey assigned: %(code)s") % {"code": locked.tracking_code},
        body=_("Please survey the premises at %(address)s by %(date)s.")
        % {"address": locked.address, "date": locked.due_on},
        application=locked,
    )
    return locked


@transaction.atomic
def application_record_survey(
    *,
    acting_user,
    application: Application,
    findings: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    area: Decimal | None = None,
) -> Application:
    """Record the site survey by the assigned inspector. Coordinates and area measured
    on site replace the applicant's; the conditions are then checked automatically and
    the result kept on the application for the review."""
    locked = lock_for_staff(acting_user, application, c.SURVEY)
    check_transition(locked, S.SURVEYED)
    if locked.surveyor_id != acting_user.pk:
        raise PermissionDenied(_("This survey is assigned to someone else."))
    updates = {
        "survey_findings": required_text(findings, "findings"),
        "surveyed_at": timezone.now(),
    }
    for name, value in (("latitude", latitude), ("longitude", longitude), ("area", area)):
        if value is not None:
            updates[name] = value
    probe = copy.copy(locked)
    for name, value in updates.items():
        setattr(probe, name, value)
    updates["survey_check"] = survey_check(probe).as_dict()
    transition(locked, to_status=S.SURVEYED, actor=acting_user, comment=findings, updates=updates)
    return locked


def _failed_rules(application: Application) -> list[str]:
    return [
        rule["label"]
        for rule in application.survey_check.get("rules", [])
        if not rule["passed"] and rule["code"] not in ADVISORY_RULES
    ]


@transaction.atomic
def application_review(
    *, acting_user, application: Application, decision: str, comment: str = ""
) -> Application:
    """Approve a surveyed application for public notice, or reject it with a reason."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    if decision == ReviewDecision.APPROVE:
        check_transition(locked, S.APPROVED_FOR_NOTICE)
        failed = _failed_rules(locked)
        if failed:
            raise ValidationError(
                _("The survey found conditions not met: %(rules)s.") % {"rules": ", ".join(failed)},
                code="conditions_not_met",
            )
        transition(
            locked,
            to_status=S.APPROVED_FOR_NOTICE,
            actor=acting_user,
            comment=comment,
            updates={"review_comment": comment},
        )
    elif decision == ReviewDecision.REJECT:
        check_transition(locked, S.REJECTED)
        comment = required_text(comment, "comment")
        _reject(locked, acting_user, comment, {"review_comment": comment})
    else:
        raise ValidationError({"decision": _("Unknown decision.")}, code="invalid")
    return locked


def _reject(locked: Application, acting_user, reason: str, extra: dict | None = None) -> None:
    updates = {"decision_reason": reason, "decided_at": timezone.now(), **(extra or {})}
    transition(locked, to_status=S.REJECTED, actor=acting_user, comment=reason, updates=updates)


@transaction.atomic
def application_start_notice(
    *, acting_user, application: Application, starts_on: datetime.date | None = None
) -> Application:
    """Publish the application in the public notice (公示) for the call's notice days."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    starts_on = starts_on or timezone.localdate()
    ends_on = starts_on + datetime.timedelta(days=locked.call.notice_days - 1)
    transition(
        locked,
        to_status=S.IN_NOTICE,
        actor=acting_user,
        updates={"notice_starts_on": starts_on, "notice_ends_on": ends_on},
    )
    return locked


@transaction.atomic
def objection_record(
    *,
    acting_user,
    application: Application,
    content: str,
    raised_by: str = "",
    received_on: datetime.date | None = None,
) -> Objection:
    """Record an objection to an application in notice. Staff record what reaches
    them by phone or letter; ``acting_user=None`` is the public portal's form, open to
    anyone (the objector's name and contact go in ``raised_by``)."""
    if acting_user is None:
        locked = Application.objects.select_for_update().filter(pk=application.pk).first()
        if locked is None:
            raise ValidationError(_("No such application."), code="not_found")
    else:
        locked = lock_for_staff(acting_user, application, REVIEW)
    if locked.status != S.IN_NOTICE:
        raise ValidationError(
            _("Objections are taken while the application is in public notice."),
            code="not_in_notice",
        )
    objection = Objection(
        application=locked,
        content=required_text(content, "content"),
        raised_by=raised_by.strip()[:100],
        received_on=received_on or timezone.localdate(),
        recorded_by=acting_user,
    )
    # An objection from the public portal has no recording user.
    objection.full_clean(exclude=["recorded_by"] if acting_user is None else None)
    objection.save()
    audit.record_create(actor=acting_user, obj=objection, comment=str(locked))
    return objection


@transaction.atomic
def objection_resolve(
    *, acting_user, objection: Objection, upheld: bool, resolution: str
) -> Objection:
    """Decide an objection; an upheld one rejects the application."""
    locked_app = lock_for_staff(acting_user, objection.application, REVIEW)
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.upheld is not None:
        raise ValidationError(_("This objection is already resolved."), code="already_resolved")
    resolution = required_text(resolution, "resolution")
    if upheld:
        check_transition(locked_app, S.REJECTED)
    before = audit.snapshot(locked)
    locked.upheld = bool(upheld)
    locked.resolution = resolution
    locked.resolved_by = acting_user
    locked.resolved_at = timezone.now()
    locked.full_clean(exclude=["recorded_by"] if locked.recorded_by_id is None else None)
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes=audit.diff(Objection, before, audit.snapshot(locked)),
    )
    if upheld:
        _reject(locked_app, acting_user, resolution)
    return locked


@transaction.atomic
def application_pass_notice(
    *, acting_user, application: Application, comment: str = ""
) -> Application:
    """Close the public notice once it has run its days without a pending objection."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    check_transition(locked, S.NOTICE_PASSED)
    if locked.notice_ends_on and timezone.localdate() <= locked.notice_ends_on:
        raise ValidationError(
            _("The public notice runs until %(date)s.") % {"date": locked.notice_ends_on},
            code="notice_running",
        )
    if locked.objections.filter(upheld__isnull=True).exists():
        raise ValidationError(
            _("An objection is still open; resolve it first."), code="objection_pending"
        )
    transition(locked, to_status=S.NOTICE_PASSED, actor=acting_user, comment=comment)
    return locked


@transaction.atomic
def application_approve(*, acting_user, application: Application, comment: str = "") -> Application:
    """Approve after the notice (and the draw where one was needed)."""
    # The district's quota row is locked first, as draw_run does, so approvals and a
    # draw in the same district serialize and cannot hand out one place twice.
    CallQuota.objects.select_for_update().filter(
        call_id=application.call_id, region_id=application.region_id
    ).first()
    locked = lock_for_staff(acting_user, application, REVIEW)
    check_transition(locked, S.APPROVED)
    if locked.status == S.NOTICE_PASSED and selectors.is_oversubscribed(locked.call, locked.region):
        raise ValidationError(
            _("More applications than places in this district: hold the public draw first."),
            code="draw_required",
        )
    if (
        locked.status == S.DRAWN_WAITLIST
        and selectors.remaining_quota(locked.call, locked.region) < 1
    ):
        raise ValidationError(_("No place is free in this district."), code="no_places")
    transition(
        locked,
        to_status=S.APPROVED,
        actor=acting_user,
        comment=comment,
        updates={"decided_at": timezone.now()},
    )
    return locked


@transaction.atomic
def application_reject(*, acting_user, application: Application, reason: str) -> Application:
    locked = lock_for_staff(acting_user, application, REVIEW)
    check_transition(locked, S.REJECTED)
    _reject(locked, acting_user, required_text(reason, "reason"))
    return locked
