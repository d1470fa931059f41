"""Protection of personal data at rest.

ID numbers and phone numbers are stored encrypted (Fernet: AES-128-CBC + HMAC) so a
database dump does not leak them, and alongside a keyed hash (HMAC-SHA256, a "blind
index") so the same person can still be found and deduplicated without decrypting.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@functools.cache
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt a protected value: wrong FIELD_ENCRYPTION_KEY?") from None


def blind_index(value: str) -> str:
    """A keyed hash of ``value`` for equality lookups; empty for an empty value."""
    if not value:
        return ""
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
