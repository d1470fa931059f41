"""What every marketing service shares: a checked, audited state transition."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fucai.core import audit
from fucai.core.choices import AuditAction


def check_transition(obj, to: str, transitions: dict, choices) -> None:
    if to not in transitions[obj.status]:
        raise ValidationError(
            _("A record that is “%(old)s” cannot become “%(new)s”.")
            % {"old": choices(obj.status).label, "new": choices(to).label}
        )


def record_transition(*, actor, obj, old: str, choices, comment: str = "") -> None:
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=obj,
        changes={
            "status": {
                "label": str(type(obj)._meta.get_field("status").verbose_name),
                "old": str(choices(old).label),
                "new": str(choices(obj.status).label),
            }
        },
        comment=comment,
    )
