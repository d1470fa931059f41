"""Writes of the assignment rules (which unit handles a category of complaint, in one
district or everywhere, within how many working days). Audited; a rule for a category
and district that exists already is a form error, also when two people save at once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_COMPLAINT_RULES
from fucai.core.services import require

from ..models import AssignmentRule

RULE_FIELDS = ("category", "region", "unit", "to_district_branch", "deadline_days")


def _save(rule: AssignmentRule) -> None:
    taken = AssignmentRule.objects.filter(category=rule.category, region=rule.region)
    if taken.exclude(pk=rule.pk).exists():
        raise ValidationError(_("A rule for this category and district exists: edit that one."))
    rule.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise ValidationError(
            _("A rule for this category and district exists: edit that one.")
        ) from None


@transaction.atomic
def rule_create(*, acting_user, **fields) -> AssignmentRule:
    require(acting_user, MANAGE_COMPLAINT_RULES)
    rule = AssignmentRule(**{name: fields[name] for name in RULE_FIELDS})
    _save(rule)
    audit.record_create(actor=acting_user, obj=rule)
    return rule


@transaction.atomic
def rule_update(*, acting_user, rule: AssignmentRule, **fields) -> AssignmentRule:
    """Change a rule; complaints already assigned keep their unit and deadline."""
    require(acting_user, MANAGE_COMPLAINT_RULES)
    rule = AssignmentRule.objects.select_for_update().get(pk=rule.pk)
    before = audit.snapshot(rule)
    for name in RULE_FIELDS:
        setattr(rule, name, fields[name])
    _save(rule)
    changes = audit.diff(AssignmentRule, before, audit.snapshot(rule))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=rule, changes=changes)
    return rule


@transaction.atomic
def rule_delete(*, acting_user, rule: AssignmentRule) -> None:
    """Remove a district's own rule (the category's rule for every district then
    applies there). The category's city-wide rule stays: edit it instead."""
    require(acting_user, MANAGE_COMPLAINT_RULES)
    rule = AssignmentRule.objects.select_for_update().get(pk=rule.pk)
    if rule.region_id is None:
        raise ValidationError(
            _("The rule for every district stays; change its unit or deadline instead.")
        )
    audit.record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=rule,
        changes=audit.diff(AssignmentRule, audit.snapshot(rule), {}),
    )
    rule.delete()
