"""Branches and members: registration (or a transfer in), probationary → full,
changes, transfer out."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_PARTY
from fucai.core.validators import validate_id_number, validate_mobile

from ..choices import MemberStatus, TransferDirection
from ..models import (
    MemberTransfer,
    PartyBranch,
    PartyMember,
)
from ._common import lock, require

# A probationary member may become a full member after a year (党章 第七条).
PROBATION = 365


def _save_branch(branch: PartyBranch) -> None:
    """Validate and save; two clerks saving the same name at once get the form error,
    not a database error (the unique constraint decides inside a savepoint)."""
    branch.full_clean()
    try:
        with transaction.atomic():
            branch.save()
    except IntegrityError:
        raise ValidationError({"name": _("A branch with this name exists.")}) from None


@transaction.atomic
def branch_create(*, acting_user, name: str, founded_on: datetime.date | None = None):
    require(acting_user, MANAGE_PARTY)
    branch = PartyBranch(name=name, founded_on=founded_on)
    _save_branch(branch)
    audit.record_create(actor=acting_user, obj=branch)
    return branch


@transaction.atomic
def branch_update(
    *, acting_user, branch: PartyBranch, name: str, founded_on: datetime.date | None = None
) -> PartyBranch:
    """Rename a branch or correct its founding date (audited, the row locked)."""
    branch = lock(acting_user, branch)
    before = audit.snapshot(branch)
    branch.name, branch.founded_on = name, founded_on
    _save_branch(branch)
    changes = audit.diff(PartyBranch, before, audit.snapshot(branch))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=branch, changes=changes)
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
    member = lock(acting_user, member)
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
    member = lock(acting_user, member)
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
    member = lock(acting_user, member)
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
