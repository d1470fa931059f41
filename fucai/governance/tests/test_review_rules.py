"""Each rule of the annual review, on plain facts (no database)."""

import datetime
from decimal import Decimal

import pytest

from fucai.governance import review_rules as rules
from fucai.governance.choices import Penalty, ReviewDecision, ReviewOutcome

D = datetime.date


def facts(**kwargs) -> rules.StationFacts:
    base = {
        "year": 2019,
        "status": "active",
        "status_label": "正常营业",
        "opened_on": D(2015, 3, 1),
        "closed_on": None,
        "annual": rules.InspectionFacts(
            D(2019, 5, 6), Decimal("88"), Decimal("100"), "passed", False
        ),
        "insurance": [(D(2019, 1, 1), D(2019, 12, 31))],
        "sales_fen": 90_000_000,
        "district_median_fen": 100_000_000,
    }
    base.update(kwargs)
    return rules.StationFacts(**base)


def failed(critical=False):
    return rules.InspectionFacts(D(2019, 5, 6), Decimal("52"), Decimal("100"), "failed", critical)


def test_a_clean_station_passes_and_continues():
    ev = rules.evaluate(facts())
    assert (ev.outcome, ev.decision) == (ReviewOutcome.PASS, ReviewDecision.CONTINUE)
    assert ev.conditions == ""
    criteria = [item["criterion"] for item in ev.breakdown]
    assert criteria == list(rules.CRITERIA)


def test_certification_and_complaints_say_not_yet_tracked_and_never_count():
    # No seller registered in the system: certification is no data, not a zero.
    ev = rules.evaluate(facts(certified_sellers=None))
    by = {item["criterion"]: item for item in ev.breakdown}
    for criterion in ("certification", "complaints"):
        assert by[criterion]["verdict"] == rules.INFO
        assert by[criterion]["value"] == ""
        assert by[criterion]["note"].endswith("untracked")


def test_certification_needs_a_certified_seller_on_duty_at_the_end_of_the_year():
    by = {i["criterion"]: i for i in rules.evaluate(facts(certified_sellers=2)).breakdown}
    assert (by["certification"]["verdict"], by["certification"]["value"]) == (rules.PASS, "2")
    ev = rules.evaluate(facts(certified_sellers=0))
    by = {item["criterion"]: item for item in ev.breakdown}
    assert by["certification"]["verdict"] == rules.CONDITIONAL
    assert by["certification"]["note"] == "certification_missing"
    assert ev.outcome == ReviewOutcome.CONDITIONAL
    closed = facts(certified_sellers=0, closed_on=D(2019, 6, 30), status="closed")
    by = {i["criterion"]: i for i in rules.evaluate(closed).breakdown}
    assert (by["certification"]["verdict"], by["certification"]["note"]) == (
        rules.INFO,
        "certification_closed",
    )


@pytest.mark.parametrize(
    ("annual", "last_year_failed", "expected", "note"),
    [
        (None, False, rules.CONDITIONAL, "inspection_none"),
        (failed(), False, rules.CONDITIONAL, "inspection_failed"),
        (failed(), True, rules.FAIL, "inspection_repeat"),
        (failed(critical=True), False, rules.FAIL, "inspection_critical"),
    ],
)
def test_inspection_rule(annual, last_year_failed, expected, note):
    v = rules.judge_inspection(facts(annual=annual, failed_annual_last_year=last_year_failed))
    assert (v.verdict, v.note) == (expected, note)


def test_a_passed_annual_inspection_with_critical_failures_elsewhere_is_conditional():
    v = rules.judge_inspection(facts(other_critical_failures=1))
    assert v.verdict == rules.CONDITIONAL
    assert v.value == "88.0 / 100"


def test_rectification_rule():
    assert rules.judge_rectification(facts()).verdict == rules.PASS
    assert rules.judge_rectification(facts(overdue_orders=2)).verdict == rules.CONDITIONAL
    worse = rules.judge_rectification(facts(overdue_orders=2, escalated_orders=1))
    assert worse.verdict == rules.FAIL


