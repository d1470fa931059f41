"""The rating engine: points by bands, weighted totals over the criteria with data, the
band of the total, classes by rules, and schemes refused when they cannot score."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fucai.governance.defaults_ratings import CLASS_RULES, GRADE_BANDS, GRADING_CRITERIA
from fucai.governance.ratings import band_for, classify, evaluate, validate_scheme
from fucai.governance.ratings.engine import criterion_points

SALES = {"code": "s", "label": "销量", "metric": "sales_yuan", "weight": 3, "direction": "up",
         "bands": [[1000, 100], [500, 60], [0, 20]]}  # fmt: skip
VIOLATIONS = {"code": "v", "label": "违规", "metric": "violations", "weight": 1,
              "direction": "down", "bands": [[0, 100], [1, 50], [1000, 0]]}  # fmt: skip
COMPLAINTS = {**VIOLATIONS, "code": "c", "label": "投诉", "metric": "complaints"}


def test_points_go_by_the_highest_band_reached_or_the_lowest_not_exceeded():
    assert criterion_points(SALES, 1000) == 100
    assert criterion_points(SALES, 999) == 60
    assert criterion_points(SALES, "500") == 60
    assert criterion_points(SALES, 0) == 20
    assert criterion_points(SALES, -5) == 0
    assert criterion_points(VIOLATIONS, 0) == 100
    assert criterion_points(VIOLATIONS, 1) == 50
    assert criterion_points(VIOLATIONS, 3) == 0
    assert criterion_points(SALES, None) is None


def test_the_total_is_the_weighted_average_of_the_criteria_with_data():
    outcome = evaluate(
        [SALES, VIOLATIONS, COMPLAINTS],
        [["A", 80], ["B", 50], ["D", 0]],
        {"sales_yuan": 600, "violations": 1, "complaints": None},
    )
    # (3 × 60 + 1 × 50) / 4 = 57.5; complaints have no data and leave the total alone.
    assert outcome.score == Decimal("57.5")
    assert outcome.band == "B"
    rows = {item["criterion"]: item for item in outcome.breakdown}
    assert rows["s"] == {
        "criterion": "s",
        "label": "销量",
        "metric": "sales_yuan",
        "value": "600",
        "points": 60,
        "weight": 3,
        "assessed": True,
        "weighted": "45.0",
    }
    assert rows["c"]["assessed"] is False and rows["c"]["points"] is None
    assert rows["c"]["value"] is None and rows["c"]["weighted"] is None


def test_no_data_at_all_scores_zero_in_the_lowest_band():
    outcome = evaluate([COMPLAINTS], GRADE_BANDS, {"complaints": None})
    assert outcome.score == 0 and outcome.band == "D"


def test_bands_of_the_total():
    assert band_for(GRADE_BANDS, Decimal("85")) == "A"
    assert band_for(GRADE_BANDS, Decimal("84.9")) == "B"
    assert band_for(GRADE_BANDS, Decimal("0")) == "D"
    assert band_for([[5, 88], [1, 0], [3, 65]], Decimal("70")) == 3


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        ({"mode": "combined", "premises_area": "200", "sales_yuan": 9_000_000}, "combined"),
        ({"mode": "dedicated", "premises_area": "80", "sales_yuan": 1_500_000}, "flagship"),
        ({"mode": "dedicated", "premises_area": "79.9", "sales_yuan": 9_000_000}, "dedicated"),
        ({"mode": "dedicated", "premises_area": "120", "sales_yuan": None}, "dedicated"),
    ],
)
def test_classes_by_the_first_rule_met(metrics, expected):
    assert classify(CLASS_RULES, metrics) == expected


def test_the_default_grading_scheme_is_valid_and_bad_ones_are_refused():
    validate_scheme("grading", GRADING_CRITERIA, GRADE_BANDS, CLASS_RULES)
    with pytest.raises(ValidationError):
        validate_scheme("grading", [{**SALES, "metric": "height"}], GRADE_BANDS, CLASS_RULES)
    with pytest.raises(ValidationError):
        validate_scheme("grading", [{**SALES, "weight": 0}], GRADE_BANDS, CLASS_RULES)
    with pytest.raises(ValidationError):
        validate_scheme("grading", [{**SALES, "bands": [[0, 130]]}], GRADE_BANDS, CLASS_RULES)
    with pytest.raises(ValidationError):
        validate_scheme("grading", [SALES], [["A", 50]], CLASS_RULES)
    with pytest.raises(ValidationError):
        validate_scheme("grading", [SALES], GRADE_BANDS, [])


def test_band_text_keeps_fractional_thresholds_exact_and_refuses_non_numbers():
    from django import forms

    from fucai.governance.forms.ratings import bands_text, parse_bands

    bands = parse_bands("0.15:100, 0.1:80, 0:40")
    assert bands == [["0.15", 100], ["0.1", 80], [0, 40]]
    assert bands_text(bands) == "0.15:100, 0.1:80, 0:40"
    criterion = {"metric": "sales_growth", "direction": "up", "bands": bands}
    assert criterion_points(criterion, Decimal("0.15")) == 100
    assert criterion_points(criterion, Decimal("0.1499")) == 80
    for text in ("inf:100", "NaN:50", "0.1:Infinity", "0.1:80.5"):
        with pytest.raises(forms.ValidationError):
            parse_bands(text)
