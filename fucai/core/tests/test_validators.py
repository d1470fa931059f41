"""Tests for fucai.core.validators.

No database and no Django settings are needed: lazy messages are never
rendered here, assertions use ``ValidationError.code``.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ..validators import (
    CREDIT_CODE_CHARSET,
    ID_NUMBER_PROVINCE_CODES,
    CreditCodeValidator,
    IdNumberValidator,
    MobileValidator,
    age_on,
    credit_code_check_char,
    id_number_birth_date,
    id_number_check_digit,
    id_number_sex,
    make_credit_code,
    make_id_number,
    normalize_id_number,
    normalize_mobile,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

PROPERTY = settings(max_examples=150, deadline=None)

STANDARD_EXAMPLE = "11010519491231002X"  # the worked example of GB 11643-1999
TODAY = datetime.date(2025, 6, 15)


def error_code(func, value, **kwargs) -> str:
    with pytest.raises(ValidationError) as excinfo:
        func(value, **kwargs)
    return excinfo.value.code


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- strategies -------------------------------------------------------------

digits = st.sampled_from("0123456789")
region_codes = st.builds(
    lambda province, rest: province + "".join(rest),
    st.sampled_from(sorted(ID_NUMBER_PROVINCE_CODES)),
    st.lists(digits, min_size=4, max_size=4),
)
birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today())
sequences = st.integers(min_value=0, max_value=999)
id_numbers = st.builds(make_id_number, region_codes, birth_dates, sequences)

credit_chars = st.sampled_from(CREDIT_CODE_CHARSET)
credit_codes = st.builds(
    lambda head, region, org: make_credit_code("".join(head) + "".join(region) + "".join(org)),
    st.lists(credit_chars, min_size=2, max_size=2),
    st.lists(digits, min_size=6, max_size=6),
    st.lists(credit_chars, min_size=9, max_size=9),
)

mobiles = st.builds(
    lambda second, rest: "1" + second + "".join(rest),
    st.sampled_from("3456789"),
    st.lists(digits, min_size=9, max_size=9),
)


# --- ID number: check digit -------------------------------------------------


def test_it_computes_the_check_digit_of_the_standard_example():
    assert id_number_check_digit(STANDARD_EXAMPLE[:17]) == "X"


def test_it_accepts_the_gb_11643_standard_example():
    assert validate_id_number(STANDARD_EXAMPLE) == STANDARD_EXAMPLE


def test_it_rejects_a_wrong_check_digit():
    assert error_code(validate_id_number, "110105194912310021") == "id_number_check_digit"


@pytest.mark.parametrize("bad", ["", "1234", "1" * 16, "1" * 18 + "0"])
def test_check_digit_helper_refuses_anything_but_17_digits(bad):
    with pytest.raises(ValueError):
        id_number_check_digit(bad)


# --- ID number: normalization -----------------------------------------------


def test_it_accepts_a_lowercase_x():
    assert validate_id_number("11010519491231002x") == STANDARD_EXAMPLE


def test_it_accepts_spaces_and_full_width_characters():
    typed = " 110105 19491231\u3000" + to_fullwidth("002x")
    assert normalize_id_number(typed) == STANDARD_EXAMPLE
    assert validate_id_number(typed) == STANDARD_EXAMPLE


def test_normalize_only_uppercases_a_trailing_x():
    assert normalize_id_number("x1010519491231002x") == "x1010519491231002X"


# --- ID number: one message per failure -------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "11010519491231002", "11010519491231002X1", "110105491231002"],
)
def test_it_rejects_a_number_that_is_not_18_characters(value):
    assert error_code(validate_id_number, value) == "id_number_length"


@pytest.mark.parametrize(
    "value",
    ["1101051949123100XX", "A1010519491231002X", "11010519491231002Y", "11010519491231002-"],
)
def test_it_rejects_characters_other_than_digits_and_a_final_x(value):
    assert error_code(validate_id_number, value) == "id_number_characters"


def test_it_rejects_non_ascii_digits():
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in "110105194912310021")
    assert error_code(validate_id_number, arabic_indic) == "id_number_characters"


@pytest.mark.parametrize("province", ["00", "10", "16", "20", "24", "30", "38", "47", "55", "72"])
def test_it_rejects_an_unknown_province_code(province):
    number = make_id_number(province + "0105", datetime.date(1980, 5, 17), 123)
    assert error_code(validate_id_number, number) == "id_number_region"


@pytest.mark.parametrize("province", ["11", "15", "46", "65", "71", "81", "82"])
def test_it_accepts_every_kind_of_province_code(province):
    number = make_id_number(province + "0105", datetime.date(1980, 5, 17), 123)
    assert validate_id_number(number) == number


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490001", "20230229"])
def test_it_rejects_a_birth_date_that_does_not_exist(birth):
    first17 = "110105" + birth + "002"
    number = first17 + id_number_check_digit(first17)
    assert error_code(validate_id_number, number) == "id_number_birth_date"


def test_it_rejects_a_birth_date_in_the_future():
    number = make_id_number("110105", TODAY + datetime.timedelta(days=1), 2)
    assert error_code(validate_id_number, number, today=TODAY) == "id_number_birth_date"


def test_it_accepts_someone_born_today():
    number = make_id_number("110105", TODAY, 2)
    assert validate_id_number(number, today=TODAY) == number


def test_it_rejects_a_birth_date_before_1900():
    number = make_id_number("110105", datetime.date(1899, 12, 31), 2)
    assert error_code(validate_id_number, number) == "id_number_birth_date"


def test_it_accepts_the_first_of_january_1900():
    number = make_id_number("110105", datetime.date(1900, 1, 1), 2)
    assert validate_id_number(number) == number


# --- ID number: derived facts -----------------------------------------------


def test_it_reads_birth_date_and_sex_of_the_standard_example():
    assert id_number_birth_date(STANDARD_EXAMPLE) == datetime.date(1949, 12, 31)
    assert id_number_sex(STANDARD_EXAMPLE) == "F"  # order code 002 is even


def test_it_refuses_to_read_facts_from_an_invalid_number():
    with pytest.raises(ValidationError):
        id_number_birth_date("110105194912310021")
    with pytest.raises(ValidationError):
        id_number_sex("110105194912310021")


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (datetime.date(2007, 6, 15), datetime.date(2025, 6, 14), 17),
        (datetime.date(2007, 6, 15), datetime.date(2025, 6, 15), 18),
        (datetime.date(2000, 2, 29), datetime.date(2018, 2, 28), 17),
        (datetime.date(2000, 2, 29), datetime.date(2018, 3, 1), 18),
        (datetime.date(2000, 2, 29), datetime.date(2020, 2, 29), 20),
        (datetime.date(1990, 1, 1), datetime.date(1990, 1, 1), 0),
    ],
)
def test_age_goes_up_on_the_birthday(birth, on, age):
    assert age_on(birth, on) == age


def test_age_refuses_a_date_before_birth():
    with pytest.raises(ValueError):
        age_on(datetime.date(2000, 1, 2), datetime.date(2000, 1, 1))


@pytest.mark.parametrize(
    ("region", "sequence"), [("11010", 1), ("1101051", 1), ("11O105", 1), ("110105", -1)]
)
def test_make_id_number_refuses_bad_input(region, sequence):
    with pytest.raises(ValueError):
        make_id_number(region, datetime.date(1990, 1, 1), sequence)


def test_make_id_number_refuses_a_sequence_above_999():
    with pytest.raises(ValueError):
        make_id_number("110105", datetime.date(1990, 1, 1), 1000)


# --- ID number: properties --------------------------------------------------


@PROPERTY
@given(region_codes, birth_dates, sequences)
def test_any_generated_id_number_validates_and_round_trips(region, birth, sequence):
    number = make_id_number(region, birth, sequence)
    assert len(number) == 18
    assert number.startswith(region)
    assert validate_id_number(number) == number
    assert id_number_birth_date(number) == birth
    assert id_number_sex(number) == ("M" if sequence % 2 else "F")


@PROPERTY
@given(id_numbers, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_changing_any_single_character_makes_an_id_number_invalid(number, position, char):
    if position < 17 and char == "X":
        char = "0"
    if number[position] == char:
        char = "1" if char != "1" else "2"
    changed = number[:position] + char + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_id_number(changed)


@PROPERTY
@given(id_numbers, st.integers(min_value=0, max_value=15))
def test_swapping_two_adjacent_different_digits_makes_an_id_number_invalid(number, position):
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    with pytest.raises(ValidationError):
        validate_id_number(swapped)


@PROPERTY
@given(region_codes, birth_dates, st.integers(min_value=0, max_value=999))
def test_a_lowercase_x_check_digit_is_accepted(region, birth, start):
    # Some order code always yields the check digit X: the last digit alone
    # reaches 10 of the 11 remainders and the tens digit shifts them.
    number = next(
        n
        for n in (make_id_number(region, birth, (start + i) % 1000) for i in range(1000))
        if n.endswith("X")
    )
    assert validate_id_number(number.lower()) == number
    assert validate_id_number(" " + to_fullwidth(number.lower()) + " ") == number


# --- ID number: field validator ---------------------------------------------


def test_id_number_validator_passes_a_valid_number():
    assert IdNumberValidator()(STANDARD_EXAMPLE) is None


def test_id_number_validator_raises_the_specific_code():
    with pytest.raises(ValidationError) as excinfo:
        IdNumberValidator()("110105194912310021")
    assert excinfo.value.code == "id_number_check_digit"


def test_id_number_validator_can_override_the_code():
    with pytest.raises(ValidationError) as excinfo:
        IdNumberValidator(code="invalid")("110105194912310021")
    assert excinfo.value.code == "invalid"


def test_validators_compare_equal_and_deconstruct_to_a_stable_path():
    assert IdNumberValidator() == IdNumberValidator()
    assert IdNumberValidator(code="a") != IdNumberValidator(code="b")
    assert IdNumberValidator() != MobileValidator()
    assert CreditCodeValidator() == CreditCodeValidator()
    path, args, kwargs = IdNumberValidator(code="x").deconstruct()
    assert path == "fucai.core.validators.IdNumberValidator"
    assert (args, kwargs) == ((), {"code": "x"})
    assert CreditCodeValidator().deconstruct()[0] == "fucai.core.validators.CreditCodeValidator"
    assert MobileValidator().deconstruct()[0] == "fucai.core.validators.MobileValidator"


# --- Unified social credit code ---------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
        "91330100716105852F",  # 阿里巴巴（中国）有限公司
        "914403001922038216",  # 华为技术有限公司
    ],
)
def test_it_accepts_published_credit_codes(code):
    assert credit_code_check_char(code[:17]) == code[17]
    assert validate_credit_code(code) == code


def test_it_accepts_a_lowercase_full_width_credit_code_with_spaces():
    typed = " " + to_fullwidth("91440300") + " 708461136t "
    assert validate_credit_code(typed) == "91440300708461136T"


def test_it_rejects_a_wrong_credit_code_check_char():
    assert error_code(validate_credit_code, "91440300708461136U") == "credit_code_check_char"


@pytest.mark.parametrize("value", ["", "9144030070846113", "91440300708461136T0"])
def test_it_rejects_a_credit_code_that_is_not_18_characters(value):
    assert error_code(validate_credit_code, value) == "credit_code_length"


@pytest.mark.parametrize("letter", "IOZSV")
def test_it_rejects_letters_excluded_by_gb_32100(letter):
    value = "91440300708461136" + letter
    assert error_code(validate_credit_code, value) == "credit_code_characters"


def test_it_rejects_letters_in_the_region_code():
    value = make_credit_code("9144A300708461136")
    assert error_code(validate_credit_code, value) == "credit_code_region"


def test_check_char_helper_refuses_bad_input():
    for bad in ["", "9144030070846113", "9144030070846113I"]:
        with pytest.raises(ValueError):
            credit_code_check_char(bad)


def test_credit_code_validator_raises_the_specific_code():
    assert CreditCodeValidator()("91440300708461136T") is None
    with pytest.raises(ValidationError) as excinfo:
        CreditCodeValidator()("91440300708461136U")
    assert excinfo.value.code == "credit_code_check_char"


@PROPERTY
@given(credit_codes)
def test_any_generated_credit_code_validates_in_any_case(code):
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code


@PROPERTY
@given(credit_codes, st.integers(min_value=0, max_value=17), credit_chars)
def test_changing_any_single_character_makes_a_credit_code_invalid(code, position, char):
    if code[position] == char:
        char = "1" if char != "1" else "2"
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_credit_code(changed)


# --- Mobile numbers ---------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+86-13812345678",
        "008613812345678",
        "8613812345678",
        to_fullwidth("+8613812345678"),
        "\u3000138\u30001234\u30005678",
    ],
)
def test_it_normalizes_common_ways_of_writing_a_mobile(typed):
    assert normalize_mobile(typed) == "13812345678"
    assert validate_mobile(typed) == "13812345678"


@pytest.mark.parametrize("value", ["1381234567", "138123456789", "+86138123456", ""])
def test_it_rejects_a_mobile_that_is_not_11_digits(value):
    assert error_code(validate_mobile, value) == "mobile_length"


@pytest.mark.parametrize("value", ["10012345678", "11012345678", "12812345678", "23812345678"])
def test_it_rejects_numbers_outside_mainland_mobile_segments(value):
    assert error_code(validate_mobile, value) == "mobile_invalid"


@pytest.mark.parametrize("value", ["138a2345678", "(138)12345678", "138.1234.5678"])
def test_it_rejects_other_characters_in_a_mobile(value):
    assert error_code(validate_mobile, value) == "mobile_characters"


def test_it_does_not_cut_86_from_an_11_digit_number():
    assert normalize_mobile("86123456789") == "86123456789"
    assert error_code(validate_mobile, "86123456789") == "mobile_invalid"


def test_mobile_validator_raises_the_specific_code():
    assert MobileValidator()("+86 138 1234 5678") is None
    with pytest.raises(ValidationError) as excinfo:
        MobileValidator()("12812345678")
    assert excinfo.value.code == "mobile_invalid"


@PROPERTY
@given(
    mobiles,
    st.sampled_from(["", "+86", "0086", "86", "+86 ", "+86-", "0086 "]),
    st.lists(st.sampled_from([" ", "-", "\u3000"]), max_size=3),
    st.lists(st.integers(min_value=1, max_value=10), max_size=3),
)
def test_any_decorated_mobile_normalizes_to_its_11_digits(number, prefix, separators, positions):
    decorated = number
    insertions = sorted(zip(separators, positions, strict=False), key=lambda pair: -pair[1])
    for separator, position in insertions:
        decorated = decorated[:position] + separator + decorated[position:]
    typed = prefix + decorated
    assert validate_mobile(typed) == number
