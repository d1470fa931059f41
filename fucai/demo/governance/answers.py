"""Answers of the demo's inspections: drawn per band of station, then checked against
the score they must come out at (the checklist's own computation)."""

from __future__ import annotations

import random
from decimal import Decimal

from fucai.governance.choices import AnswerType, InspectionResult, ViolationType
from fucai.governance.models import ChecklistItem

from .checklist import FAILURE_REMARKS, Answer, Score, score, violation_type_for
from .common import StationInfo

# Bands of stations: how often a pass/fail item fails, and how score items are marked.
BANDS = {
    "good": (0.1, (1, 0.8, 0.6), (45, 40, 15)),
    "fair": (0.2, (1, 0.8, 0.6, 0.4), (35, 35, 20, 10)),
    "poor": (0.55, (0.6, 0.4, 0.2), (30, 40, 30)),
    "clean": (0.0, (1,), (1,)),
}
# Critical failures found at the annual inspection, by what they are.
CRITICAL_TYPES = {
    ViolationType.NO_LICENCE: 40,
    ViolationType.NO_RESPONSIBLE_GAMING: 35,
    ViolationType.MINORS: 15,
    ViolationType.CREDIT: 10,
}
TEXT_ANSWERS = ("业主本人在岗，配合检查", "店员在岗，业主电话确认", "业主及一名销售员在岗")


def draw_answers(
    rng: random.Random, items: list[ChecklistItem], station: StationInfo, band: str
) -> list[Answer]:
    fail_rate, factors, weights = BANDS[band]
    answers = []
    for item in items:
        answer = Answer(item)
        kind = item.answer_type
        if kind == AnswerType.PASS_FAIL:
            # Critical items pass unless a case says otherwise (force_fail).
            answer.passed = item.critical or rng.random() >= fail_rate
            if not answer.passed:
                answer.comment = FAILURE_REMARKS.get(item.code, "")
        elif kind == AnswerType.SCORE:
            factor = rng.choices(factors, weights)[0]
            answer.score = (Decimal(item.weight) * Decimal(str(factor))).quantize(Decimal("0.01"))
            if factor < 0.6:
                answer.comment = FAILURE_REMARKS.get(item.code, "")
        elif kind == AnswerType.NUMBER:
            answer.number = Decimal(
                station.terminal_count if "终端" in item.text else rng.randint(1, 5)
            )
        elif kind == AnswerType.TEXT:
            answer.text = rng.choice(TEXT_ANSWERS)
        else:
            answer.photos = 1
        answers.append(answer)
    return answers


def force_fail(rng: random.Random, answers: list[Answer], keep) -> Answer | None:
    """Fail one pass/fail item for which ``keep(item)`` holds and that has not failed
    yet, a critical one if any qualifies."""
    choices = [
        a
        for a in answers
        if a.item.answer_type == AnswerType.PASS_FAIL and a.passed is not False and keep(a.item)
    ]
    if not choices:
        return None
    # Selling to minors is the critical item, not the missing sign about it.
    choices = [a for a in choices if a.item.critical] or choices
    answer = rng.choice(choices)
    answer.passed = False
    answer.comment = FAILURE_REMARKS.get(answer.item.code, "")
    return answer


def answers_for(
    rng: random.Random, items: list[ChecklistItem], station: StationInfo, want: str
) -> tuple[list[Answer], Score]:
    """Answers whose score comes out as wanted: "pass", "poor" (fails on points),
    "critical" (fails on a critical item) or "clean" (nothing wrong)."""
    for _ in range(50):
        if want == "clean":
            answers = draw_answers(rng, items, station, "clean")
        elif want == "poor":
            answers = draw_answers(rng, items, station, "poor")
        else:
            answers = draw_answers(rng, items, station, "good" if rng.random() < 0.8 else "fair")
        if want == "critical":
            kinds = [k for k in CRITICAL_TYPES if _has(items, k)]
            kind = rng.choices(kinds, [CRITICAL_TYPES[k] for k in kinds])[0] if kinds else None
            force_fail(
                rng, answers, lambda i, k=kind: i.critical and violation_type_for(i.text) == k
            )
        result = score(answers)
        failed = result.result == InspectionResult.FAILED
        if (
            (want in {"pass", "clean"} and not failed)
            or (want == "poor" and failed and not result.critical_failed)
            or (want == "critical" and result.critical_failed)
        ):
            return answers, result
    return answers, result


def _has(items: list[ChecklistItem], violation_type: str) -> bool:
    return any(i.critical and violation_type_for(i.text) == violation_type for i in items)
