"""Resident identity card numbers (公民身份号码, GB 11643-1999)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from .normalize import _as_text, _remove_whitespace, _to_halfwidth, _today

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
