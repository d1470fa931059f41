"""Cached analytics figures under the sales data version.

The overview's figures change only when the rollups change (an import, a split-rate
change, a rebuild, a station filed under another district or kind) or a game is
renamed. Every such write calls :func:`bump` in its own transaction, which gives the one
``SalesDataVersion`` row a new random value; readers put the value they read in the
cache key of what they compute (:func:`cached`). A reader therefore never gets figures
older than the data it could read itself — nothing is invalidated, so there is no
invalidation race — and entries of older versions simply expire. The value is random
rather than a counter so that a database restored from a backup, or a test's rolled
back transaction, cannot bring back a version number already used for other data.

Only data goes in the cache (numbers keyed by ids, game names), never rendered HTML;
the key holds the user's scope (their district ids, or "all"), so two users with
different scopes never share an entry. Station owners are not cached (their scope is
their own stations, which can change hands without any sales write).
"""

import hashlib
import secrets
from collections.abc import Callable

from django.core.cache import cache

TIMEOUT = 24 * 3600  # seconds; a version's entries are useless once it is replaced
_MISS = object()

# Writes in this process: a version memoized on a user object (see ``version_for``) is
# read again after any of them, so code that imports and then reads in one process
# (a test, a management command) sees its own write.
_local_writes = 0


def bump() -> None:
    """A new sales data version, in the caller's transaction: call it with every write
    that changes what the analytics pages compute."""
    global _local_writes
    from .models import SalesDataVersion

    _local_writes += 1
    value = secrets.randbits(62)
    if not SalesDataVersion.objects.filter(pk=1).update(version=value):
        SalesDataVersion.objects.update_or_create(pk=1, defaults={"version": value})


def current() -> int:
    """The version as this transaction sees it: one query."""
    from .models import SalesDataVersion

    return SalesDataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def version_for(user) -> int:
    """``current()``, read once per user object (a request's user) and again after a
    write in this process."""
    memo = getattr(user, "_fucai_sales_version", None)
    if memo is not None and memo[0] == _local_writes:
        return memo[1]
    value = current()
    user._fucai_sales_version = (_local_writes, value)
    return value


def scope_key(ids) -> str:
    """The cache key part of a region scope: ``ALL`` (None) or a set of district ids."""
    return "all" if ids is None else ",".join(map(str, sorted(ids)))


def cached(user, parts: tuple, compute: Callable):
    """``compute()``, cached under the sales data version and ``parts`` (which must name
    the scope, the filters and the question)."""
    raw = repr((version_for(user), *parts)).encode()
    key = "fucai:sales:figures:" + hashlib.blake2b(raw, digest_size=20).hexdigest()
    value = cache.get(key, _MISS)
    if value is _MISS:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
