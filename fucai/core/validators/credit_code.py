"""Unified social credit codes (统一社会信用代码, GB 32100-2015)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from .normalize import _DIGITS_RE, _as_text, _remove_whitespace, _to_halfwidth

#: The 31 characters allowed by GB 32100-2015: digits and capital letters
#: without I, O, Z, S and V, which are too easily confused with 1, 0, 2, 5 and U.
#: A character's position in this string is its numeric value.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_VALUES = {char: index for index, char in enumerate(CREDIT_CODE_CHARSET)}


def credit_code_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a credit code.

    GB 32100-2015: sum each character's value times its weight, then
    ``31 - sum % 31`` (with 31 written as 0) indexes the charset.  As 31 is
    prime, any single mistyped character is detected.

    Raises :class:`ValueError` unless ``first17`` is 17 charset characters.
    """
    if (
        not isinstance(first17, str)
        or len(first17) != 17
        or any(char not in _CREDIT_CODE_VALUES for char in first17)
    ):
        raise ValueError("first17 must be 17 characters of the GB 32100 charset")
    return uscc.calc_check_digit(first17)


def normalize_credit_code(value: str) -> str:
    """Remove whitespace, convert full-width characters and upper-case."""
    return _remove_whitespace(_to_halfwidth(_as_text(value))).upper()


def validate_credit_code(value: str) -> str:
    """Validate a unified social credit code and return it normalized.

    Structure (GB 32100-2015): 1 registration-authority code, 1 entity-type
    code, 6-digit administrative region code (GB/T 2260), 9-character
    organization code, 1 check character.  Any charset character is accepted
    in the first two positions because the list of authorities is extended
    from time to time; the region must be digits and the check must match.
    """
    code = normalize_credit_code(value)

    if len(code) != 18:
        raise ValidationError(
            _("Unified social credit code must be 18 characters."),
            code="credit_code_length",
            params={"length": len(code)},
        )
    bad = sorted({char for char in code if char not in _CREDIT_CODE_VALUES})
    if bad:
        raise ValidationError(
            _(
                "Unified social credit code contains characters that are not allowed: "
                "%(characters)s. Letters I, O, S, V and Z are never used."
            ),
            code="credit_code_characters",
            params={"characters": ", ".join(bad)},
        )
    if not _DIGITS_RE.fullmatch(code[2:8]):
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code must be a 6-digit region code."),
            code="credit_code_region",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong."),
            code="credit_code_check_char",
        )
    return code


def make_credit_code(prefix17: str) -> str:
    """Append the check character to 17 charset characters (demo data, tests)."""
    return prefix17 + credit_code_check_char(prefix17)
