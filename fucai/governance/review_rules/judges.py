"""The thresholds and one function per criterion, turning a station's facts of the year
into a verdict with its finding."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from ..choices import InspectionResult, Penalty
from .verdicts import CONDITIONAL, FAIL, INFO, PASS, StationFacts, Verdict

# -- Thresholds (policy, not data) ------------------------------------------------------
# Sales below this share of the station's own target for the year → conditional.
TARGET_MIN_PERCENT = 60
# Sales (annualised for a station open part of the year) below this share of the
# median of its district's stations open the whole year → conditional.
MEDIAN_MIN_PERCENT = 30
# This many violations in the year (of any penalty) → conditional.
VIOLATIONS_CONDITIONAL_COUNT = 2
COMPLAINTS_CONDITIONAL_COUNT = 3
# Days without liability insurance tolerated in the year (a renewal a few days late).
INSURANCE_GAP_TOLERATED_DAYS = 0
# Penalties that decide the criterion by themselves.
PENALTY_VERDICT = {Penalty.TERMINATION: FAIL, Penalty.SUSPENSION: CONDITIONAL}


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:,.0f}"


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _closed_in_year(f: StationFacts) -> bool:
    start, end = year_bounds(f.year)
    return f.closed_on is not None and start <= f.closed_on <= end


def operating_span(f: StationFacts) -> tuple[datetime.date, datetime.date]:
    """The days of the year the station operated."""
    start, end = year_bounds(f.year)
    if f.opened_on and f.opened_on > start:
        start = f.opened_on
    if f.closed_on and f.closed_on < end:
        end = f.closed_on
    return start, end


# -- One function per criterion ---------------------------------------------------------


def judge_registry(f: StationFacts) -> Verdict:
    """A station the registry closed during the year exits with the registry's reason;
    one suspended or rectifying now passes only with conditions."""
    if _closed_in_year(f):
        facts = {"date": f.closed_on.isoformat(), "reason": f.close_reason}
        return Verdict("registry", FAIL, "registry_closed", facts, f.status_label)
    if f.status in ("suspended", "rectifying"):
        return Verdict(
            "registry",
            CONDITIONAL,
            "registry_restricted",
            {"status": f.status_label},
            f.status_label,
        )
    return Verdict("registry", PASS, "registry_active", {}, f.status_label)


def judge_inspection(f: StationFacts) -> Verdict:
    """The year's annual inspection: passed → pass; failed on a critical item, or failed
    two years running → fail; a first non-critical failure → conditional; none → conditional.
    A passed annual inspection with critical failures in other inspections → conditional."""
    a = f.annual
    if a is None:
        return Verdict("inspection", CONDITIONAL, "inspection_none")
    facts = {
        "date": a.inspected_on.isoformat() if a.inspected_on else "",
        "score": f"{a.score or 0:.1f}",
        "max": f"{a.max_score or 0:.0f}",
    }
    value = "{score} / {max}".format(**facts)
    if a.result == InspectionResult.PASSED:
        if f.other_critical_failures:
            facts["count"] = f.other_critical_failures
            return Verdict("inspection", CONDITIONAL, "inspection_other_critical", facts, value)
        return Verdict("inspection", PASS, "inspection_passed", facts, value)
    if a.critical_failed:
        return Verdict("inspection", FAIL, "inspection_critical", facts, value)
    if f.failed_annual_last_year:
        return Verdict("inspection", FAIL, "inspection_repeat", facts, value)
    return Verdict("inspection", CONDITIONAL, "inspection_failed", facts, value)


def judge_rectification(f: StationFacts) -> Verdict:
    """Overdue orders unresolved at year end → conditional; unresolved even after the
    escalation changed the station's status → fail."""
    if f.escalated_orders:
        facts = {"count": f.escalated_orders}
        return Verdict(
            "rectification", FAIL, "rectification_escalated", facts, str(f.overdue_orders)
        )
    if f.overdue_orders:
        facts = {"count": f.overdue_orders}
        return Verdict(
            "rectification", CONDITIONAL, "rectification_overdue", facts, str(f.overdue_orders)
        )
    return Verdict("rectification", PASS, "rectification_none", {}, "0")


def judge_sales_target(f: StationFacts) -> Verdict:
    if not f.target_fen:
        return Verdict("sales_target", INFO, "target_none")
    if f.sales_fen is None:
        return Verdict("sales_target", INFO, "target_no_sales")
    percent = _percent(f.sales_fen, f.target_fen)
    facts = {
        "sales": _yuan(f.sales_fen),
        "target": _yuan(f.target_fen),
        "percent": str(percent),
        "min": TARGET_MIN_PERCENT,
    }
    verdict, note = (
        (PASS, "target_met") if percent >= TARGET_MIN_PERCENT else (CONDITIONAL, "target_low")
    )
    return Verdict("sales_target", verdict, note, facts, f"{percent}%")


