"""What an applicant does online: fill in, attach documents, submit, correct, withdraw.
Every service checks that the application is the acting user's own (404 otherwise)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.choices import AuditAction, Role
from fucai.core.roles import role_of
from fucai.core.validators import (
    id_number_birth_date,
    id_number_sex,
    validate_id_number,
    validate_mobile,
)

from .. import constants as c
from ..choices import ApplicationStatus as S
from ..choices import DocumentKind, Tenure
from ..models import Application, ApplicationDocument, RecruitmentCall
from ._common import document_store, lock_for_applicant, transition

APPLICATION_FIELDS = frozenset(c.APPLICATION_FIELDS)
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})


def _apply(application: Application, fields: dict) -> None:
    unknown = set(fields) - APPLICATION_FIELDS
    if unknown:
        raise TypeError(f"unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.id_number = validate_id_number(application.id_number)
    application.id_number_digest = crypto.blind_index(application.id_number)
    application.birth_date = id_number_birth_date(application.id_number)
    application.sex = id_number_sex(application.id_number)
    application.phone = validate_mobile(application.phone)
    if application.tenure == Tenure.OWNED:
        application.lease_ends_on = None
    elif application.lease_ends_on is None:
        raise ValidationError({"lease_ends_on": _("Enter when the lease ends.")}, code="required")


def _check_call_open(call: RecruitmentCall) -> None:
    if not call.is_open_on(timezone.localdate()):
        raise ValidationError(_("This call is not open for applications."), code="call_not_open")


@transaction.atomic
def application_create(*, acting_user, call: RecruitmentCall, **fields) -> Application:
    """Start a draft application under an open call."""
    if role_of(acting_user) != Role.APPLICANT:
        raise PermissionDenied(_("Only applicants can apply."))
    _check_call_open(call)
    application = Application(call=call, applicant=acting_user)
    _apply(application, fields)
    application.full_clean()
    application.save()
    audit.record_create(actor=acting_user, obj=application)
    return application


@transaction.atomic
def application_update(*, acting_user, application: Application, **fields) -> Application:
    locked = lock_for_applicant(acting_user, application)
    if locked.status not in EDITABLE_STATES:
        raise ValidationError(
            _("The application can only be changed while it is a draft or returned."),
            code="not_editable",
        )
    before = audit.snapshot(locked)
    _apply(locked, fields)
    locked.full_clean()
    locked.save()
    changes = audit.diff(Application, before, audit.snapshot(locked))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


@transaction.atomic
def application_document_add(
    *, acting_user, application: Application, kind: str, file: UploadedFile
) -> ApplicationDocument:
    """Attach a document after checking its real type and size."""
    locked = lock_for_applicant(acting_user, application)
    if locked.status not in EDITABLE_STATES:
        raise ValidationError(
            _("Documents can only be added while the application is a draft or returned."),
            code="not_editable",
        )
    return document_store(
        acting_user=acting_user, application=locked, kind=kind, file=file, comment=str(locked)
    )


def _check_complete(application: Application) -> None:
    if not application.call.quotas.filter(region=application.region, quota__gt=0).exists():
        raise ValidationError(
            _("This call has no places in %(region)s.") % {"region": application.region},
            code="no_places_in_region",
        )
    kinds = set(application.documents.values_list("kind", flat=True))
    missing = [k for k in application.call.required_documents if k not in kinds]
    if missing:
        raise ValidationError(
            _("Documents missing: %(kinds)s.")
            % {"kinds": ", ".join(str(_kind_label(k)) for k in missing)},
            code="documents_missing",
        )
    duplicate = (
        Application.objects.filter(
            call=application.call,
            id_number_digest=application.id_number_digest,
            status__in=c.LIVE_STATUSES,
        )
        .exclude(pk=application.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            _("This person already has an application under this call."),
            code="duplicate_applicant",
        )


def _kind_label(kind: str) -> str:
    return DocumentKind(kind).label if kind in DocumentKind.values else kind


def _require_status(application: Application, expected: str, to_status: str) -> None:
    """Refuse a service used from the wrong status with the table's own error (the
    table alone would let "submit" also resubmit a returned application)."""
    if application.status != expected:
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(application.status).label, "to": S(to_status).label},
            code="invalid_transition",
        )


@transaction.atomic
def application_submit(*, acting_user, application: Application) -> Application:
    locked = lock_for_applicant(acting_user, application)
    _require_status(locked, S.DRAFT, S.SUBMITTED)
    _check_call_open(locked.call)
    _check_complete(locked)
    transition(
        locked,
        to_status=S.SUBMITTED,
        actor=acting_user,
        updates={"submitted_at": timezone.now()},
    )
    return locked


@transaction.atomic
def application_resubmit(
    *, acting_user, application: Application, comment: str = ""
) -> Application:
    """Send a corrected application back to the completeness check."""
    locked = lock_for_applicant(acting_user, application)
    _require_status(locked, S.RETURNED, S.SUBMITTED)
    _check_complete(locked)
    transition(locked, to_status=S.SUBMITTED, actor=acting_user, comment=comment)
    return locked


@transaction.atomic
def application_withdraw(*, acting_user, application: Application, reason: str = "") -> Application:
    locked = lock_for_applicant(acting_user, application)
    transition(locked, to_status=S.WITHDRAWN, actor=acting_user, comment=(reason or "").strip())
    return locked


__all__ = [
    "application_create",
    "application_document_add",
    "application_resubmit",
    "application_submit",
    "application_update",
    "application_withdraw",
]
