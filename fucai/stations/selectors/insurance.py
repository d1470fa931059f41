"""Reads of liability insurance over time: the coverage KPI per month (share of the
active stations insured) and the policies for the API, data scope applied."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from ..choices import StationStatus
from ..cover import cover_periods
from ..models import InsurancePolicy, Station


@dataclass(frozen=True)
class CoverageMonth:
    month: datetime.date  # the first day
    on: datetime.date  # the day counted: the month's last day, or today
    active: int
    insured: int

    @property
    def rate(self) -> float | None:
        return self.insured / self.active if self.active else None


def _month_end(first: datetime.date) -> datetime.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _months(year: int | None, today: datetime.date) -> list[datetime.date]:
    if year is not None:
        last = 12 if year < today.year else today.month
        return [datetime.date(year, month, 1) for month in range(1, last + 1)]
    months, first = [], today.replace(day=1)
    for _ in range(12):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def coverage_by_month(
    user, *, year: int | None = None, today: datetime.date | None = None
) -> list[CoverageMonth]:
    """Per month of ``year`` (else the last twelve months): the stations of ``user``'s
    scope active on the month's last day (today for the running month) and how many of
    them had a policy in force that day. A station counts as active from its opening
    to its closing (a suspension does not take it out of the network). Two queries."""
    today = today or timezone.localdate()
    months = _months(year, today)
    if not months:
        return []
    days = [min(_month_end(first), today) for first in months]
    stations = list(
        Station.objects.visible_to(user)
        .filter(opened_on__isnull=False, opened_on__lte=days[-1])
        .exclude(status=StationStatus.PREPARING)
        .values_list("pk", "opened_on", "closed_on")
    )
    spans = defaultdict(list)
    for station_id, starts_on, ends_on in (
        InsurancePolicy.objects.visible_to(user)
        .filter(starts_on__lte=days[-1], ends_on__gte=days[0])
        .values_list("station_id", "starts_on", "ends_on")
    ):
        spans[station_id].append((starts_on, ends_on))
    periods = {pk: cover_periods(found, days[0]) for pk, found in spans.items()}
    result = []
    for first, day in zip(months, days, strict=True):
        active = insured = 0
        for pk, opened_on, closed_on in stations:
            if opened_on > day or (closed_on is not None and closed_on <= day):
                continue
            active += 1
            if any(start <= day <= end for start, end in periods.get(pk, ())):
                insured += 1
        result.append(CoverageMonth(first, day, active, insured))
    return result


def policy_years(user) -> list[int]:
    """The years in which policies in ``user``'s scope start, newest first."""
    return [
        day.year
        for day in InsurancePolicy.objects.visible_to(user).dates("starts_on", "year", "DESC")
    ]


def policies_in_force(
    user, *, expiring_days: int | None = None, on: datetime.date | None = None
) -> QuerySet:
    """Policies of active stations in ``user``'s scope in force on ``on`` (today);
    with ``expiring_days``, only those ending within that many days. Soonest end first."""
    on = on or timezone.localdate()
    policies = InsurancePolicy.objects.visible_to(user).filter(
        station__status=StationStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on
    )
    if expiring_days is not None:
        policies = policies.filter(ends_on__lte=on + datetime.timedelta(days=expiring_days))
    return policies.order_by("ends_on", "station__code", "pk")
