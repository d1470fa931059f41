"""The annual review's (年审) rules, in one place.

Everything the review decides is here: the thresholds, one function per criterion
turning a station's facts of the year into a verdict with its finding, and how the
verdicts combine into an outcome (pass / conditional pass / fail) and a decision
(continue / warn with conditions / exit). Pure functions over plain data: the service
(services/reviews.py) gathers the facts in a few queries and stores what this returns,
so every rule can be tested without a database.

A criterion's verdict is one of ``pass``, ``conditional``, ``fail`` or ``info`` (not
assessed: the data does not exist or its module is not built yet — certification and
complaints — and then it is said so, never a made-up value). The outcome is the worst
verdict; ``info`` never counts against a station.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .choices import InspectionResult, Penalty, ReviewOutcome
from .constants import DECISION_FOR_OUTCOME

PASS, CONDITIONAL, FAIL, INFO = "pass", "conditional", "fail", "info"
_RANK = {INFO: 0, PASS: 0, CONDITIONAL: 1, FAIL: 2}
_OUTCOME = {0: ReviewOutcome.PASS, 1: ReviewOutcome.CONDITIONAL, 2: ReviewOutcome.FAIL}

# -- Thresholds (policy, not data) ------------------------------------------------------
# Sales below this share of the station's own target for the year → conditional.
TARGET_MIN_PERCENT = 60
# Sales (annualised for a station open part of the year) below this share of the
# median of its district's stations open the whole year → conditional.
MEDIAN_MIN_PERCENT = 30
# This many violations in the year (of any penalty) → conditional.
VIOLATIONS_CONDITIONAL_COUNT = 2
# Days without liability insurance tolerated in the year (a renewal a few days late).
INSURANCE_GAP_TOLERATED_DAYS = 0
# Penalties that decide the criterion by themselves.
PENALTY_VERDICT = {Penalty.TERMINATION: FAIL, Penalty.SUSPENSION: CONDITIONAL}

CRITERIA = {
    "registry": _("Registry status"),
    "inspection": _("Inspections"),
    "rectification": _("Rectification"),
    "sales_target": _("Sales against target"),
    "sales_median": _("Sales against the district median"),
    "certification": _("Seller certification"),
    "insurance": _("Liability insurance"),
    "violations": _("Violations"),
    "complaints": _("Complaints"),
}

VERDICTS = {
    PASS: _("Pass"),
    CONDITIONAL: _("Conditional"),
    FAIL: _("Fail"),
    INFO: _("Not assessed"),
}

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
    "insurance_covered": _("Covered by liability insurance the whole time it operated."),
    "insurance_none": _("No liability insurance policy covered the station this year."),
    "insurance_gaps": _("%(days)s day(s) without liability insurance this year."),
    "violations_none": _("No violation recorded this year."),
    "violations_some": _(
        "%(count)s violation(s) this year (fines %(fines)s yuan); heaviest penalty: %(penalty)s."
    ),
    "complaints_untracked": _("Not yet tracked: complaints are not recorded in the system yet."),
}


@dataclass
class InspectionFacts:
    inspected_on: datetime.date | None
    score: Decimal | None
    max_score: Decimal | None
    result: str
    critical_failed: bool


@dataclass
class StationFacts:
    """What the review of one station for one year looks at."""

    year: int
    status: str
    status_label: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    close_reason: str = ""
    annual: InspectionFacts | None = None
    failed_annual_last_year: bool = False
    other_critical_failures: int = 0
    overdue_orders: int = 0
    escalated_orders: int = 0
    sales_fen: int | None = None
    target_fen: int | None = None
    district_median_fen: int | None = None
    insurance: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    violations: list[tuple[str, int]] = field(default_factory=list)  # (penalty, fine_fen)


@dataclass
class Verdict:
    criterion: str
    verdict: str
    note: str
    facts: dict = field(default_factory=dict)
    value: str = ""

    def as_json(self) -> dict:
        return {
            "criterion": self.criterion,
            "verdict": self.verdict,
            "note": self.note,
            "facts": self.facts,
            "value": self.value,
            # In the center's language at computation time, for readers of the raw row
            # (the API); pages render ``note`` + ``facts`` in the reader's language.
            "label": str(CRITERIA[self.criterion]),
            "finding": finding_text(self.note, self.facts),
        }


def finding_text(note: str, facts: dict) -> str:
    template = FINDINGS.get(note)
    if template is None:
        return ""
    return str(template) % facts if facts else str(template)


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
    # There is no certification module yet: say so rather than invent a status.
    return Verdict("certification", INFO, "certification_untracked")


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
    # Complaints (the feedback app) do not exist yet.
    return Verdict("complaints", INFO, "complaints_untracked")


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


@dataclass
class Evaluation:
    outcome: str
    decision: str
    breakdown: list[dict]
    conditions: str


def evaluate(f: StationFacts) -> Evaluation:
    """Every criterion, then the worst verdict as the outcome and its decision. The
    conditions of a warning are the findings that made it conditional."""
    verdicts = [judge(f) for judge in JUDGES]
    worst = max(_RANK[v.verdict] for v in verdicts)
    outcome = _OUTCOME[worst]
    conditions = "\n".join(
        finding_text(v.note, v.facts) for v in verdicts if v.verdict == CONDITIONAL
    )
    return Evaluation(
        outcome=outcome,
        decision=DECISION_FOR_OUTCOME[outcome],
        breakdown=[v.as_json() for v in verdicts],
        conditions=conditions,
    )
