"""The ``closed_day_sales`` rule: sales on days the registry had the station suspended
or closed (counting from the day after the status change took effect)."""

import datetime
from collections import defaultdict

from django.db.models import Q, Sum

from fucai.sales.models import SalesDay
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationStatusChange

from .common import CLOSED_STATUSES, RULE_CLOSED, Finding


def _closed_intervals(until: datetime.date) -> dict[int, list[tuple]]:
    """Station → [(status, first day closed, last day closed or None)] up to ``until``,
    from the registry's status history (and ``closed_on`` where no history exists)."""
    changes = defaultdict(list)
    rows = (
        StationStatusChange.objects.filter(
            station__in=StationStatusChange.objects.filter(
                to_status__in=CLOSED_STATUSES, effective_on__lte=until
            ).values("station_id")
        )
        .order_by("station_id", "effective_on", "at", "id")
        .values_list("station_id", "to_status", "effective_on")
    )
    for sid, status, on in rows:
        changes[sid].append((status, on))
    intervals: dict[int, list[tuple]] = defaultdict(list)
    for sid, steps in changes.items():
        for index, (status, on) in enumerate(steps):
            if status not in CLOSED_STATUSES:
                continue
            following = steps[index + 1][1] if index + 1 < len(steps) else None
            # Sales on the day of the change itself may predate it: count the next day on.
            start = on + datetime.timedelta(days=1)
            end = following - datetime.timedelta(days=1) if following else None
            if end is None or end >= start:
                intervals[sid].append((status, start, end))
    for sid, closed_on in (
        Station.objects.filter(
            status=StationStatus.CLOSED, closed_on__isnull=False, closed_on__lte=until
        )
        .exclude(pk__in=list(intervals))
        .values_list("pk", "closed_on")
    ):
        intervals[sid].append((StationStatus.CLOSED, closed_on + datetime.timedelta(days=1), None))
    return intervals


def find_closed_day_sales(start: datetime.date, end: datetime.date) -> list[Finding]:
    intervals = _closed_intervals(end)
    condition = Q(pk__in=[])
    windows = []
    for sid, spans in intervals.items():
        for status, first, last in spans:
            low, high = max(first, start), min(last or end, end)
            if low <= high:
                condition |= Q(station_id=sid, date__range=(low, high))
                windows.append((sid, status, first, low, high))
    if not windows:
        return []
    days: dict[int, dict[datetime.date, int]] = defaultdict(dict)
    for sid, day, fen in (
        SalesDay.objects.filter(date__range=(start, end), sales_fen__gt=0)
        .filter(condition)
        .values_list("station_id", "date")
        .annotate(fen=Sum("sales_fen"))
        .values_list("station_id", "date", "fen")
    ):
        days[sid][day] = fen
    findings = []
    for sid, sold in days.items():
        ordered = sorted(sold)
        # The closed spell of the first day sold (a station may have had several).
        _sid, status, first_closed, _low, _high = next(
            w for w in windows if w[0] == sid and w[3] <= ordered[0] <= w[4]
        )
        since = first_closed - datetime.timedelta(days=1)
        findings.append(
            Finding(
                sid,
                RULE_CLOSED,
                start,
                end,
                {
                    "status": status,
                    "since": since.isoformat(),
                    "days": len(ordered),
                    "first_day": ordered[0].isoformat(),
                    "last_day": ordered[-1].isoformat(),
                    "sample_days": [d.isoformat() for d in ordered[:10]],
                    "sales_fen": sum(sold.values()),
                },
            )
        )
    return findings
