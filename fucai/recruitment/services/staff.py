"""Staff-side extras: looking at an applicant's full identity (audited) and attaching
the surveyor's photos to an application."""

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import REVEAL_PERSONAL_DATA

from .. import constants as c
from ..choices import ApplicationStatus as S
from ..choices import DocumentKind
from ..models import Application, ApplicationDocument
from ._common import document_store, lock_for_staff


@transaction.atomic
def application_identity_reveal(*, acting_user, application: Application) -> dict[str, str]:
    """The applicant's full ID number and phone; every look is audited."""
    locked = lock_for_staff(acting_user, application, REVEAL_PERSONAL_DATA)
    audit.record(
        actor=acting_user,
        action=AuditAction.REVEAL,
        obj=locked,
        comment=str(_("Full ID number and phone viewed on application %(code)s"))
        % {"code": locked.tracking_code},
    )
    return {"id_number": locked.id_number, "phone": locked.phone}


@transaction.atomic
def survey_photo_add(
    *, acting_user, application: Application, file: UploadedFile
) -> ApplicationDocument:
    """A photo taken on site by the assigned surveyor, checked like any upload."""
    locked = lock_for_staff(acting_user, application, c.SURVEY)
    if locked.status != S.SURVEY_ASSIGNED or locked.surveyor_id != acting_user.pk:
        raise PermissionDenied(_("This survey is assigned to someone else."))
    return document_store(
        acting_user=acting_user,
        application=locked,
        kind=DocumentKind.PHOTOS,
        file=file,
        comment=str(_("Site survey photo of %(code)s")) % {"code": locked.tracking_code},
    )
