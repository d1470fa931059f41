"""What the party services share: the permission check and row locking."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from fucai.core.roles import MANAGE_PARTY
from fucai.core.services import require

__all__ = ["lock", "require"]


def lock(user, obj):
    require(user, MANAGE_PARTY)
    locked = type(obj).objects.visible_to(user).select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise PermissionDenied(_("This record is outside your data scope."))
    return locked
