import datetime

import chinese_calendar
import pytest

from fucai.recruitment.calendar import add_working_days, is_working_day, working_days_between
from fucai.recruitment.models import CalendarDay

D = datetime.date
pytestmark = pytest.mark.django_db


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


def test_the_national_calendar_is_not_copied_into_the_overrides():
    """2019 comes from chinese-calendar like every other year, not from rows."""
    assert not CalendarDay.objects.filter(date__year=2019).exists()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 9, 27), True),  # Friday
        (D(2024, 9, 29), True),  # Sunday, make-up working day
        (D(2024, 10, 1), False),  # National Day
        (D(2024, 10, 4), False),  # a Friday inside the holiday
        (D(2024, 10, 7), False),
        (D(2024, 10, 8), True),
        (D(2024, 10, 12), True),  # Saturday, make-up working day
        (D(2024, 10, 13), False),  # an ordinary Sunday
        (D(2026, 2, 14), True),  # Saturday, make-up working day before Spring Festival
        (D(2026, 2, 16), False),  # Spring Festival eve (Monday)
        (D(2026, 2, 17), False),  # Spring Festival
        (D(2026, 2, 23), False),  # the last day of the holiday (Monday)
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday, make-up working day after it
    ],
)
def test_every_year_chinese_calendar_covers(day, working):
    assert is_working_day(day) is working


def test_across_national_day_2024():
    assert add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert working_days_between(D(2024, 9, 30), D(2024, 10, 12)) == 5  # 8, 9, 10, 11, 12


def test_across_spring_festival_2026():
    # 13 (Friday), 14 (make-up Saturday), then the holiday until the 23rd
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


@pytest.mark.parametrize("year", [2003, 2040])
def test_a_year_chinese_calendar_does_not_know_is_monday_to_friday(year):
    monday = D(year, 3, 3) - datetime.timedelta(days=D(year, 3, 3).weekday())
    saturday = monday + datetime.timedelta(days=5)
    assert is_working_day(monday) is True
    assert is_working_day(saturday) is False
    assert add_working_days(monday + datetime.timedelta(days=4), 1) == monday + datetime.timedelta(
        days=7
    )
    assert working_days_between(monday, monday + datetime.timedelta(days=7)) == 5


def test_counting_into_a_year_chinese_calendar_does_not_know_does_not_crash():
    last = max(chinese_calendar.holidays)  # the last year it covers
    end = D(last.year + 1, 12, 31)
    start = D(last.year, 12, 1)
    assert working_days_between(start, end) > 250
    assert working_days_between(start, add_working_days(start, 300)) == 300


def test_an_override_wins_over_the_national_calendar():
    # A center's own closing day on a national working day, and work on a holiday.
    CalendarDay.objects.create(date=D(2024, 10, 8), is_working_day=False, note="local")
    CalendarDay.objects.create(date=D(2024, 10, 7), is_working_day=True, note="local")
    assert is_working_day(D(2024, 10, 8)) is False
    assert is_working_day(D(2024, 10, 7)) is True
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 7)
    assert add_working_days(D(2024, 9, 30), 2) == D(2024, 10, 9)


def test_the_migration_drops_only_the_copies_of_the_national_calendar():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("fucai.recruitment.migrations.0004_drop_national_calendar_copies")
    CalendarDay.objects.create(date=D(2019, 10, 1), is_working_day=False, note="国庆节")
    CalendarDay.objects.create(date=D(2019, 10, 8), is_working_day=False, note="国庆节")
    CalendarDay.objects.create(date=D(2019, 10, 2), is_working_day=False, note="local")
    migration.drop_copies(apps, None)
    assert set(CalendarDay.objects.values_list("date", flat=True)) == {
        D(2019, 10, 8),
        D(2019, 10, 2),
    }
