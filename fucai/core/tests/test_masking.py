"""Tests for fucai.core.masking (no database, no settings needed)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..masking import mask_credit_code, mask_id_number, mask_name, mask_phone
from ..validators import make_id_number

PROPERTY = settings(max_examples=150, deadline=None)

MASKS = [mask_id_number, mask_phone, mask_credit_code, mask_name]


def revealed(masked: str) -> int:
    return sum(1 for char in masked if char != "*")


# --- examples ---------------------------------------------------------------


def test_it_masks_the_birth_date_of_an_id_number():
    assert mask_id_number("330302199001011234") == "330302********1234"
    assert mask_id_number("33030219900101123X") == "330302********123X"


def test_it_masks_the_middle_of_a_mobile():
    assert mask_phone("13812345678") == "138****5678"


def test_it_masks_a_mobile_written_with_country_code_and_spaces():
    assert mask_phone("+86 138 1234 5678") == "138****5678"


def test_it_masks_a_landline_as_written():
    assert mask_phone("0571-87654321") == "057******4321"


def test_it_keeps_the_first_two_and_last_four_of_a_credit_code():
    assert mask_credit_code("91440300708461136T") == "91************136T"


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("李小龙", "李**"), ("欧阳娜娜", "欧***"), ("阿不都·热合曼", "阿******")],
)
def test_it_keeps_only_the_first_character_of_a_name(name, masked):
    assert mask_name(name) == masked


def test_it_fully_masks_a_one_character_name():
    assert mask_name("张") == "*"


@pytest.mark.parametrize("mask", MASKS)
@pytest.mark.parametrize("empty", [None, "", "   "])
def test_every_mask_returns_an_empty_string_for_nothing(mask, empty):
    assert mask(empty) == ""


@pytest.mark.parametrize("mask", MASKS)
def test_every_mask_ignores_surrounding_whitespace(mask):
    assert mask("  abcdefghijklmnopqr \n") == mask("abcdefghijklmnopqr")


@pytest.mark.parametrize(
    ("mask", "value", "masked"),
    [
        (mask_id_number, "1", "*"),
        (mask_id_number, "12", "1*"),
        (mask_id_number, "123456", "12***6"),
        (mask_id_number, "330302900101123", "3303********123"),  # 15-digit old format
        (mask_phone, "1234", "1**4"),
        (mask_phone, "1381234567", "138*****67"),
        (mask_credit_code, "9144", "9**4"),
    ],
)
def test_short_values_reveal_at_most_half(mask, value, masked):
    assert mask(value) == masked
    assert revealed(masked) <= len(value) // 2


# --- properties -------------------------------------------------------------


@PROPERTY
@given(st.sampled_from(MASKS), st.text(alphabet=st.characters(exclude_categories=["Z", "C"])))
def test_masks_keep_the_length_and_never_show_a_short_value_in_full(mask, text):
    masked = mask(text)
    if mask is mask_phone:
        # "+86 ..." and "86..." mobiles are shown as their 11 digits.
        assert len(masked) <= len(text)
    else:
        assert len(masked) == len(text)
    if text:
        assert "*" in masked
    if len(text) < 11:
        assert revealed(masked) <= len(text) // 2


@PROPERTY
@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_a_masked_id_number_hides_the_date_of_birth(birth, sequence):
    number = make_id_number("330302", birth, sequence)
    masked = mask_id_number(number)
    assert masked == number[:6] + "*" * 8 + number[-4:]
