"""Inspections in the field: the photos taken and the station's signature.

Both are checked by content (``fucai.core.files``) and stored through Django storage
under random names. A photo carries the UUID its browser gave it, so a resent upload
(a retried offline sync) is the same photo, never a second one.
"""

import base64
import binascii
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, inspect_upload

from ..constants import MAX_PHOTO_BYTES, MAX_SIGNATURE_BYTES
from ..models import Inspection, InspectionPhoto
from .inspections import lock_for_filling, mark_activity


@transaction.atomic
def inspection_photo_add(
    *,
    inspection: Inspection,
    file,
    client_id: uuid.UUID | str | None,
    item_id: int | None = None,
    acting_user,
) -> tuple[InspectionPhoto, bool]:
    """Store a photo (JPEG or PNG by content, at most ``MAX_PHOTO_BYTES``) under a random
    name. Returns (photo, created): a photo whose ``client_id`` is already stored for this
    inspection is that photo (a resent upload), not a second one."""
    inspection = lock_for_filling(inspection, acting_user)
    if client_id:
        try:
            client_id = uuid.UUID(str(client_id))
        except ValueError:
            raise ValidationError(_("The photo's id is not a UUID.")) from None
        duplicate = InspectionPhoto.objects.filter(client_id=client_id).first()
        if duplicate is not None:
            if duplicate.inspection_id != inspection.pk:
                raise ValidationError(_("This photo belongs to another inspection."))
            return duplicate, False
    item = None
    if item_id not in (None, ""):
        item = inspection.template.items.filter(pk=item_id).first()
        if item is None:
            raise ValidationError(_("The photo names an item that is not on this checklist."))
    detected = inspect_upload(file, max_bytes=MAX_PHOTO_BYTES, allowed=IMAGES)
    photo = InspectionPhoto(
        inspection=inspection,
        item=item,
        content_type=detected.content_type,
        size=detected.size,
        client_id=client_id or None,
        uploaded_by=acting_user,
    )
    photo.file.save(detected.random_name(), file, save=False)
    photo.full_clean()
    photo.save()
    mark_activity(inspection, timezone.now())
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=photo,
        changes={
            "file": {"label": str(_("photo")), "old": None, "new": photo.file.name},
            "item": {"label": str(_("item")), "old": None, "new": str(item) if item else None},
        },
    )
    return photo, True


def decode_data_url(value: str) -> ContentFile:
    """The bytes of a ``data:image/png;base64,...`` URL (a canvas's ``toDataURL``),
    bounded before decoding."""
    if not isinstance(value, str) or not value.startswith("data:image/png;base64,"):
        raise ValidationError(_("The signature must be a PNG image."))
    encoded = value.split(",", 1)[1]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise ValidationError(_("The signature image is too large."))
    try:
        return ContentFile(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise ValidationError(_("The signature is not a valid image.")) from None


@transaction.atomic
def inspection_sign(*, inspection: Inspection, signed_by: str, file, acting_user) -> Inspection:
    """The owner's (or their representative's) signature drawn on the phone: a PNG of
    at most ``MAX_SIGNATURE_BYTES``. Signing again replaces it."""
    inspection = lock_for_filling(inspection, acting_user)
    signed_by = (signed_by or "").strip()
    if not signed_by:
        raise ValidationError({"signed_by": _("Enter the name of the person signing.")})
    detected = inspect_upload(file, max_bytes=MAX_SIGNATURE_BYTES, allowed=frozenset({"image/png"}))
    before = {"signed_by": inspection.signed_by, "signature": inspection.signature.name}
    inspection.signed_by = signed_by[:50]
    inspection.signature.save(detected.random_name(), file, save=False)
    mark_activity(inspection, timezone.now(), "signed_by", "signature")
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=inspection,
        changes=audit.diff(
            Inspection,
            before,
            {"signed_by": inspection.signed_by, "signature": inspection.signature.name},
        ),
        comment=str(_("Signed by the station")),
    )
    return inspection
