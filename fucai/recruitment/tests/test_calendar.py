import datetime

import pytest

from fucai.recruitment.calendar import add_working_days, is_working_day, working_days_between
from fucai.recruitment.models import CalendarDay

D = datetime.date
pytestmark = pytest.mark.usefixtures("calendar_2019")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2019, 9, 27), True),  # Friday
        (D(2019, 9, 28), False),  # Saturday
        (D(2019, 9, 29), True),  # Sunday, make-up working day
        (D(2019, 10, 1), False),  # National Day
        (D(2019, 10, 7), False),
        (D(2019, 10, 8), True),
        (D(2019, 10, 12), True),  # Saturday, make-up working day
        (D(2019, 2, 2), True),
        (D(2019, 2, 4), False),  # Spring Festival
        (D(2019, 5, 3), False),
        (D(2019, 5, 5), True),
        (D(2019, 6, 7), False),
        (D(2019, 9, 13), False),
        (D(2019, 1, 1), False),
        (D(2019, 4, 5), False),
    ],
)
def test_the_2019_calendar(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2019, 9, 27), 1, D(2019, 9, 29)),  # Friday → the Sunday make-up day
        (D(2019, 9, 30), 1, D(2019, 10, 8)),  # across the National Day week
        (D(2019, 9, 26), 5, D(2019, 10, 9)),  # 27, 29, 30, 8, 9
        (D(2019, 10, 11), 1, D(2019, 10, 12)),  # Friday → Saturday make-up day
        (D(2019, 6, 3), 5, D(2019, 6, 11)),  # Dragon Boat Festival on Friday 7th
        (D(2019, 3, 4), 0, D(2019, 3, 4)),
        (D(2019, 10, 8), -1, D(2019, 9, 30)),
        # 29, 30, 31, 1, then the make-up weekend 2 and 3, then 11 to 14 after the holiday
        (D(2019, 1, 28), 10, D(2019, 2, 14)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_working_days_between_is_the_inverse_of_adding():
    assert working_days_between(D(2019, 9, 30), D(2019, 10, 8)) == 1
    assert working_days_between(D(2019, 9, 27), D(2019, 10, 12)) == 7
    assert working_days_between(D(2019, 10, 8), D(2019, 9, 30)) == -1
    start = D(2019, 9, 20)
    for n in range(0, 30):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_without_overrides_the_week_is_monday_to_friday():
    assert add_working_days(D(2031, 3, 7), 1) == D(2031, 3, 10)


def test_a_long_span_loads_the_overrides_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        working_days_between(D(2019, 1, 1), D(2019, 12, 31))
    with django_assert_num_queries(1):
        add_working_days(D(2019, 1, 1), 200)


def test_a_new_holiday_is_data():
    CalendarDay.objects.create(date=D(2031, 3, 10), is_working_day=False, note="test")
    assert add_working_days(D(2031, 3, 7), 1) == D(2031, 3, 11)


def test_the_data_migration_loaded_2019():
    assert CalendarDay.objects.filter(date__year=2019, is_working_day=True).count() == 6
    assert CalendarDay.objects.filter(date__year=2019, is_working_day=False).count() == 22
