"""What the charity services share: the permission check, row locking inside the
acting user's scope, and the transition check against a table."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.services import require

__all__ = ["check_transition", "lock", "require"]


def lock(user, obj: models.Model, *, permission: str | None = None):
    """``obj`` read again, locked (``select_for_update``), through its model's
    ``visible_to(user)``; refused when outside the user's scope."""
    if permission is not None:
        require(user, permission)
    model = type(obj)
    locked = model.objects.visible_to(user).select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise PermissionDenied(_("This record is outside your data scope."))
    return locked


def check_transition(table: dict, choices: type[models.TextChoices], current: str, to: str) -> None:
    """Refuse a move the table does not allow, naming both states."""
    if to not in table.get(current, ()):
        raise ValidationError(
            _("Cannot go from “%(from)s” to “%(to)s”.")
            % {"from": choices(current).label, "to": choices(to).label},
            code="invalid_transition",
        )


def record_file_create(*, actor, obj: models.Model, fields: list[str], comment: str = "") -> None:
    """Audit a new row carrying a file: ``audit.snapshot`` cannot serialize a FieldFile,
    so the stored name is recorded instead."""
    after = audit.snapshot(obj, fields=fields)
    after["file"] = obj.file.name
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=obj,
        changes=audit.diff(type(obj), {}, after),
        comment=comment,
    )