def judge_sales_median(f: StationFacts) -> Verdict:
    """Against the median of the district's stations open the whole year; a station
    open part of the year is annualised (sales ÷ days open × days in the year)."""
    if _closed_in_year(f):
        return Verdict("sales_median", INFO, "median_closed")
    if f.sales_fen is None:
        return Verdict("sales_median", INFO, "median_no_sales")
    if not f.district_median_fen:
        return Verdict("sales_median", INFO, "median_no_peers")
    start, end = operating_span(f)
    year_start, year_end = year_bounds(f.year)
    days_open = (end - start).days + 1
    days_in_year = (year_end - year_start).days + 1
    annualised = (
        f.sales_fen
        if days_open >= days_in_year
        else (f.sales_fen * days_in_year // max(days_open, 1))
    )
    percent = _percent(annualised, f.district_median_fen)
    facts = {
        "sales": _yuan(annualised),
        "median": _yuan(f.district_median_fen),
        "percent": str(percent),
        "min": MEDIAN_MIN_PERCENT,
    }
    verdict, note = (
        (PASS, "median_ok") if percent >= MEDIAN_MIN_PERCENT else (CONDITIONAL, "median_low")
    )
    return Verdict("sales_median", verdict, note, facts, f"{percent}%")


def judge_certification(f: StationFacts) -> Verdict:
    """持证上岗: someone holding a certificate must be on duty. Read at the end of the
    year; not assessed for a station closed before it, nor when the registry holds no
    certification data for that day (no data is not a zero)."""
    if f.certified_sellers is None:
        return Verdict("certification", INFO, "certification_untracked")
    if f.closed_on is not None and f.closed_on < year_bounds(f.year)[1]:
        return Verdict("certification", INFO, "certification_closed")
    count = f.certified_sellers
    if count:
        return Verdict("certification", PASS, "certification_ok", {"count": count}, str(count))
    return Verdict("certification", CONDITIONAL, "certification_missing", {}, "0")


def insurance_gap_days(f: StationFacts) -> int:
    """Days the station operated this year without a policy in force."""
    start, end = operating_span(f)
    if end < start:
        return 0
    covered: set[datetime.date] = set()
    for policy_start, policy_end in f.insurance:
        day, last = max(policy_start, start), min(policy_end, end)
        while day <= last:
            covered.add(day)
            day += datetime.timedelta(days=1)
    return (end - start).days + 1 - len(covered)


def judge_insurance(f: StationFacts) -> Verdict:
    if not f.insurance:
        return Verdict("insurance", CONDITIONAL, "insurance_none")
    gap = insurance_gap_days(f)
    if gap > INSURANCE_GAP_TOLERATED_DAYS:
        return Verdict("insurance", CONDITIONAL, "insurance_gaps", {"days": gap}, str(gap))
    return Verdict("insurance", PASS, "insurance_covered", {}, "0")


_PENALTY_ORDER = [Penalty.WARNING, Penalty.FINE, Penalty.SUSPENSION, Penalty.TERMINATION]


def judge_violations(f: StationFacts) -> Verdict:
    """A termination-level penalty → fail; a suspension, or
    ``VIOLATIONS_CONDITIONAL_COUNT`` violations → conditional."""
    if not f.violations:
        return Verdict("violations", PASS, "violations_none", {}, "0")
    heaviest = max((p for p, _fine in f.violations), key=_PENALTY_ORDER.index)
    facts = {
        "count": len(f.violations),
        "fines": _yuan(sum(fine for _p, fine in f.violations)),
        "penalty": str(Penalty(heaviest).label),
    }
    verdict = PENALTY_VERDICT.get(heaviest, PASS)
    if verdict == PASS and len(f.violations) >= VIOLATIONS_CONDITIONAL_COUNT:
        verdict = CONDITIONAL
    return Verdict("violations", verdict, "violations_some", facts, str(len(f.violations)))


def judge_complaints(f: StationFacts) -> Verdict:
    """Substantiated complaints (feedback app): ``COMPLAINTS_CONDITIONAL_COUNT`` or more
    → conditional; no complaint recorded in the system at all → not yet tracked."""
    count = f.substantiated_complaints
    if count is None:
        return Verdict("complaints", INFO, "complaints_untracked")
    if count == 0:
        return Verdict("complaints", PASS, "complaints_none", {}, "0")
    verdict = CONDITIONAL if count >= COMPLAINTS_CONDITIONAL_COUNT else PASS
    return Verdict("complaints", verdict, "complaints_some", {"count": count}, str(count))


JUDGES = (
    judge_registry,
    judge_inspection,
    judge_rectification,
    judge_sales_target,
    judge_sales_median,
    judge_certification,
    judge_insurance,
    judge_violations,
    judge_complaints,
)
