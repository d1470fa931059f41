"""Small helpers the charity views share: a POST action that calls one service and
reports its outcome as a message."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from fucai.core.roles import has_permission


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


def staff_permission_required(permission: str):
    """For function views: signed-out users go to the login page, signed-in users
    without ``permission`` get 403 (as ``RolePermissionMixin`` does for class views)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
