"""Shared validators for identity and contact data.

The platform records three kinds of identifiers that users type by hand and
that are frequently mistyped:

* the 18-character resident identity card number (公民身份号码, GB 11643-1999),
  needed because lottery may not be sold to minors and prize claims above the
  tax threshold are registered against a verified identity;
* the 18-character unified social credit code (统一社会信用代码, GB 32100-2015)
  of the legal entities that run betting stations;
* mainland China mobile numbers used for SMS notices.

Each ``validate_*`` function normalizes the input (people paste numbers with
spaces, full-width characters from a Chinese IME, or a ``+86`` prefix) and
either returns the canonical form or raises a
:class:`~django.core.exceptions.ValidationError` with a specific ``code`` and a
translatable message, so forms can tell the user *what* is wrong.

The checksums themselves come from python-stdnum (``stdnum.cn.ric``, GB 11643;
``stdnum.cn.uscc``, GB 32100), a maintained library of standard-number
algorithms; this module keeps the normalization, the checks stdnum does not do
the project's way (province prefix, date-of-birth range, charset in the first
two credit-code positions) and the Chinese error messages.

The ``make_*`` helpers build checksum-valid synthetic identifiers for demo data
and tests; they never produce real people's numbers on purpose, but any number
they build is formally valid, so treat the output as personal data in
screenshots all the same.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

__all__ = [
    "CREDIT_CODE_CHARSET",
    "ID_NUMBER_PROVINCE_CODES",
    "CreditCodeValidator",
    "IdNumberValidator",
    "MobileValidator",
    "age_on",
    "credit_code_check_char",
    "id_number_birth_date",
    "id_number_check_digit",
    "id_number_sex",
    "make_credit_code",
    "make_id_number",
    "normalize_credit_code",
    "normalize_id_number",
    "normalize_mobile",
    "validate_credit_code",
    "validate_id_number",
    "validate_mobile",
]

# ---------------------------------------------------------------------------
# Shared normalization helpers
# ---------------------------------------------------------------------------

# Full-width forms U+FF01..U+FF5E map one-to-one onto ASCII 0x21..0x7E; the
# ideographic space U+3000 is the full-width space.  Chinese input methods
# produce these when the user forgets to switch to half-width mode.
_HALFWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH_TABLE[0x3000] = 0x20


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


# ---------------------------------------------------------------------------
# Resident identity card number (GB 11643-1999)
# ---------------------------------------------------------------------------

#: First two digits of the address code: province-level divisions of
#: GB/T 2260 (11-15 North, 21-23 North-east, 31-37 East, 41-46 Central-South,
#: 50-54 South-west, 61-65 North-west, 71 Taiwan, 81 Hong Kong, 82 Macao).
#: Hong Kong, Macao and Taiwan codes appear on residence permits (居住证),
#: which use the same 18-character format.
ID_NUMBER_PROVINCE_CODES: frozenset[str] = frozenset(
    [f"{n}" for n in range(11, 16)]
    + [f"{n}" for n in range(21, 24)]
    + [f"{n}" for n in range(31, 38)]
    + [f"{n}" for n in range(41, 47)]
    + [f"{n}" for n in range(50, 55)]
    + [f"{n}" for n in range(61, 66)]
    + ["71", "81", "82"]
)

#: Dates of birth before this are treated as typing errors; GB 11643 only
#: encodes four-digit years and nobody alive was born earlier.
ID_NUMBER_MIN_BIRTH_DATE = datetime.date(1900, 1, 1)

_ID_SHAPE_RE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS_RE = re.compile(r"[0-9]+")


def id_number_check_digit(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number.

    GB 11643-1999 uses ISO 7064 MOD 11-2: multiply each digit by its weight,
    take the sum modulo 11 and look the remainder up in ``"10X98765432"``.
    Because 11 is prime and no weight is 0 mod 11, every single-digit typo
    and every swap of two adjacent different digits changes the check
    character, which is why the check is worth enforcing.

    Raises :class:`ValueError` unless ``first17`` is exactly 17 ASCII digits.
    """
    if not isinstance(first17, str) or not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError("first17 must be exactly 17 ASCII digits")
    # stdnum computes the check of a full number and ignores its last character.
    return ric.calc_check_digit(first17 + "0")


def normalize_id_number(value: str) -> str:
    """Canonical form of a typed ID number.

    Removes all whitespace, converts full-width digits and letters to ASCII and
    upper-cases a trailing ``x`` (the check character X is often typed in lower
    case).  Does not validate.
    """
    text = _remove_whitespace(_to_halfwidth(_as_text(value)))
    if text.endswith("x"):
        text = text[:-1] + "X"
    return text


