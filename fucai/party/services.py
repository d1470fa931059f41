"""Writes of party building: members and their transfers, activities with attendance
and minutes, pioneer posts, study records and the yearly democratic evaluation. Each
checks MANAGE_PARTY, validates, saves and writes the audit log in one transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, inspect_upload
from fucai.core.roles import MANAGE_PARTY
from fucai.core.services import require
from fucai.core.validators import validate_id_number, validate_mobile

from .choices import ActivityStatus, MemberStatus, TransferDirection
from .models import (
    ActivityPhoto,
    Assessment,
    Attendance,
    EvaluationResult,
    EvaluationRound,
    MemberTransfer,
    PartyActivity,
    PartyBranch,
    PartyMember,
    PioneerPost,
    StudyRecord,
)

# A probationary member may become a full member after a year (党章 第七条).
PROBATION = 365
PHOTO_MAX_BYTES = 8 * 1024 * 1024


def _lock(user, obj):
    require(user, MANAGE_PARTY)
    locked = type(obj).objects.visible_to(user).select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise PermissionDenied(_("This record is outside your data scope."))
    return locked


@transaction.atomic
def branch_create(*, acting_user, name: str, founded_on: datetime.date | None = None):
    require(acting_user, MANAGE_PARTY)
    branch = PartyBranch(name=name, founded_on=founded_on)
    branch.full_clean()
    branch.save()
    audit.record_create(actor=acting_user, obj=branch)
    return branch


@transaction.atomic
def member_register(
    *,
    acting_user,
    branch: PartyBranch,
    name: str,
    id_number: str,
    joined_on: datetime.date,
    phone: str = "",
    status: str = MemberStatus.PROBATIONARY,
    full_on: datetime.date | None = None,
    post: str = "",
    department: str = "",
    user=None,
    transferred_from: str = "",
) -> PartyMember:
    """Register a member of ``branch``; with ``transferred_from``, as a transfer in from
    that organization (recorded in the member's transfer history)."""
    require(acting_user, MANAGE_PARTY)
    id_number = validate_id_number(id_number)
    if PartyMember.objects.filter(id_number_digest=crypto.blind_index(id_number)).exists():
        raise ValidationError({"id_number": _("A member with this ID number is registered.")})
    if status == MemberStatus.FULL and full_on is None:
        raise ValidationError({"full_on": _("Enter the date the member became a full member.")})
    if full_on is not None and full_on < joined_on:
        raise ValidationError({"full_on": _("A member cannot be full before joining.")})
    member = PartyMember(
        branch=branch,
        name=name,
        id_number=id_number,
        phone=validate_mobile(phone) if phone else "",
        joined_on=joined_on,
        full_on=full_on if status == MemberStatus.FULL else None,
        status=status,
        post=post,
        department=department,
        user=user,
    )
    member.full_clean(exclude=["id_number_digest"])
    member.save()
    audit.record_create(actor=acting_user, obj=member)
    if transferred_from:
        transfer = MemberTransfer.objects.create(
            member=member,
            direction=TransferDirection.IN,
            on=datetime.date.today(),
            organization=transferred_from,
            recorded_by=acting_user,
        )
        audit.record_create(actor=acting_user, obj=transfer)
    return member


@transaction.atomic
def member_make_full(*, acting_user, member: PartyMember, on: datetime.date) -> PartyMember:
    """A probationary member becomes a full member (转正) on ``on``."""
    member = _lock(acting_user, member)
    if member.status != MemberStatus.PROBATIONARY:
        raise ValidationError(_("Only a probationary member can become a full member."))
    if (on - member.joined_on).days < PROBATION:
        raise ValidationError(
            {
                "on": _("The probation lasts a year: not before %(date)s.")
                % {"date": member.joined_on + datetime.timedelta(days=PROBATION)}
            }
        )
    before = audit.snapshot(member)
    member.status, member.full_on = MemberStatus.FULL, on
    member.save(update_fields=["status", "full_on"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=member,
        changes=audit.diff(PartyMember, before, audit.snapshot(member)),
    )
    return member


@transaction.atomic
def member_update(*, acting_user, member: PartyMember, **fields) -> PartyMember:
    """Change a member's post, department, branch, phone or linked account."""
    allowed = {"post", "department", "branch", "phone", "user"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = _lock(acting_user, member)
    before = audit.snapshot(member)
    if fields.get("phone"):
        fields["phone"] = validate_mobile(fields["phone"])
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean(exclude=["id_number_digest"])
    member.save()
    changes = audit.diff(PartyMember, before, audit.snapshot(member))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=member, changes=changes)
    return member


@transaction.atomic
def member_transfer_out(
    *, acting_user, member: PartyMember, on: datetime.date, organization: str, note: str = ""
) -> MemberTransfer:
    """The member's organizational relation moves to ``organization``: they leave the
    lists (the record stays, with its history)."""
    member = _lock(acting_user, member)
    if member.status == MemberStatus.TRANSFERRED_OUT:
        raise ValidationError(_("This member has been transferred out already."))
    if not organization.strip():
        raise ValidationError({"organization": _("Name the receiving party organization.")})
    transfer = MemberTransfer(
        member=member,
        direction=TransferDirection.OUT,
        on=on,
        organization=organization.strip(),
        note=note,
        recorded_by=acting_user,
    )
    transfer.full_clean()
    transfer.save()
    before = audit.snapshot(member)
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status"])
    audit.record_create(actor=acting_user, obj=transfer)
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=member,
        changes=audit.diff(PartyMember, before, audit.snapshot(member)),
    )
    return transfer


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
    activity = _lock(acting_user, activity)
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
def pioneer_assign(
    *,
    acting_user,
    member: PartyMember,
    title: str,
    since: datetime.date,
    station=None,
    department: str = "",
) -> PioneerPost:
    member = _lock(acting_user, member)
    if station is None and not department:
        raise ValidationError(_("Name the station or the department of the post."))
    post = PioneerPost(
        member=member, title=title, since=since, station=station, department=department
    )
    post.full_clean()
    post.save()
    audit.record_create(actor=acting_user, obj=post)
    return post


@transaction.atomic
def study_record(
    *,
    acting_user,
    member: PartyMember,
    studied_on: datetime.date,
    topic: str,
    hours: Decimal = Decimal("0"),
    points: int = 0,
) -> StudyRecord:
    member = _lock(acting_user, member)
    record = StudyRecord(
        member=member, studied_on=studied_on, topic=topic, hours=hours, points=points
    )
    record.full_clean()
    record.save()
    audit.record_create(actor=acting_user, obj=record)
    return record


@transaction.atomic
def evaluation_open(*, acting_user, branch: PartyBranch, year: int) -> EvaluationRound:
    require(acting_user, MANAGE_PARTY)
    if EvaluationRound.objects.filter(branch=branch, year=year).exists():
        raise ValidationError(_("This branch has an evaluation round for that year already."))
    evaluation = EvaluationRound.objects.create(branch=branch, year=year)
    audit.record_create(actor=acting_user, obj=evaluation)
    return evaluation


def _open_round(acting_user, evaluation: EvaluationRound, member: PartyMember):
    evaluation = _lock(acting_user, evaluation)
    if evaluation.closed:
        raise ValidationError(_("This evaluation round is closed."))
    if member.branch_id != evaluation.branch_id:
        raise ValidationError(_("This member is not of the round's branch."))
    return evaluation


@transaction.atomic
def assessment_record(
    *,
    acting_user,
    evaluation: EvaluationRound,
    member: PartyMember,
    kind: str,
    grade: str,
    assessor: PartyMember | None = None,
    comment: str = "",
) -> Assessment:
    """A self, peer or branch assessment of ``member`` in the round."""
    evaluation = _open_round(acting_user, evaluation, member)
    assessment = Assessment(
        round=evaluation,
        member=member,
        kind=kind,
        grade=grade,
        assessor=assessor,
        comment=comment,
        recorded_by=acting_user,
    )
    assessment.full_clean()
    assessment.save()
    audit.record_create(actor=acting_user, obj=assessment)
    return assessment


@transaction.atomic
def evaluation_decide(
    *, acting_user, evaluation: EvaluationRound, member: PartyMember, outcome: str
) -> EvaluationResult:
    """The branch decides the member's outcome (优秀 / 合格 / 基本合格 / 不合格)."""
    evaluation = _open_round(acting_user, evaluation, member)
    result = EvaluationResult.objects.filter(round=evaluation, member=member).first()
    before = audit.snapshot(result) if result else {}
    if result is None:
        result = EvaluationResult(round=evaluation, member=member)
    result.outcome = outcome
    result.full_clean()
    result.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=result,
        changes=audit.diff(EvaluationResult, before, audit.snapshot(result)),
    )
    return result


@transaction.atomic
def evaluation_close(*, acting_user, evaluation: EvaluationRound) -> EvaluationRound:
    evaluation = _lock(acting_user, evaluation)
    evaluation.closed = True
    evaluation.save(update_fields=["closed"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=evaluation,
        changes={"closed": {"label": str(_("closed")), "old": False, "new": True}},
    )
    return evaluation


@transaction.atomic
def photo_add(*, acting_user, activity: PartyActivity, file, caption: str = "") -> ActivityPhoto:
    """A photo of the activity, checked by content (JPEG or PNG), under a random name."""
    activity = _lock(acting_user, activity)
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
