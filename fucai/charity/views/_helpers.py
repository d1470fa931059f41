"""Small helpers the charity views share: a POST action that calls one service and
reports its outcome as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


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
