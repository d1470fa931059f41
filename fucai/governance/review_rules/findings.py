"""The findings' texts: a code and the facts that fill it, rendered in the reader's
language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Findings: a code and the facts that fill it, rendered in the reader's language.
FINDINGS = {
    "registry_active": _("The station was operating at the end of the year."),
    "registry_closed": _("The registry closed the station on %(date)s: %(reason)s"),
    "registry_restricted": _("The station is %(status)s in the registry."),
    "inspection_none": _("No annual inspection was submitted this year."),
    "inspection_passed": _("Annual inspection of %(date)s passed with %(score)s of %(max)s."),
    "inspection_critical": _(
        "Annual inspection of %(date)s failed on a critical item (%(score)s of %(max)s)."
    ),
    "inspection_repeat": _(
        "Annual inspection of %(date)s failed (%(score)s of %(max)s), as it did the year before."
    ),
    "inspection_failed": _(
        "Annual inspection of %(date)s failed (%(score)s of %(max)s); first failure."
    ),
    "inspection_other_critical": _(
        "Annual inspection passed, but %(count)s other inspection(s) failed on a critical item."
    ),
    "rectification_none": _("No rectification order was overdue at the end of the year."),
    "rectification_overdue": _(
        "%(count)s rectification order(s) overdue and unresolved at the end of the year."
    ),
    "rectification_escalated": _(
        "%(count)s overdue order(s) unresolved even after the station's status was changed."
    ),
    "target_none": _("No sales target was set for this station this year."),
    "target_no_sales": _("No sales data for this year."),
    "target_met": _("Sales %(sales)s yuan, %(percent)s%% of the target of %(target)s yuan."),
    "target_low": _(
        "Sales %(sales)s yuan, %(percent)s%% of the target of %(target)s yuan (below %(min)s%%)."
    ),
    "median_no_sales": _("No sales data for this year."),
    "median_no_peers": _("No station of the district was open the whole year to compare with."),
    "median_closed": _("Closed during the year: not compared."),
    "median_ok": _(
        "Annualised sales %(sales)s yuan, %(percent)s%% of the district median of %(median)s yuan."
    ),
    "median_low": _(
        "Annualised sales %(sales)s yuan, %(percent)s%% of the district median of "
        "%(median)s yuan (below %(min)s%%)."
    ),
    "certification_untracked": _(
        "Not yet tracked: seller certification is not recorded in the system yet."
    ),
    "certification_ok": _("%(count)s certified seller(s) on duty at the end of the year."),
    "certification_missing": _("No certified seller on duty at the end of the year."),
    "certification_closed": _("Closed during the year: certification not assessed."),
    "insurance_covered": _("Covered by liability insurance the whole time it operated."),
    "insurance_none": _("No liability insurance policy covered the station this year."),
    "insurance_gaps": _("%(days)s day(s) without liability insurance this year."),
    "violations_none": _("No violation recorded this year."),
    "violations_some": _(
        "%(count)s violation(s) this year (fines %(fines)s yuan); heaviest penalty: %(penalty)s."
    ),
    "complaints_none": _("No substantiated complaint this year."),
    "complaints_some": _("%(count)s substantiated complaint(s) this year."),
    "complaints_untracked": _("Not yet tracked: complaints are not recorded in the system yet."),
}


def finding_text(note: str, facts: dict) -> str:
    template = FINDINGS.get(note)
    if template is None:
        return ""
    return str(template) % facts if facts else str(template)
