from datetime import timedelta

from django.contrib.auth import authenticate
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from fucai.core.models import ApiToken
from fucai.core.tokens import token_issue


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), expires_at__gt=now)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


def issue_token(request, username: str, password: str) -> str | None:
    """Authenticate (through django-axes, so API guesses count toward lockout) and issue
    a new token, returned once; only its hash is stored."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    _token, key = token_issue(acting_user=user)
    return key


bearer_auth = BearerTokenAuth()
session_auth = SessionAuth()
