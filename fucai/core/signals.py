"""Core's signal receivers: the login log (every sign-in, sign-out and failed attempt,
with where it came from) and the cached list of regions (scope.county_regions)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import context
from .models import LoginEvent, Region
from .scope import forget_county_regions


def _meta(request) -> dict:
    if request is None:
        return {"ip": context.current().ip, "user_agent": ""}
    return {
        "ip": context.client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    LoginEvent.objects.create(
        username=user.get_username(), user=user, success=True, event="login", **_meta(request)
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        LoginEvent.objects.create(
            username=user.get_username(), user=user, success=True, event="logout", **_meta(request)
        )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    LoginEvent.objects.create(
        username=username, user=user, success=False, event="login", **_meta(request)
    )


@receiver(post_save, sender=Region, dispatch_uid="fucai.core.region_saved")
@receiver(post_delete, sender=Region, dispatch_uid="fucai.core.region_deleted")
def region_changed(sender, **kwargs):
    forget_county_regions()
