"""Eligibility of a grant application, from the programme's rules as data.

Each rule names a check (``EligibilityRule.code``) with its settings (``params``):
``admission_year`` ``{"year": 2019}`` — a freshman admitted that year;
``household_region`` ``{"region_prefix": "3303"}`` — household registered under that
GB/T 2260 prefix (the city, or one district); ``hardship`` ``{"kinds": ["dibao",
"tekun"]}`` — holds one of these certificates. A center adds a programme's conditions
as rows, not code; an unknown check fails closed (the application needs a person's
look)."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from .choices import EligibilityCheck, HardshipKind


def _admission_year(application, params: dict) -> str | None:
    year = params.get("year")
    if year is not None and application.admission_year != int(year):
        return str(_("Not admitted in %(year)s.")) % {"year": year}
    return None


def _household_region(application, params: dict) -> str | None:
    prefix = str(params.get("region_prefix", ""))
    code = application.household_region.code if application.household_region_id else ""
    if prefix and not code.startswith(prefix):
        return str(_("Household not registered in the programme's area."))
    return None


def _hardship(application, params: dict) -> str | None:
    kinds = params.get("kinds") or []
    if kinds and application.hardship not in kinds:
        labels = "、".join(str(HardshipKind(k).label) for k in kinds if k in HardshipKind.values)
        return str(_("No qualifying hardship certificate (%(kinds)s).")) % {"kinds": labels}
    return None


CHECKS: dict[str, Callable] = {
    EligibilityCheck.ADMISSION_YEAR: _admission_year,
    EligibilityCheck.HOUSEHOLD_REGION: _household_region,
    EligibilityCheck.HARDSHIP: _hardship,
}


def failures(application, rules) -> list[str]:
    """The reasons ``application`` fails ``rules`` (empty: eligible)."""
    reasons = []
    for rule in rules:
        check = CHECKS.get(rule.code)
        if check is None:
            reasons.append(str(_("Unknown check “%(code)s”.")) % {"code": rule.code})
            continue
        reason = check(application, rule.params or {})
        if reason:
            reasons.append(reason)
    return reasons


# A suggested score from the data (staff confirm or change it at verification): the
# heavier the hardship, the higher.
HARDSHIP_POINTS = {
    HardshipKind.SPECIAL_HARDSHIP: 90,
    HardshipKind.LOW_INCOME: 80,
    HardshipKind.LOW_INCOME_EDGE: 70,
    HardshipKind.OTHER: 60,
}


def suggested_score(application) -> int:
    return HARDSHIP_POINTS.get(application.hardship, 50)
