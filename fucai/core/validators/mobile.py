"""Mainland China mobile numbers, as typed (spaces, hyphens, +86)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .normalize import _DIGITS_RE, _as_text, _remove_whitespace, _to_halfwidth

_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")


def normalize_mobile(value: str) -> str:
    """Strip formatting and the country code from a typed mobile number.

    Removes whitespace and hyphens (full-width ones too), then a leading
    ``+86`` or ``0086``, or a bare ``86`` when followed by exactly 11 digits
    (so an 11-digit number is never cut).  Does not validate.
    """
    text = _remove_whitespace(_to_halfwidth(_as_text(value))).replace("-", "")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


def validate_mobile(value: str) -> str:
    """Validate a mainland China mobile number and return its 11 digits.

    Mainland mobile numbers are 11 digits; the first is 1 and the second 3-9
    (the number segments allocated by MIIT).  Landlines and Hong Kong/Macao
    numbers are rejected because SMS notices can only be sent to mainland
    mobiles.
    """
    number = normalize_mobile(value)
    if number and not _DIGITS_RE.fullmatch(number):
        raise ValidationError(
            _("Mobile number may only contain digits, spaces, hyphens and a leading +86."),
            code="mobile_characters",
        )
    if len(number) != 11:
        raise ValidationError(
            _("Mobile number must be 11 digits."),
            code="mobile_length",
            params={"length": len(number)},
        )
    if not _MOBILE_RE.fullmatch(number):
        raise ValidationError(
            _("This is not a mainland China mobile number."),
            code="mobile_invalid",
        )
    return number
