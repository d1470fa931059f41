"""Working days: Monday to Friday, except public holidays, plus make-up working days
(调休) on weekends.

The national holidays and make-up days come from chinese-calendar, which carries the
State Council's yearly notices (国务院办公厅关于…部分节假日安排的通知) for every year it
supports. CalendarDay rows are local overrides (a center's own closing day, a notice
published after the installed chinese-calendar) and win over it. For a year
chinese-calendar does not know yet, the week is Monday to Friday plus the overrides.

Every function loads the overrides for its whole date range in one query.
"""

import datetime

import chinese_calendar

from .models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    low, high = min(start, end), max(start, end)
    return dict(
        CalendarDay.objects.filter(date__range=(low, high)).values_list("date", "is_working_day")
    )


def _working(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return national_working_day(day)


def national_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day by the national calendar alone (no overrides).
    Outside the years chinese-calendar covers, Monday to Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # chinese-calendar raises this for a year it has no notice for.
        return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _working(day, _overrides(day, day))


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date ``n`` working days after ``start`` (before it for negative ``n``).

    ``start`` itself is not counted: a step received on Friday with one day allowed is
    due on the next working day. ``n == 0`` returns ``start``.
    """
    if n == 0:
        return start
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    # The longest run of non-working days is a week-long holiday plus its weekends, so
    # twice the days plus three weeks always suffices; extend the window if not.
    span = datetime.timedelta(days=2 * remaining + 21)
    day = start
    while True:
        window_end = day + (span if n > 0 else -span)
        overrides = _overrides(day, window_end)
        while day != window_end:
            day += step
            if _working(day, overrides):
                remaining -= 1
                if remaining == 0:
                    return day


def load_overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """The overrides between two dates, for repeated counting (reports, metrics)."""
    return _overrides(start, end)


def working_days_between(
    a: datetime.date, b: datetime.date, *, overrides: dict[datetime.date, bool] | None = None
) -> int:
    """Working days after ``a`` up to and including ``b`` (negative if ``b < a``), so that
    ``working_days_between(a, add_working_days(a, n)) == n``. Pass ``overrides`` from
    :func:`load_overrides` to count many spans with one query."""
    if a == b:
        return 0
    if b < a:
        return -working_days_between(b, a, overrides=overrides)
    if overrides is None:
        overrides = _overrides(a, b)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        if _working(day, overrides):
            count += 1
    return count
