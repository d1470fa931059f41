"""Working days for complaint deadlines: the national calendar (chinese-calendar, with
the State Council's holidays and make-up working days), Monday to Friday for a year it
does not know yet.

Recruitment keeps its own calendar with local override days, but sits above this app in
the layering, so complaints count by the national calendar alone."""

import datetime

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year chinese-calendar has no notice for
        return day.weekday() < 5


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    while n > 0:
        day += ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days after ``a`` up to and including ``b`` (0 when ``b <= a``)."""
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count
