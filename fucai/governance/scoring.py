"""How an inspection is scored from its answers and the checklist's weights.

Pure functions over plain values, so the rule is tested without a database and the
field form, the detail page and ``inspection_submit`` all apply the same one:

* a pass/fail item earns its weight when passed, nothing when failed;
* a score item earns its value (0..weight); below ``PASS_SHARE_PERCENT`` of its weight
  it counts as failed (and gets a rectification order like a failed pass/fail item);
* number, text and photo items earn their weight when answered (a photo item is
  answered by at least one photo);
* the inspection passes at or above ``PASS_SHARE_PERCENT`` of the maximum, unless a
  critical item failed — then it fails whatever the score.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import AnswerType, InspectionResult
from .constants import PASS_SHARE_PERCENT

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ItemRule:
    id: int
    answer_type: str
    weight: int
    critical: bool


@dataclass(frozen=True)
class AnswerValue:
    passed: bool | None = None
    score: Decimal | None = None
    number: Decimal | None = None
    text: str = ""


@dataclass
class Score:
    score: Decimal
    max_score: Decimal
    result: str
    critical_failed: bool
    failed_items: list[int] = field(default_factory=list)
    missing_items: list[int] = field(default_factory=list)


def score_item_failed(weight: int, score: Decimal) -> bool:
    """Whether a score item's value is below the pass share of its weight."""
    return score * HUNDRED < Decimal(weight) * PASS_SHARE_PERCENT


def is_answered(item: ItemRule, answer: AnswerValue | None, photo_count: int) -> bool:
    if item.answer_type == AnswerType.PHOTO:
        return photo_count > 0
    if answer is None:
        return False
    if item.answer_type == AnswerType.PASS_FAIL:
        return answer.passed is not None
    if item.answer_type == AnswerType.SCORE:
        return answer.score is not None
    if item.answer_type == AnswerType.NUMBER:
        return answer.number is not None
    return bool(answer.text.strip())


def earned(item: ItemRule, answer: AnswerValue | None, photo_count: int) -> Decimal:
    if not is_answered(item, answer, photo_count):
        return Decimal(0)
    if item.answer_type == AnswerType.PASS_FAIL:
        return Decimal(item.weight) if answer.passed else Decimal(0)
    if item.answer_type == AnswerType.SCORE:
        return min(max(answer.score, Decimal(0)), Decimal(item.weight))
    return Decimal(item.weight)


def item_failed(item: ItemRule, answer: AnswerValue | None) -> bool:
    if answer is None:
        return False
    if item.answer_type == AnswerType.PASS_FAIL:
        return answer.passed is False
    if item.answer_type == AnswerType.SCORE and answer.score is not None:
        return score_item_failed(item.weight, answer.score)
    return False


def compute(
    items: Iterable[ItemRule],
    answers: dict[int, AnswerValue],
    photo_counts: dict[int, int],
) -> Score:
    total = maximum = Decimal(0)
    critical_failed = False
    failed, missing = [], []
    for item in items:
        answer = answers.get(item.id)
        photos = photo_counts.get(item.id, 0)
        maximum += item.weight
        if not is_answered(item, answer, photos):
            missing.append(item.id)
            continue
        total += earned(item, answer, photos)
        if item_failed(item, answer):
            failed.append(item.id)
            critical_failed = critical_failed or item.critical
    below = maximum > 0 and total * HUNDRED < maximum * PASS_SHARE_PERCENT
    result = InspectionResult.FAILED if (critical_failed or below) else InspectionResult.PASSED
    return Score(
        score=total.quantize(Decimal("0.01")),
        max_score=maximum.quantize(Decimal("0.01")),
        result=result,
        critical_failed=critical_failed,
        failed_items=failed,
        missing_items=missing,
    )
