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

One module per identifier (``id_number``, ``credit_code``, ``mobile``), with the field
validators (``fields``), date bounds (``dates``) and the shared normalization
(``normalize``); every name is importable from ``fucai.core.validators``.
"""

from .credit_code import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    make_credit_code,
    normalize_credit_code,
    validate_credit_code,
)
from .dates import EARLIEST_DATE, latest_date, validate_sane_date
from .fields import CreditCodeValidator, IdNumberValidator, MobileValidator
from .id_number import (
    ID_NUMBER_MIN_BIRTH_DATE,
    ID_NUMBER_PROVINCE_CODES,
    age_on,
    id_number_birth_date,
    id_number_check_digit,
    id_number_sex,
    make_id_number,
    normalize_id_number,
    validate_id_number,
)
from .mobile import normalize_mobile, validate_mobile

__all__ = [
    "CREDIT_CODE_CHARSET",
    "EARLIEST_DATE",
    "ID_NUMBER_MIN_BIRTH_DATE",
    "ID_NUMBER_PROVINCE_CODES",
    "CreditCodeValidator",
    "IdNumberValidator",
    "MobileValidator",
    "age_on",
    "credit_code_check_char",
    "id_number_birth_date",
    "id_number_check_digit",
    "id_number_sex",
    "latest_date",
    "make_credit_code",
    "make_id_number",
    "normalize_credit_code",
    "normalize_id_number",
    "normalize_mobile",
    "validate_credit_code",
    "validate_id_number",
    "validate_mobile",
    "validate_sane_date",
]
