"""Normalization shared by the identifier checks: full-width characters from a Chinese
input method, white space, and today's date in the project's time zone."""

from __future__ import annotations

import datetime
import re
from typing import Any

# Full-width forms U+FF01..U+FF5E map one-to-one onto ASCII 0x21..0x7E; the
# ideographic space U+3000 is the full-width space.  Chinese input methods
# produce these when the user forgets to switch to half-width mode.
_HALFWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH_TABLE[0x3000] = 0x20

_DIGITS_RE = re.compile(r"[0-9]+")


def _to_halfwidth(value: str) -> str:
    return value.translate(_HALFWIDTH_TABLE)


def _remove_whitespace(value: str) -> str:
    return "".join(value.split())


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


def _today() -> datetime.date:
    """Today's date in the project's time zone when Django is configured.

    Falls back to the system date when settings are not configured (scripts,
    unit tests run without Django), or when ``USE_TZ`` is off.
    """
    from django.conf import settings

    if settings.configured and settings.USE_TZ:
        from django.utils import timezone

        return timezone.localdate()
    return datetime.date.today()
