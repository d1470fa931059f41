"""The registry of people helped: one record per person (found again by the keyed hash
of the ID number), consent for publication, merging duplicates, and the audited look
at a full identity."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.choices import AuditAction
from fucai.core.models import Region
from fucai.core.roles import MANAGE_CHARITY, REVEAL_BENEFICIARY, VIEW_BENEFICIARIES
from fucai.core.scope import require_region
from fucai.core.validators import validate_id_number, validate_mobile

from ..models import Beneficiary, Benefit, GrantApplication
from ._common import lock, require

EDITABLE_FIELDS = frozenset({"name", "phone", "region", "category", "situation"})


def find_by_id_number(id_number: str) -> Beneficiary | None:
    """The current record of the person with this ID number, if registered."""
    digest = crypto.blind_index(validate_id_number(id_number))
    return Beneficiary.objects.current().filter(id_number_digest=digest).first()


@transaction.atomic
def beneficiary_register(
    *,
    acting_user,
    name: str,
    id_number: str,
    region: Region,
    category: str,
    situation: str = "",
    phone: str = "",
    consent_to_publish: bool = False,
    consent_recorded_on: datetime.date | None = None,
) -> tuple[Beneficiary, bool]:
    """Register a person, or find them: an ID number already registered links to that
    record (returned with ``created=False``) and changes nothing of it."""
    require(acting_user, MANAGE_CHARITY)
    require(acting_user, VIEW_BENEFICIARIES)
    id_number = validate_id_number(id_number)
    existing = (
        Beneficiary.objects.current()
        .select_for_update()
        .filter(id_number_digest=crypto.blind_index(id_number))
        .first()
    )
    if existing is not None:
        return existing, False
    require_region(acting_user, region)
    person = Beneficiary(
        name=name,
        id_number=id_number,
        phone=validate_mobile(phone) if phone else "",
        region=region,
        category=category,
        situation=situation,
        consent_to_publish=consent_to_publish,
        consent_recorded_on=(consent_recorded_on or datetime.date.today())
        if consent_to_publish
        else None,
    )
    person.full_clean()
    person.save()
    audit.record_create(actor=acting_user, obj=person)
    return person, True


@transaction.atomic
def beneficiary_update(*, acting_user, beneficiary: Beneficiary, **fields) -> Beneficiary:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown beneficiary fields: {sorted(unknown)}")
    require(acting_user, VIEW_BENEFICIARIES)
    locked = lock(acting_user, beneficiary, permission=MANAGE_CHARITY)
    if locked.merged_into_id:
        raise ValidationError(_("This record was merged; edit the surviving one."), code="merged")
    before = audit.snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.phone:
        locked.phone = validate_mobile(locked.phone)
    require_region(acting_user, locked.region)
    locked.full_clean()
    locked.version += 1
    locked.save()
    changes = audit.diff(Beneficiary, before, audit.snapshot(locked))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


@transaction.atomic
def beneficiary_consent_record(
    *, acting_user, beneficiary: Beneficiary, consent: bool, recorded_on: datetime.date
) -> Beneficiary:
    """Record the person's (written) consent to publication, or its withdrawal."""
    require(acting_user, VIEW_BENEFICIARIES)
    locked = lock(acting_user, beneficiary, permission=MANAGE_CHARITY)
    before = audit.snapshot(locked)
    locked.consent_to_publish = consent
    locked.consent_recorded_on = recorded_on
    locked.full_clean()
    locked.save(update_fields=["consent_to_publish", "consent_recorded_on"])
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes=audit.diff(Beneficiary, before, audit.snapshot(locked)),
    )
    return locked


@transaction.atomic
def beneficiary_merge(
    *, acting_user, survivor: Beneficiary, duplicate: Beneficiary, reason: str = ""
) -> Beneficiary:
    """Merge ``duplicate`` (the same person registered twice) into ``survivor``: what
    the duplicate received and applied for moves to the survivor, the duplicate stays
    as a pointer (``merged_into``), both sides audited."""
    require(acting_user, VIEW_BENEFICIARIES)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records."), code="same")
    # Lock in id order so two merges of the same pair cannot deadlock.
    first, second = sorted([survivor, duplicate], key=lambda b: b.pk)
    locked = {b.pk: lock(acting_user, b, permission=MANAGE_CHARITY) for b in (first, second)}
    keep, drop = locked[survivor.pk], locked[duplicate.pk]
    if keep.merged_into_id or drop.merged_into_id:
        raise ValidationError(_("One of these records was merged already."), code="merged")
    moved_benefits = Benefit.objects.filter(beneficiary=drop).update(beneficiary=keep)
    moved_grants = GrantApplication.objects.filter(beneficiary=drop).update(beneficiary=keep)
    drop.merged_into = keep
    drop.version += 1
    drop.save(update_fields=["merged_into", "version"])
    comment = str(
        _("Merged into %(survivor)s (#%(id)s): %(benefits)s benefits, %(grants)s grants moved.")
    ) % {"survivor": keep.name, "id": keep.pk, "benefits": moved_benefits, "grants": moved_grants}
    if reason:
        comment = f"{comment} {reason}"
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=drop,
        changes={"merged_into": {"label": str(_("merged into")), "old": None, "new": str(keep)}},
        comment=comment[:500],
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=keep,
        comment=str(_("Absorbed duplicate record #%(id)s.")) % {"id": drop.pk},
    )
    return keep


@transaction.atomic
def beneficiary_identity_reveal(*, acting_user, beneficiary: Beneficiary) -> dict[str, str]:
    """The full ID number and phone; every look is audited."""
    require(acting_user, VIEW_BENEFICIARIES)
    require(acting_user, REVEAL_BENEFICIARY)
    person = Beneficiary.objects.visible_to(acting_user).filter(pk=beneficiary.pk).first()
    if person is None:
        raise PermissionDenied(_("This record is outside your data scope."))
    audit.record(
        actor=acting_user,
        action=AuditAction.REVEAL,
        obj=person,
        comment=str(_("Full ID number and phone of a beneficiary viewed")),
    )
    return {"id_number": person.id_number, "phone": person.phone}
