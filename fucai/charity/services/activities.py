"""Charity activities: record, edit, hold (which requests the payment of its spending
from the project), publish; participants with volunteer hours; photos; what each person
received."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, inspect_upload
from fucai.core.roles import MANAGE_CHARITY
from fucai.core.scope import require_region

from ..choices import ActivityStatus, BenefitKind, ParticipantKind
from ..constants import PHOTO_MAX_BYTES
from ..models import (
    ActivityPhoto,
    Beneficiary,
    Benefit,
    CharityActivity,
    Participant,
)
from . import funding
from ._common import check_transition, lock, record_file_create, require

# Held activities can still be corrected (a late receipt); a published one is what the
# public read — take it back to "held" first.
ACTIVITY_TRANSITIONS = {
    ActivityStatus.PLANNED: {ActivityStatus.HELD},
    ActivityStatus.HELD: {ActivityStatus.PUBLISHED},
    ActivityStatus.PUBLISHED: {ActivityStatus.HELD},
}
ACTIVITY_FIELDS = frozenset(
    {"series", "project", "title", "held_on", "region", "place", "organizers"}
    | {"spending_fen", "story"}
)


def _apply(activity: CharityActivity, fields: dict) -> None:
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(activity, name, value)


@transaction.atomic
def activity_create(*, acting_user, **fields) -> CharityActivity:
    """Record a planned (or already held, if dated in the past) activity."""
    require(acting_user, MANAGE_CHARITY)
    activity = CharityActivity(created_by=acting_user)
    _apply(activity, fields)
    require_region(acting_user, activity.region)
    activity.full_clean()
    activity.save()
    audit.record_create(actor=acting_user, obj=activity)
    return activity


@transaction.atomic
def activity_update(*, acting_user, activity: CharityActivity, **fields) -> CharityActivity:
    locked = lock(acting_user, activity, permission=MANAGE_CHARITY)
    if locked.status == ActivityStatus.PUBLISHED:
        raise ValidationError(
            _("A published activity cannot be changed; withdraw it from the portal first."),
            code="published",
        )
    if locked.programme_id and "spending_fen" in fields:
        # A programme's spending is what its bank payments paid.
        fields.pop("spending_fen")
    if locked.status != ActivityStatus.PLANNED and fields.get("spending_fen") not in (
        None,
        locked.spending_fen,
    ):
        raise ValidationError(
            {"spending_fen": _("The spending was sent for payment when the activity was held.")},
            code="paid",
        )
    before = audit.snapshot(locked)
    _apply(locked, fields)
    require_region(acting_user, locked.region)
    locked.full_clean()
    locked.version += 1
    locked.save()
    changes = audit.diff(CharityActivity, before, audit.snapshot(locked))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


def _transition(acting_user, activity, to: str, comment: str = "") -> CharityActivity:
    locked = lock(acting_user, activity, permission=MANAGE_CHARITY)
    check_transition(ACTIVITY_TRANSITIONS, ActivityStatus, locked.status, to)
    before = locked.status
    locked.status = to
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={
            "status": {
                "label": str(_("status")),
                "old": str(ActivityStatus(before).label),
                "new": str(ActivityStatus(to).label),
            }
        },
        comment=comment,
    )
    return locked


@transaction.atomic
def activity_mark_held(*, acting_user, activity: CharityActivity, payee: str = ""):
    """The activity took place: its spending is requested from the project's money
    through the fund's approval chain (a grant programme's activity is paid by its bank
    batches instead)."""
    locked = _transition(acting_user, activity, ActivityStatus.HELD)
    if locked.spending_fen and not locked.programme_id:
        funding.request_payment(
            acting_user=acting_user,
            project=locked.project,
            amount_fen=locked.spending_fen,
            payee=payee or locked.organizers,
            paid_on=locked.held_on,
            purpose=str(locked.title)[:200],
            source=funding.activity_source(locked.pk),
        )
    return locked


@transaction.atomic
def activity_publish(*, acting_user, activity: CharityActivity) -> CharityActivity:
    """Show the activity on the portal: its story and public photos, never a person."""
    if not (activity.story or "").strip():
        raise ValidationError(
            {"story": _("Write the short public story before publishing.")}, code="no_story"
        )
    return _transition(acting_user, activity, ActivityStatus.PUBLISHED)


@transaction.atomic
def activity_unpublish(*, acting_user, activity: CharityActivity, reason: str = ""):
    return _transition(acting_user, activity, ActivityStatus.HELD, comment=reason)


@transaction.atomic
def participant_add(
    *,
    acting_user,
    activity: CharityActivity,
    kind: str,
    name: str,
    user=None,
    capacity: str = "",
    hours: Decimal = Decimal("0"),
) -> Participant:
    locked = lock(acting_user, activity, permission=MANAGE_CHARITY)
    if kind == ParticipantKind.GUEST and not capacity:
        raise ValidationError(
            {"capacity": _("Say in what capacity the guest came (a deputy, a supervisor…).")},
            code="required",
        )
    participant = Participant(
        activity=locked, kind=kind, name=name, user=user, capacity=capacity, hours=hours
    )
    participant.full_clean()
    participant.save()
    audit.record_create(actor=acting_user, obj=participant, comment=str(locked))
    return participant


@transaction.atomic
def participant_remove(*, acting_user, participant: Participant) -> None:
    lock(acting_user, participant.activity, permission=MANAGE_CHARITY)
    audit.record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=participant,
        changes=audit.diff(Participant, audit.snapshot(participant), {}),
        comment=str(participant.activity),
    )
    participant.delete()


@transaction.atomic
def photo_add(
    *,
    acting_user,
    activity: CharityActivity,
    file: UploadedFile,
    caption: str = "",
    public: bool = False,
) -> ActivityPhoto:
    """A photo, checked by content (JPEG or PNG only), stored under a random name.
    ``public``: cleared for the portal (no identifiable person without consent)."""
    locked = lock(acting_user, activity, permission=MANAGE_CHARITY)
    detected = inspect_upload(file, max_bytes=PHOTO_MAX_BYTES, allowed=IMAGES)
    photo = ActivityPhoto(activity=locked, caption=caption, public=public)
    photo.file.save(detected.random_name(), file, save=False)
    photo.full_clean()
    photo.save()
    record_file_create(
        actor=acting_user, obj=photo, fields=["caption", "public"], comment=str(locked)
    )
    return photo


@transaction.atomic
def benefit_record(
    *,
    acting_user,
    activity: CharityActivity,
    beneficiary: Beneficiary,
    kind: str = BenefitKind.GOODS,
    amount_fen: int = 0,
    description: str = "",
    received_on: datetime.date | None = None,
) -> Benefit:
    """What one person received at an activity (the person found or registered first,
    see beneficiaries.beneficiary_register)."""
    locked = lock(acting_user, activity, permission=MANAGE_CHARITY)
    if beneficiary.merged_into_id:
        beneficiary = beneficiary.merged_into
    benefit = Benefit(
        beneficiary=beneficiary,
        activity=locked,
        kind=kind,
        amount_fen=amount_fen,
        description=description,
        received_on=received_on or locked.held_on,
        recorded_by=acting_user,
    )
    benefit.full_clean()
    benefit.save()
    audit.record_create(actor=acting_user, obj=benefit, comment=str(locked))
    return benefit