def test_sales_against_target():
    assert rules.judge_sales_target(facts()).verdict == rules.INFO  # no target set
    met = rules.judge_sales_target(facts(target_fen=100_000_000))
    assert (met.verdict, met.value) == (rules.PASS, "90.0%")
    low = rules.judge_sales_target(facts(sales_fen=59_000_000, target_fen=100_000_000))
    assert low.verdict == rules.CONDITIONAL
    assert "59.0%" in rules.finding_text(low.note, low.facts)


def test_sales_against_the_district_median_is_annualised_for_a_part_year():
    low = rules.judge_sales_median(facts(sales_fen=29_000_000))
    assert low.verdict == rules.CONDITIONAL
    # Open from July: 25 M in 184 days is ≈ 49.6 M a year, above 30% of 100 M.
    part = rules.judge_sales_median(facts(opened_on=D(2019, 7, 1), sales_fen=25_000_000))
    assert part.verdict == rules.PASS
    assert part.value == "49.6%"
    assert rules.judge_sales_median(facts(district_median_fen=None)).verdict == rules.INFO
    assert rules.judge_sales_median(facts(sales_fen=None)).verdict == rules.INFO


def test_insurance_rule_counts_uncovered_days_while_operating():
    assert rules.judge_insurance(facts()).verdict == rules.PASS
    assert rules.judge_insurance(facts(insurance=[])).note == "insurance_none"
    gap = rules.judge_insurance(
        facts(insurance=[(D(2019, 1, 1), D(2019, 3, 31)), (D(2019, 4, 11), D(2020, 3, 31))])
    )
    assert (gap.verdict, gap.facts) == (rules.CONDITIONAL, {"days": 10})
    # Opened in October, covered from the opening: no gap.
    late = facts(opened_on=D(2019, 10, 8), insurance=[(D(2019, 10, 8), D(2020, 10, 7))])
    assert rules.judge_insurance(late).verdict == rules.PASS


@pytest.mark.parametrize(
    ("violations", "expected"),
    [
        ([], rules.PASS),
        ([(Penalty.WARNING, 0)], rules.PASS),
        ([(Penalty.WARNING, 0), (Penalty.FINE, 200_000)], rules.CONDITIONAL),
        ([(Penalty.SUSPENSION, 0)], rules.CONDITIONAL),
        ([(Penalty.TERMINATION, 0)], rules.FAIL),
    ],
)
def test_violations_rule(violations, expected):
    assert rules.judge_violations(facts(violations=violations)).verdict == expected


def test_a_station_closed_by_the_registry_during_the_year_exits_with_its_reason():
    ev = rules.evaluate(
        facts(status="closed", closed_on=D(2019, 9, 30), close_reason="合同到期不再续签")
    )
    assert (ev.outcome, ev.decision) == (ReviewOutcome.FAIL, ReviewDecision.EXIT)
    registry = ev.breakdown[0]
    assert registry["verdict"] == rules.FAIL
    assert "合同到期不再续签" in registry["finding"]


def test_a_suspended_station_is_conditional():
    assert rules.judge_registry(facts(status="suspended")).verdict == rules.CONDITIONAL


def test_the_worst_verdict_decides_and_conditional_findings_become_the_conditions():
    ev = rules.evaluate(facts(annual=failed(), overdue_orders=1))
    assert (ev.outcome, ev.decision) == (ReviewOutcome.CONDITIONAL, ReviewDecision.WARN)
    assert len(ev.conditions.splitlines()) == 2
    ev = rules.evaluate(facts(annual=failed(), violations=[(Penalty.TERMINATION, 0)]))
    assert (ev.outcome, ev.decision) == (ReviewOutcome.FAIL, ReviewDecision.EXIT)


def test_substantiated_complaints_count_once_the_system_records_complaints():
    by = {i["criterion"]: i for i in rules.evaluate(facts(substantiated_complaints=0)).breakdown}
    assert (by["complaints"]["verdict"], by["complaints"]["value"]) == (rules.PASS, "0")
    by = {i["criterion"]: i for i in rules.evaluate(facts(substantiated_complaints=1)).breakdown}
    assert by["complaints"]["verdict"] == rules.PASS
    ev = rules.evaluate(facts(substantiated_complaints=3))
    by = {item["criterion"]: item for item in ev.breakdown}
    assert (by["complaints"]["verdict"], by["complaints"]["value"]) == (rules.CONDITIONAL, "3")
    assert ev.outcome == ReviewOutcome.CONDITIONAL
