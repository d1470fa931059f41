"""Grant programmes: created with their conditions as data, opened for applications,
closed for review."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.roles import MANAGE_GRANTS
from fucai.welfare.models import WelfareProject

from ..choices import EligibilityCheck
from ..choices import ProgrammeStatus as P
from ..models import EligibilityRule, GrantProgramme
from ._common import require
from .grant_common import lock_programme, move_programme


@transaction.atomic
def programme_create(
    *,
    acting_user,
    name: str,
    year: int,
    project: WelfareProject,
    quota: int,
    amount_fen: int,
    opens_on: datetime.date,
    closes_on: datetime.date,
    description: str = "",
    objection_days: int = 7,
    rules: list[tuple[str, dict, str]] = (),
) -> GrantProgramme:
    """A programme in draft, with its eligibility rules ``(code, params, label)``."""
    require(acting_user, MANAGE_GRANTS)
    programme = GrantProgramme(
        name=name,
        year=year,
        project=project,
        quota=quota,
        amount_fen=amount_fen,
        opens_on=opens_on,
        closes_on=closes_on,
        description=description,
        objection_days=objection_days,
    )
    programme.full_clean()
    programme.save()
    audit.record_create(actor=acting_user, obj=programme)
    for code, params, label in rules:
        rule_add(
            acting_user=acting_user, programme=programme, code=code, params=params, label=label
        )
    return programme


@transaction.atomic
def rule_add(
    *, acting_user, programme: GrantProgramme, code: str, params: dict, label: str
) -> EligibilityRule:
    locked = lock_programme(acting_user, programme)
    if locked.status not in (P.DRAFT, P.OPEN):
        raise ValidationError(
            _("Conditions cannot change once applications are under review."), code="status"
        )
    if code not in EligibilityCheck.values:
        raise ValidationError({"code": _("Unknown check.")}, code="unknown_check")
    rule = EligibilityRule(programme=locked, code=code, params=params or {}, label=label)
    rule.full_clean()
    rule.save()
    audit.record_create(actor=acting_user, obj=rule, comment=str(locked))
    return rule


@transaction.atomic
def programme_open(*, acting_user, programme: GrantProgramme) -> GrantProgramme:
    """Open for applications on the portal (between its dates)."""
    locked = lock_programme(acting_user, programme)
    if not locked.rules.exists():
        raise ValidationError(_("Add the eligibility conditions first."), code="no_rules")
    move_programme(locked, P.OPEN, actor=acting_user)
    return locked


@transaction.atomic
def programme_close(*, acting_user, programme: GrantProgramme) -> GrantProgramme:
    """Stop taking applications and start the review."""
    locked = lock_programme(acting_user, programme)
    move_programme(locked, P.REVIEWING, actor=acting_user)
    return locked


@transaction.atomic
def programme_finish(*, acting_user, programme: GrantProgramme) -> GrantProgramme:
    locked = lock_programme(acting_user, programme)
    if locked.payment_batches.filter(settled_at__isnull=True).exists():
        raise ValidationError(_("A payment batch is still waiting for the bank."), code="open")
    move_programme(locked, P.CLOSED, actor=acting_user)
    return locked
