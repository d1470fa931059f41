"""Shared service helpers: errors with a user-facing message, scope re-checks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from .roles import has_permission


class ConcurrentUpdate(ValidationError):
    """The object changed since the user loaded it; their edit would overwrite it."""

    def __init__(self):
        super().__init__(
            _("Someone else changed this record while you were editing. Reload and try again."),
            code="stale",
        )


def require(user, permission: str) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(_("You do not have permission to do this."))
