"""The caller's own API tokens: list them, revoke one (``POST /api/token`` issues)."""

import datetime

from django.utils import timezone
from ninja import Path, Router, Schema, Status

from fucai.core import tokens

from .errors import ErrorOut, Id

router = Router(tags=["auth"])


class TokenItem(Schema):
    id: int
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime
    expired: bool


class TokenList(Schema):
    count: int
    items: list[TokenItem]


@router.get("", response=TokenList)
def list_tokens(request):
    """The signed-in user's tokens (never the token itself: only its first characters)."""
    now = timezone.now()
    items = [
        {
            "id": t.pk,
            "prefix": t.prefix,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "expires_at": t.expires_at,
            "expired": t.expires_at <= now,
        }
        for t in tokens.tokens_of(request.user)
    ]
    return {"count": len(items), "items": items}


@router.delete("/{token_id}", response={204: None, 404: ErrorOut})
def revoke_token(request, token_id: Path[Id]):
    """Revoke one of the caller's tokens; another user's token is a 404."""
    tokens.token_revoke(acting_user=request.user, token_id=token_id)
    return Status(204, None)
