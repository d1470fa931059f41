"""How the verdicts combine into an outcome (the worst verdict) and a decision."""

from __future__ import annotations

from dataclasses import dataclass

from ..constants import DECISION_FOR_OUTCOME
from .findings import finding_text
from .judges import JUDGES
from .verdicts import _OUTCOME, _RANK, CONDITIONAL, StationFacts


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
