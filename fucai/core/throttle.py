"""Fixed-window attempt counters in the cache, for throttling by a key that is not a
user: a mobile number, a client IP. Counters are keyed by a hash, so the cache never
holds the phone numbers themselves."""

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(f"{scope}\x00{value}".encode()).hexdigest()[:32]
    return f"fucai:throttle:{scope}:{digest}"


def hit(scope: str, value: str | None, *, limit: int, window: int) -> bool:
    """Count one attempt for ``value``; False once more than ``limit`` attempts were made
    in the current window of ``window`` seconds. A missing value (no IP) is not counted."""
    if not value or limit <= 0:
        return True
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def hit_all(*checks: tuple[str, str | None, int], window: int) -> bool:
    """Count one attempt against every (scope, value, limit); True if all allow it.
    Every counter is incremented, so alternating keys does not dodge either limit."""
    results = [hit(scope, value, limit=limit, window=window) for scope, value, limit in checks]
    return all(results)
