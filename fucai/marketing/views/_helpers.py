"""What the marketing views share: any-of permissions and a POST action that calls
one service and reports its outcome as a message."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from fucai.core import roles
from fucai.core.roles import has_permission

READ = (roles.VIEW_MARKETING, roles.ORDER_SUPPLIES)  # staff who read, owners who order


class AnyPermissionMixin:
    """``RolePermissionMixin`` with several permissions, any of which will do."""

    permissions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        self.permission = next(
            (p for p in self.permissions if has_permission(request.user, p)), self.permissions[0]
        )
        return super().dispatch(request, *args, **kwargs)


def permission_required(*permissions: str):
    """Signed-out users go to the login page; signed-in users without any of
    ``permissions`` get 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(has_permission(request.user, p) for p in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def run_action(request, action, success: str, target: str):
    """Call ``action()``; a ValidationError becomes error messages. Back to ``target``."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(target)
