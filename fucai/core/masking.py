"""Display masks for personal and business identifiers.

Screens, exports meant for display, and logs must never show an ID number,
phone number or full name in the clear (Personal Information Protection Law:
minimum necessary disclosure).  Each mask keeps the length of the value and
replaces hidden characters one-for-one with ``*``, so operators can still see
the shape of the value and compare it with a document in hand.

Every function accepts ``None`` or an empty string and returns ``""``.  When a
value is shorter than the format it is meant to have (a typo, a truncated
import), at most half of its characters are shown.
"""

from __future__ import annotations

from typing import Any

from .validators import normalize_mobile

__all__ = ["mask_bank_account", "mask_credit_code", "mask_id_number", "mask_name", "mask_phone"]

MASK_CHAR = "*"


def _mask(value: str, keep_start: int, keep_end: int, full_length: int) -> str:
    """Keep ``keep_start`` leading and ``keep_end`` trailing characters.

    For values shorter than ``full_length`` the number of revealed characters
    is capped at half of the value's length (rounded down), trimmed from the
    end first, then from the start.
    """
    length = len(value)
    if length < full_length:
        budget = length // 2
        keep_end = min(keep_end, budget // 2)
        keep_start = min(keep_start, budget - keep_end)
    hidden = length - keep_start - keep_end
    return value[:keep_start] + MASK_CHAR * hidden + value[length - keep_end :]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def mask_id_number(value: Any) -> str:
    """``"330302199001011234"`` → ``"330302********1234"``.

    Keeps the 6-digit address code and the last 4 characters (order code and
    check character), hiding the date of birth: the conventional display of
    resident ID numbers on Chinese government and banking screens.
    """
    text = _text(value)
    return _mask(text, 6, 4, 18) if text else ""


def mask_phone(value: Any) -> str:
    """``"13812345678"`` → ``"138****5678"``.

    A mainland mobile written with ``+86``, spaces or hyphens is normalized to
    its 11 digits first; other numbers are masked as written (first 3 and last
    4 characters kept).
    """
    text = _text(value)
    if not text:
        return ""
    digits = normalize_mobile(text)
    if len(digits) == 11 and digits.isascii() and digits.isdigit():
        text = digits
    return _mask(text, 3, 4, 11)


def mask_credit_code(value: Any) -> str:
    """``"91440300708461136T"`` → ``"91************136T"``.

    Keeps the registration-authority and entity-type codes and the last 4
    characters.
    """
    text = _text(value)
    return _mask(text, 2, 4, 18) if text else ""


def mask_name(value: Any) -> str:
    """``"张三"`` → ``"张*"``, ``"欧阳娜娜"`` → ``"欧***"``.

    Keeps only the first character.  A one-character value is fully masked
    (showing it would reveal the whole name).
    """
    text = _text(value)
    return _mask(text, 1, 0, 2) if text else ""


def mask_bank_account(value: Any) -> str:
    """``"6222021234567890123"`` → ``"***************0123"``.

    Keeps the last 4 digits only, as banks print an account on a receipt. Spaces are
    dropped first.
    """
    text = "".join(_text(value).split())
    return _mask(text, 0, 4, 12) if text else ""
