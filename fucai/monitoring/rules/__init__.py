"""The alert rules: each reads the data it watches in a few queries and returns
``Finding``s; :func:`evaluate` runs the enabled ones (their thresholds are the
``AlertRule`` rows) and the service stores what was not found before.

One module per rule family: ``swings`` (sales jump / drop, robust z against the
station's own history and its district), ``closed_days`` (sales on days the station was
not open), ``targets``, ``imports`` (a district's data missing), ``lapses`` (insurance
and certificates)."""

import datetime

from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation

from fucai.sales.models import SalesDay

from ..choices import AlertKind
from ..models import AlertRule
from .closed_days import find_closed_day_sales
from .common import Finding, params_of
from .imports import find_missing_imports
from .lapses import find_certificate_lapses, find_insurance_lapses
from .swings import find_swings
from .targets import find_targets_behind

__all__ = ["Finding", "evaluate", "latest_sales_day", "params_of"]


def latest_sales_day() -> datetime.date | None:
    # The primary key leads with the date: an index-only max.
    return SalesDay.objects.aggregate(last=Max("date"))["last"]


def evaluate(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
    missing_until: datetime.date | None = None,
    kinds: set[str] | None = None,
) -> list[Finding]:
    """Every enabled rule's findings. The sales rules judge the days ``start``..``end``
    (default: the last week of data); imports missing are looked for up to ``end``;
    targets are judged on the sales up to ``end``; imports missing are looked for up to
    ``missing_until`` (default ``end``; the nightly run passes yesterday, so that data
    that stopped coming is seen); lapses count from ``today``."""
    today = today or timezone.localdate()
    rules = {
        rule.kind: rule
        for rule in AlertRule.objects.filter(enabled=True)
        if kinds is None or rule.kind in kinds
    }
    end = end or latest_sales_day()
    missing_until = missing_until or end
    findings: list[Finding] = []
    with translation.override(settings.LANGUAGE_CODE):
        if end is not None:
            start = start or end - datetime.timedelta(days=6)
            findings += find_swings(
                rules.get(AlertKind.SALES_JUMP), rules.get(AlertKind.SALES_DROP), start, end
            )
            if AlertKind.OFF_HOURS in rules:
                findings += find_closed_day_sales(rules[AlertKind.OFF_HOURS], start, end)
            if AlertKind.TARGET_BEHIND in rules:
                findings += find_targets_behind(rules[AlertKind.TARGET_BEHIND], end)
        if AlertKind.IMPORT_MISSING in rules and missing_until is not None:
            findings += find_missing_imports(rules[AlertKind.IMPORT_MISSING], missing_until)
        if AlertKind.INSURANCE_LAPSE in rules:
            findings += find_insurance_lapses(rules[AlertKind.INSURANCE_LAPSE], today)
        if AlertKind.CERTIFICATE_LAPSE in rules:
            findings += find_certificate_lapses(rules[AlertKind.CERTIFICATE_LAPSE], today)
    return findings
