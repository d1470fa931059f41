"""What the welfare pages share: the permission gate of a function view, running a
service and turning its refusal into a message, the year asked for."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fucai.core.roles import has_permission


def staff_view(permission: str):
    """Anonymous users go to the login page; users without ``permission`` get 403."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def run(request, service, success: str = "", **kwargs):
    """Call ``service(acting_user=request.user, **kwargs)``; a refusal becomes an error
    message (and None), success an optional message."""
    try:
        result = service(acting_user=request.user, **kwargs)
    except (ValidationError, PermissionDenied) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or str(PermissionDenied.__doc__ or ""))
        return None
    if success:
        messages.success(request, success)
    return result


def year_of(request, default: int | None = None) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default or timezone.localdate().year


def year_choices(extra=()) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(2009, this + 1), *extra}, reverse=True)
