"""API bearer tokens: issue, list, revoke — and revoke them all when the account's
password changes or the account is deactivated (a stolen token must not outlive the
credentials it was exchanged for)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit
from .choices import AuditAction
from .models import ApiToken, User


def token_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "FUCAI_API_TOKEN_DAYS", 30))


@transaction.atomic
def token_issue(*, acting_user: User) -> tuple[ApiToken, str]:
    """A new token for ``acting_user``; the key is returned once, only its hash kept."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=acting_user,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + token_lifetime(),
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=token,
        comment=str(_("API token issued, expires %(date)s"))
        % {"date": timezone.localtime(token.expires_at).date().isoformat()},
    )
    return token, key


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


@transaction.atomic
def token_revoke(*, acting_user: User, token_id: int) -> None:
    """Revoke one of ``acting_user``'s own tokens; anyone else's is a 404."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=acting_user).first()
    if token is None:
        raise Http404
    audit.record(
        actor=acting_user, action=AuditAction.DELETE, obj=token, comment=str(_("API token revoked"))
    )
    token.delete()


def _revoke_all(user_id: int, reason: str) -> int:
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user_id=user_id))
        for token in tokens:
            audit.record(actor=None, action=AuditAction.DELETE, obj=token, comment=reason)
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).delete()
    return len(tokens)


@receiver(pre_save, sender=User, dispatch_uid="core.tokens.revoke_on_credentials_change")
def revoke_on_credentials_change(sender, instance: User, raw=False, update_fields=None, **kwargs):
    """Whatever path changes a password (the admin, a reset, ``set_password`` + save) or
    deactivates an account goes through ``User.save``: revoke its API tokens there."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        _revoke_all(instance.pk, str(_("API token revoked: the password changed")))
    elif before["is_active"] and not instance.is_active:
        _revoke_all(instance.pk, str(_("API token revoked: the account was deactivated")))
