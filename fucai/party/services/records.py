"""Pioneer posts, study records and the yearly democratic evaluation."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_PARTY

from ..models import (
    Assessment,
    EvaluationResult,
    EvaluationRound,
    PartyBranch,
    PartyMember,
    PioneerPost,
    StudyRecord,
)
from ._common import lock, require


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
    member = lock(acting_user, member)
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
    member = lock(acting_user, member)
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
    evaluation = lock(acting_user, evaluation)
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
    evaluation = lock(acting_user, evaluation)
    evaluation.closed = True
    evaluation.save(update_fields=["closed"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=evaluation,
        changes={"closed": {"label": str(_("closed")), "old": False, "new": True}},
    )
    return evaluation
