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

# One module per topic: ``verdicts`` (verdicts, criteria, facts), ``findings`` (the
# findings' texts), ``judges`` (thresholds and one function per criterion) and
# ``evaluation`` (outcome and decision).
from .evaluation import Evaluation, evaluate
from .findings import FINDINGS, finding_text
from .judges import (
    INSURANCE_GAP_TOLERATED_DAYS,
    JUDGES,
    MEDIAN_MIN_PERCENT,
    PENALTY_VERDICT,
    TARGET_MIN_PERCENT,
    VIOLATIONS_CONDITIONAL_COUNT,
    insurance_gap_days,
    judge_certification,
    judge_complaints,
    judge_inspection,
    judge_insurance,
    judge_rectification,
    judge_registry,
    judge_sales_median,
    judge_sales_target,
    judge_violations,
    operating_span,
    year_bounds,
)
from .verdicts import (
    CONDITIONAL,
    CRITERIA,
    FAIL,
    INFO,
    PASS,
    VERDICTS,
    InspectionFacts,
    StationFacts,
    Verdict,
)

__all__ = [
    "CONDITIONAL",
    "CRITERIA",
    "FAIL",
    "FINDINGS",
    "INFO",
    "INSURANCE_GAP_TOLERATED_DAYS",
    "JUDGES",
    "MEDIAN_MIN_PERCENT",
    "PASS",
    "PENALTY_VERDICT",
    "TARGET_MIN_PERCENT",
    "VERDICTS",
    "VIOLATIONS_CONDITIONAL_COUNT",
    "Evaluation",
    "InspectionFacts",
    "StationFacts",
    "Verdict",
    "evaluate",
    "finding_text",
    "insurance_gap_days",
    "judge_certification",
    "judge_complaints",
    "judge_inspection",
    "judge_insurance",
    "judge_rectification",
    "judge_registry",
    "judge_sales_median",
    "judge_sales_target",
    "judge_violations",
    "operating_span",
    "year_bounds",
]
