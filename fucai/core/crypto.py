"""Protection of personal data at rest.

ID numbers and phone numbers are stored encrypted (Fernet: AES-128-CBC + HMAC) so a
database dump does not leak them, and alongside a keyed hash (HMAC-SHA256, a "blind
index") so the same person can still be found and deduplicated without decrypting.

``FIELD_ENCRYPTION_KEY`` is a comma-separated list of Fernet keys, newest first: values
are encrypted under the first and decrypted with whichever key opens them (MultiFernet),
so a key can be rotated without downtime; ``manage.py rotate_field_keys`` then
re-encrypts every stored value under the newest key, after which old keys can go.

``BLIND_INDEX_KEY`` cannot simply be rotated: every stored digest was computed with it.
``manage.py rotate_field_keys --reindex`` recomputes the digests under the current key
(the plaintext comes from decryption).
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def parse_keys(raw: str | list | tuple) -> tuple[str, ...]:
    """The configured keys, newest first (a comma-separated string or a sequence)."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return tuple(item.strip() for item in items if item and item.strip())


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("FIELD_ENCRYPTION_KEY is empty")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(parse_keys(settings.FIELD_ENCRYPTION_KEY))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt a protected value: wrong FIELD_ENCRYPTION_KEY?") from None


def rotate(token: str) -> str:
    """``token`` re-encrypted under the newest key (the plaintext is never returned)."""
    if not token:
        return token
    try:
        return _current().rotate(token.encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt a protected value: wrong FIELD_ENCRYPTION_KEY?") from None


def is_current(token: str) -> bool:
    """Whether ``token`` can be opened with the newest key alone."""
    if not token:
        return True
    keys = parse_keys(settings.FIELD_ENCRYPTION_KEY)
    try:
        _fernet(keys[:1]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def blind_index(value: str) -> str:
    """A keyed hash of ``value`` for equality lookups; empty for an empty value."""
    if not value:
        return ""
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
