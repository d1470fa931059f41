"""What the training pages share: the learner of the request, permission by any of
several permissions."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from fucai.core.roles import has_permission

from ..services import learner_of


class AnyPermissionMixin(AccessMixin):
    """Like core's RolePermissionMixin, for a page open to holders of any of
    ``permissions``."""

    permissions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(has_permission(request.user, p) for p in self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LearnerMixin:
    """``self.learner``: the sales staff record of the signed-in user (or None)."""

    @property
    def learner(self):
        if not hasattr(self, "_learner"):
            self._learner = learner_of(self.request.user)
        return self._learner
