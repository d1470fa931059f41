"""Activities: planning, recording one as held (minutes, attendance), photos."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, inspect_upload
from fucai.core.roles import MANAGE_PARTY

from ..choices import ActivityStatus
from ..models import (
    ActivityPhoto,
    Attendance,
    PartyActivity,
    PartyBranch,
    PartyMember,
)
from ._common import lock, require

PHOTO_MAX_BYTES = 8 * 1024 * 1024


@transaction.atomic
def activity_plan(
    *,
    acting_user,
    branch: PartyBranch,
    kind: str,
    title: str,
    planned_on: datetime.date,
    place: str = "",
) -> PartyActivity:
    require(acting_user, MANAGE_PARTY)
    activity = PartyActivity(
        branch=branch,
        kind=kind,
        title=title,
        planned_on=planned_on,
        place=place,
        created_by=acting_user,
    )
    activity.full_clean()
    activity.save()
    audit.record_create(actor=acting_user, obj=activity)
    return activity


@transaction.atomic
def activity_record(
    *,
    acting_user,
    activity: PartyActivity,
    held_on: datetime.date,
    minutes: str,
    present_ids,
) -> PartyActivity:
    """The activity was held on ``held_on``: its minutes and who of the branch's current
    members attended (the others are recorded absent)."""
    activity = lock(acting_user, activity)
    if not minutes.strip():
        raise ValidationError({"minutes": _("Enter the minutes of the activity.")})
    if held_on > datetime.date.today():
        raise ValidationError({"held_on": _("An activity cannot be held in the future.")})
    members = list(PartyMember.objects.filter(branch=activity.branch).current())
    present = {int(pk) for pk in present_ids}
    unknown = present - {m.pk for m in members}
    if unknown:
        raise ValidationError(_("Attendance names someone who is not a member of the branch."))
    before = audit.snapshot(activity)
    activity.held_on, activity.minutes = held_on, minutes
    activity.status = ActivityStatus.HELD
    activity.full_clean()
    activity.save()
    activity.attendances.all().delete()
    Attendance.objects.bulk_create(
        Attendance(activity=activity, member=m, present=m.pk in present) for m in members
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=activity,
        changes=audit.diff(PartyActivity, before, audit.snapshot(activity)),
        comment=str(_("%(present)d of %(total)d present"))
        % {"present": len(present), "total": len(members)},
    )
    return activity


@transaction.atomic
def photo_add(*, acting_user, activity: PartyActivity, file, caption: str = "") -> ActivityPhoto:
    """A photo of the activity, checked by content (JPEG or PNG), under a random name."""
    activity = lock(acting_user, activity)
    detected = inspect_upload(file, max_bytes=PHOTO_MAX_BYTES, allowed=IMAGES)
    photo = ActivityPhoto(activity=activity, caption=caption)
    photo.file.save(detected.random_name(), file, save=False)
    photo.full_clean()
    photo.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=photo,
        changes={"file": {"label": str(_("photo")), "old": None, "new": photo.file.name}},
        comment=str(activity),
    )
    return photo
