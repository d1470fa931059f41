"""Dates a user filters by or asks about."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .normalize import _today

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
