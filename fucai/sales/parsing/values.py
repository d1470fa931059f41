"""Cell values: text, amounts in fen (through Decimal, never float), counts and dates,
read strictly — every value either parses exactly or raises ``ValueProblem``."""

import datetime
import functools
import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import ValueProblem


def text_of(value: Any) -> str:
    if isinstance(value, str):
        # NFKC folds full-width digits and signs (１２３，４ ￥); ASCII needs no folding.
        return (value if value.isascii() else unicodedata.normalize("NFKC", value)).strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_TWO_PLACES = Decimal("0.01")


def parse_fen(value: Any) -> int:
    """A yuan amount (``1234.5``, ``1,234.50``, ``¥１２３４``, an XLSX number) in fen."""
    if isinstance(value, bool):
        raise ValueProblem(_("not an amount"))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # XLSX numbers are binary doubles; repr() gives the shortest decimal that reads
        # back the same, which is what Excel displays. A formula may leave float noise
        # (0.1 + 0.2), which we round away only when it is far below a fen.
        amount = Decimal(repr(value))
        if amount.is_finite() and abs(amount - amount.quantize(_TWO_PLACES)) < Decimal("1e-6"):
            amount = amount.quantize(_TWO_PLACES)
    else:
        text = text_of(value).replace(" ", "")
        if not text:
            raise ValueProblem(_("amount is missing"))
        text = text.removeprefix("¥").removesuffix("元")
        if text.startswith("-") or (text.startswith("(") and text.endswith(")")):
            raise ValueProblem(_("amount is negative"))
        if not _AMOUNT.match(text):
            raise ValueProblem(_("not an amount"))
        amount = Decimal(text.replace(",", ""))
    if not amount.is_finite():
        raise ValueProblem(_("not an amount"))
    if amount < 0:
        raise ValueProblem(_("amount is negative"))
    if amount != amount.quantize(_TWO_PLACES):
        raise ValueProblem(_("amount has more than two decimal places"))
    return int(amount * 100)


def parse_count(value: Any) -> int:
    """A non-negative whole number (ticket count); blank means 0."""
    if isinstance(value, bool):
        raise ValueProblem(_("not a whole number"))
    text = text_of(value).replace(" ", "")
    if not text:
        return 0
    if text.startswith("-"):
        raise ValueProblem(_("number is negative"))
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        raise ValueProblem(_("not a whole number"))
    count = int(text.replace(",", ""))
    if count > 2_147_483_647:
        raise ValueProblem(_("number is too large"))
    return count


_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
# Excel stores dates as day numbers; a date cell without date formatting reads as one.
_EXCEL_SERIALS = (20_000, 80_000)  # 1954 .. 2119


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and _EXCEL_SERIALS[0] <= value < _EXCEL_SERIALS[1]
    ):
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    return _parse_date_text(text_of(value))


@functools.lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> datetime.date:
    # Cached: a file repeats the same few dates on thousands of rows.
    text = re.sub(r"[ T]0{1,2}:00(?::00)?$", "", text)  # a date written as midnight
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValueProblem(_("not a valid date"))


def normalize_code(value: Any) -> str:
    return text_of(value)


def display_value(value: Any) -> str:
    """The value as shown back to the user in an error."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)
