"""Editing a rule: whether it runs, its severity and its thresholds (audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_ALERT_RULES
from fucai.core.services import require

from ..defaults import DEFAULT_PARAMS, DEFAULT_SEVERITY
from ..models import AlertRule


def ensure_rules() -> int:
    """Create the rule of every kind that has none (the data migration seeds them; a
    flushed test database or a kind added later lacks them); returns how many."""
    existing = set(AlertRule.objects.values_list("kind", flat=True))
    missing = [
        AlertRule(kind=kind, severity=DEFAULT_SEVERITY[kind], params=dict(params))
        for kind, params in DEFAULT_PARAMS.items()
        if kind not in existing
    ]
    AlertRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def clean_params(kind: str, params: dict) -> dict:
    """Only the parameters the rule knows, as numbers ≥ 0 of the default's type."""
    defaults = DEFAULT_PARAMS.get(kind, {})
    cleaned, errors = {}, []
    for name, default in defaults.items():
        value = params.get(name, default)
        try:
            value = type(default)(value)
        except (TypeError, ValueError):
            errors.append(_("%(name)s must be a number.") % {"name": name})
            continue
        if value < 0:
            errors.append(_("%(name)s must not be negative.") % {"name": name})
            continue
        cleaned[name] = value
    if errors:
        raise ValidationError({"params": errors})
    return cleaned


@transaction.atomic
def alert_rule_update(
    *, rule: AlertRule, acting_user, enabled: bool, severity: str, params: dict
) -> AlertRule:
    require(acting_user, MANAGE_ALERT_RULES)
    rule = AlertRule.objects.select_for_update().get(pk=rule.pk)
    fields = ["enabled", "severity", "params"]
    before = audit.snapshot(rule, fields=fields)
    rule.enabled, rule.severity = enabled, severity
    rule.params = clean_params(rule.kind, params)
    rule.full_clean()
    rule.save()
    changes = audit.diff(AlertRule, before, audit.snapshot(rule, fields=fields))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=rule, changes=changes)
    return rule
