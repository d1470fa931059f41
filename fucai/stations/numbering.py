"""Station numbering: the one place that knows how a station code is made.

A code is the city's 4-digit prefix (the first four digits of the GB/T 2260 code, 3303
for 温州) followed by a 4-digit serial, e.g. ``33035276``. Serials run city-wide in order
of registration (the district is not part of the code) and are never reused, so the
next code is the highest serial in use in the city plus one.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from .models import Station

SERIAL_DIGITS = 4
MAX_SERIAL = 10**SERIAL_DIGITS - 1


def city_prefix(region) -> str:
    """The code prefix of a county-level region: its city's 4-digit code."""
    return region.code[:4]


def _serials_in_use(prefix: str):
    return (
        Station.objects.annotate(code_length=Length("code"))
        .filter(code__startswith=prefix, code_length=len(prefix) + SERIAL_DIGITS)
        .values_list("code", flat=True)
    )


def next_code(region) -> str | None:
    """The next free code for a new station in ``region`` (None when the serials run out)."""
    prefix = city_prefix(region)
    highest = max(
        (int(code[len(prefix) :]) for code in _serials_in_use(prefix) if code.isdigit()),
        default=0,
    )
    if highest >= MAX_SERIAL:
        return None
    return f"{prefix}{highest + 1:0{SERIAL_DIGITS}d}"


CODE_RULE = _(
    "A station code is the city prefix %(prefix)s followed by a 4-digit serial "
    "(for example %(example)s)."
)
CODE_TAKEN = _("Station code %(code)s is already in use; the next free code is %(next)s.")


def validate_new_code(code: str, region, *, exclude_pk: int | None = None) -> str:
    """Check that a typed code follows ``region``'s numbering rule and is unused.

    Raises a ValidationError on the ``code`` field, with the suggested next code."""
    code = (code or "").strip()
    prefix = city_prefix(region)
    suggestion = next_code(region) or ""
    if not re.fullmatch(rf"{prefix}\d{{{SERIAL_DIGITS}}}", code) or code.endswith("0000"):
        raise ValidationError(
            {"code": CODE_RULE % {"prefix": prefix, "example": suggestion or f"{prefix}0001"}},
            code="code_rule",
        )
    taken = Station.objects.filter(code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise code_taken(code, region)
    return code


def code_taken(code: str, region) -> ValidationError:
    return ValidationError(
        {"code": CODE_TAKEN % {"code": code, "next": next_code(region) or "-"}}, code="code_taken"
    )
