"""Helpers shared by the training services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.stations.models import SalesStaff

NOT_A_LEARNER = _(
    "Your account is not linked to a sales staff record. Ask your station owner or the "
    "district branch to register you."
)


def learner_of(user) -> SalesStaff | None:
    """The sales staff record of ``user``'s own login, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return SalesStaff.objects.filter(user=user).first()


def require_learner(user) -> SalesStaff:
    """The acting user's own sales staff record; refuses users who may not learn or
    have none."""
    if not roles.has_permission(user, roles.LEARN):
        raise PermissionDenied
    learner = learner_of(user)
    if learner is None:
        raise PermissionDenied(NOT_A_LEARNER)
    return learner


def require_manager(user) -> None:
    if not roles.has_permission(user, roles.MANAGE_TRAINING):
        raise PermissionDenied
