"""Scoring by a scheme: pure functions over plain data, so every rule is tested without
a database.

A criterion gives 0–100 points by its bands over one metric: ``direction`` "up" (more
is better: the first band, highest threshold first, whose threshold the value reaches)
or "down" (less is better: the first band, lowest threshold first, the value does not
exceed). The total is the weighted average of the criteria that could be assessed: a
metric without data (``None``) is said so in the breakdown and leaves the total alone,
never counted as zero. The total's band gives the grade or the stars.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..defaults_ratings import METRICS

ONE_DECIMAL = Decimal("0.1")


@dataclass
class Outcome:
    score: Decimal
    band: object
    breakdown: list[dict]


def _number(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def criterion_points(criterion: dict, value) -> int | None:
    """The criterion's points for ``value`` (None: no data, not assessed)."""
    number = _number(value)
    if number is None:
        return None
    bands = [(Decimal(str(t)), int(p)) for t, p in criterion["bands"]]
    if criterion.get("direction", "up") == "down":
        for threshold, points in sorted(bands):
            if number <= threshold:
                return points
        return 0
    for threshold, points in sorted(bands, reverse=True):
        if number >= threshold:
            return points
    return 0


def band_for(bands: list, score: Decimal):
    """The label (grade, stars) of the highest band whose minimum ``score`` reaches."""
    for label, minimum in sorted(bands, key=lambda b: Decimal(str(b[1])), reverse=True):
        if score >= Decimal(str(minimum)):
            return label
    return sorted(bands, key=lambda b: Decimal(str(b[1])))[0][0]


def evaluate(criteria: list[dict], bands: list, metrics: dict) -> Outcome:
    """Every criterion scored, with its value, points, weight and weighted share; the
    weighted total and its band."""
    breakdown, earned, weights = [], Decimal(0), Decimal(0)
    for criterion in criteria:
        value = metrics.get(criterion["metric"])
        points = criterion_points(criterion, value)
        weight = Decimal(str(criterion["weight"]))
        item = {
            "criterion": criterion["code"],
            "label": criterion["label"],
            "metric": criterion["metric"],
            "value": None if value is None else str(value),
            "points": points,
            "weight": criterion["weight"],
            "assessed": points is not None,
        }
        if points is not None:
            earned += weight * points
            weights += weight
        breakdown.append(item)
    score = (earned / weights).quantize(ONE_DECIMAL, ROUND_HALF_UP) if weights else Decimal(0)
    for item in breakdown:
        if item["assessed"] and weights:
            share = Decimal(str(item["weight"])) * item["points"] / weights
            item["weighted"] = str(share.quantize(ONE_DECIMAL, ROUND_HALF_UP))
        else:
            item["weighted"] = None
    return Outcome(score=score, band=band_for(bands, score), breakdown=breakdown)


def classify(rules: list[dict], metrics: dict) -> str:
    """The class of the first rule the station meets (mode, minimum area, minimum
    sales); a rule without conditions is the fallback."""
    area = _number(metrics.get("premises_area"))
    sales = _number(metrics.get("sales_yuan"))
    for rule in rules:
        if rule.get("mode") and rule["mode"] != metrics.get("mode"):
            continue
        if "min_area" in rule and (area is None or area < Decimal(str(rule["min_area"]))):
            continue
        if "min_sales_yuan" in rule and (
            sales is None or sales < Decimal(str(rule["min_sales_yuan"]))
        ):
            continue
        return rule["class"]
    return rules[-1]["class"] if rules else ""


def validate_scheme(kind: str, criteria: list[dict], bands: list, class_rules: list) -> None:
    """Refuse a scheme that cannot score: unknown metrics, weights not positive, bands
    without points, score bands that do not start at zero."""
    errors = []
    if not criteria:
        errors.append(_("A scheme needs at least one criterion."))
    codes = set()
    for criterion in criteria:
        code = criterion.get("code", "")
        if not code or code in codes:
            errors.append(_("Each criterion needs its own code."))
        codes.add(code)
        if criterion.get("metric") not in METRICS:
            errors.append(_("Unknown metric: %(metric)s.") % {"metric": criterion.get("metric")})
        if not isinstance(criterion.get("weight"), int) or criterion["weight"] <= 0:
            errors.append(
                _("The weight of %(label)s must be a positive whole number.")
                % {"label": criterion.get("label", code)}
            )
        if criterion.get("direction", "up") not in ("up", "down"):
            errors.append(_("A criterion's direction is up or down."))
        bands_ok = bool(criterion.get("bands")) and all(
            len(b) == 2 and 0 <= int(b[1]) <= 100 for b in criterion.get("bands", [])
        )
        if not bands_ok:
            errors.append(
                _("The bands of %(label)s need thresholds with 0 to 100 points.")
                % {"label": criterion.get("label", code)}
            )
    if not bands or min(Decimal(str(b[1])) for b in bands) != 0:
        errors.append(_("The score bands must include one starting at 0."))
    if kind == "grading" and not class_rules:
        errors.append(_("A grading scheme needs its class rules."))
    if errors:
        raise ValidationError(errors)
