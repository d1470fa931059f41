"""What a student does on the portal: fill in an application (same sign-in as
recruitment), attach documents, submit, correct when returned. Every service checks the
application is the acting user's own (404 otherwise)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.choices import Role
from fucai.core.files import inspect_upload
from fucai.core.roles import role_of
from fucai.core.validators import validate_id_number, validate_mobile

from .. import constants as c
from ..choices import GrantApplicationState as S
from ..choices import GrantDocumentKind
from ..choices import ProgrammeStatus as P
from ..models import GrantApplication, GrantDocument, GrantProgramme
from ._common import record_file_create
from .grant_common import EDITABLE_STATES, lock_for_applicant, move, new_tracking_code

APPLICATION_FIELDS = frozenset(
    {"name", "id_number", "phone", "school", "admission_year", "household_region"}
    | {"hardship", "situation", "bank_account"}
)
REQUIRED_DOCUMENTS = (GrantDocumentKind.ADMISSION, GrantDocumentKind.HARDSHIP)


def is_open(programme: GrantProgramme, today=None) -> bool:
    today = today or timezone.localdate()
    return programme.status == P.OPEN and programme.opens_on <= today <= programme.closes_on


def _apply(application: GrantApplication, fields: dict) -> None:
    unknown = set(fields) - APPLICATION_FIELDS
    if unknown:
        raise TypeError(f"unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.id_number = validate_id_number(application.id_number)
    application.id_number_digest = crypto.blind_index(application.id_number)
    application.phone = validate_mobile(application.phone)
    application.bank_account = "".join((application.bank_account or "").split())
    if application.bank_account and not (
        application.bank_account.isdigit() and 12 <= len(application.bank_account) <= 30
    ):
        raise ValidationError(
            {"bank_account": _("A bank card number has 12 to 30 digits.")}, code="bank_account"
        )


def _save_unique(application: GrantApplication) -> None:
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            {"id_number": _("This person has already applied to this programme.")},
            code="duplicate",
        ) from None


@transaction.atomic
def grant_application_create(
    *, acting_user, programme: GrantProgramme, **fields
) -> GrantApplication:
    """A draft application to an open programme."""
    if role_of(acting_user) != Role.APPLICANT:
        raise PermissionDenied(_("Only applicants can apply."))
    if not is_open(programme):
        raise ValidationError(_("This programme is not open for applications."), code="closed")
    application = GrantApplication(
        programme=programme, applicant=acting_user, tracking_code=new_tracking_code()
    )
    _apply(application, fields)
    application.full_clean(validate_constraints=False)
    _save_unique(application)
    audit.record_create(actor=acting_user, obj=application)
    return application


@transaction.atomic
def grant_application_update(
    *, acting_user, application: GrantApplication, **fields
) -> GrantApplication:
    locked = lock_for_applicant(acting_user, application)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(
            _("The application can only be changed while it is a draft or returned."),
            code="not_editable",
        )
    before = audit.snapshot(locked)
    _apply(locked, fields)
    locked.full_clean(validate_constraints=False)
    locked.version += 1
    _save_unique(locked)
    changes = audit.diff(GrantApplication, before, audit.snapshot(locked))
    if changes:
        audit.record(actor=acting_user, action="update", obj=locked, changes=changes)
    return locked


@transaction.atomic
def grant_document_add(
    *, acting_user, application: GrantApplication, kind: str, file: UploadedFile
) -> GrantDocument:
    """Attach a document (photo or PDF, checked by content)."""
    locked = lock_for_applicant(acting_user, application)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Documents can only be added while the application is a draft or returned."),
            code="not_editable",
        )
    if kind not in GrantDocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")}, code="kind")
    detected = inspect_upload(file, max_bytes=c.DOCUMENT_MAX_BYTES)
    document = GrantDocument(application=locked, kind=kind, content_type=detected.content_type)
    document.file.save(detected.random_name(), file, save=False)
    document.full_clean()
    document.save()
    record_file_create(
        actor=acting_user, obj=document, fields=["kind", "content_type"], comment=str(locked)
    )
    return document


def missing_documents(application: GrantApplication) -> list[str]:
    kinds = set(application.documents.values_list("kind", flat=True))
    return [str(GrantDocumentKind(k).label) for k in REQUIRED_DOCUMENTS if k not in kinds]


@transaction.atomic
def grant_application_submit(
    *, acting_user, application: GrantApplication, comment: str = ""
) -> GrantApplication:
    """Submit (or resubmit after a return): the required documents and a bank account
    must be there; a first submission must fall inside the application period."""
    locked = lock_for_applicant(acting_user, application)
    if locked.state == S.DRAFT and not is_open(locked.programme):
        raise ValidationError(_("This programme is not open for applications."), code="closed")
    missing = missing_documents(locked)
    if missing:
        raise ValidationError(
            _("Attach these documents first: %(kinds)s.") % {"kinds": "、".join(missing)},
            code="incomplete",
        )
    if not locked.bank_account:
        raise ValidationError(
            _("Enter the bank card the grant is paid to."), code="no_bank_account"
        )
    if locked.submitted_at is None:
        locked.submitted_at = timezone.now()
    move(locked, S.SUBMITTED, actor=acting_user, comment=comment)
    return locked