def _parse_yyyymmdd(text: str) -> datetime.date | None:
    try:
        return datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Validate an 18-character resident ID number and return it normalized.

    Checks, in order, so that the first failure gets its own message:

    1. length (18 characters; the 15-digit first-generation cards expired in
       2013 and are no longer accepted);
    2. characters (17 digits followed by a digit or X);
    3. region: the first two digits must be a GB/T 2260 province code;
    4. date of birth (positions 7-14, ``YYYYMMDD``) must exist, not lie in the
       future and not be before 1900-01-01;
    5. the MOD 11-2 check character.

    ``today`` can be passed to make the future-date rule deterministic; it
    defaults to the current local date.
    """
    number = normalize_id_number(value)

    if len(number) != 18:
        raise ValidationError(
            _("ID number must be 18 characters."),
            code="id_number_length",
            params={"length": len(number)},
        )
    if not _ID_SHAPE_RE.fullmatch(number):
        raise ValidationError(
            _("ID number must be 17 digits followed by a digit or the letter X."),
            code="id_number_characters",
        )
    if number[:2] not in ID_NUMBER_PROVINCE_CODES:
        raise ValidationError(
            _("The region code %(code)s at the start of this ID number does not exist."),
            code="id_number_region",
            params={"code": number[:2]},
        )
    birth = _parse_yyyymmdd(number[6:14])
    if birth is None:
        raise ValidationError(
            _("The date of birth in this ID number is not a real date."),
            code="id_number_birth_date",
        )
    if birth > (today or _today()):
        raise ValidationError(
            _("The date of birth in this ID number is in the future."),
            code="id_number_birth_date",
        )
    if birth < ID_NUMBER_MIN_BIRTH_DATE:
        raise ValidationError(
            _("The date of birth in this ID number is before %(date)s."),
            code="id_number_birth_date",
            params={"date": ID_NUMBER_MIN_BIRTH_DATE.isoformat()},
        )
    if id_number_check_digit(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong."),
            code="id_number_check_digit",
        )
    return number


def id_number_birth_date(value: str) -> datetime.date:
    """Date of birth encoded in a valid ID number.

    The number is validated first (raises :class:`ValidationError`), so the
    result is always a real date.
    """
    number = validate_id_number(value)
    birth = _parse_yyyymmdd(number[6:14])
    assert birth is not None  # guaranteed by validate_id_number
    return birth


def id_number_sex(value: str) -> str:
    """``"M"`` or ``"F"`` from a valid ID number.

    GB 11643-1999 assigns odd order codes (the 17th digit's parity) to men and
    even ones to women.  The number is validated first.
    """
    number = validate_id_number(value)
    return "M" if int(number[16]) % 2 == 1 else "F"


def age_on(birth: datetime.date, on: datetime.date) -> int:
    """Age in completed years on the date ``on``.

    Used for the ban on selling lottery to minors (under 18) in the Lottery
    Administration Regulations (彩票管理条例).  The age goes up on the birthday
    itself; someone born on 29 February gains a year on 1 March in common
    years.  Raises :class:`ValueError` if ``on`` is before ``birth``.
    """
    if on < birth:
        raise ValueError("'on' must not be before the date of birth")
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def make_id_number(region_code: str, birth: datetime.date, sequence: int) -> str:
    """Build a synthetic, checksum-valid 18-character ID number.

    ``region_code`` is the 6-digit GB/T 2260 address code, ``sequence`` the
    3-digit order code (0..999; its parity sets the sex: odd = male).
    Intended for demo data and tests.  The result passes
    :func:`validate_id_number` if the region's first two digits are a known
    province and ``birth`` lies between 1900-01-01 and today.
    """
    if not re.fullmatch(r"[0-9]{6}", region_code):
        raise ValueError("region_code must be exactly 6 ASCII digits")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be between 0 and 999")
    first17 = f"{region_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
    return first17 + id_number_check_digit(first17)


# ---------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015)
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Mainland China mobile numbers
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Field validators
# ---------------------------------------------------------------------------


class _FunctionValidator:
    """Callable wrapper around a ``validate_*`` function for form/model fields.

    ``message`` and ``code`` optionally replace the specific message and code
    of whatever check fails.
    """

    def __init__(self, message: Any = None, code: str | None = None) -> None:
        self.message = message
        self.code = code

    def validate(self, value: str) -> str:  # pragma: no cover - overridden
        raise TypeError(f"{type(self).__name__} must define validate()")

    def __call__(self, value: Any) -> None:
        try:
            self.validate(value)
        except ValidationError as error:
            if self.message is None and self.code is None:
                raise
            raise ValidationError(
                self.message if self.message is not None else error.message,
                code=self.code if self.code is not None else error.code,
                params=error.params,
            ) from error

    def __eq__(self, other: object) -> bool:
        return (
            type(self) is type(other)
            and self.message == other.message  # type: ignore[attr-defined]
            and self.code == other.code  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self), self.code))


@deconstructible(path="fucai.core.validators.IdNumberValidator")
class IdNumberValidator(_FunctionValidator):
    """Field validator for 18-character resident ID numbers."""

    def validate(self, value: str) -> str:
        return validate_id_number(value)


@deconstructible(path="fucai.core.validators.CreditCodeValidator")
class CreditCodeValidator(_FunctionValidator):
    """Field validator for unified social credit codes."""

    def validate(self, value: str) -> str:
        return validate_credit_code(value)


@deconstructible(path="fucai.core.validators.MobileValidator")
class MobileValidator(_FunctionValidator):
    """Field validator for mainland China mobile numbers."""

    def validate(self, value: str) -> str:
        return validate_mobile(value)


# Dates a user filters by or asks about: from 2000 (before any data of the center) to a
# year ahead. 9999-12-31 is refused here rather than overflowing date arithmetic later.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def latest_date() -> datetime.date:
    return _today() + datetime.timedelta(days=366)


def validate_sane_date(value: datetime.date) -> None:
    latest = latest_date()
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
        )
