"""Sales on days outside opening. The daily facts (``SalesDay``) carry no time of sale,
so hours outside ``Station.opening_hours`` cannot be seen: the rule covers *days* on
which a station reported sales while the registry had it not open — before it opened,
or suspended or closed (from the day after the change took effect)."""

import datetime
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from fucai.sales.models import SalesDay
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationStatusChange

from ..choices import AlertKind
from .common import Finding, yuan

NOT_OPEN = (StationStatus.SUSPENDED, StationStatus.CLOSED)


def _not_open_spans(start: datetime.date, end: datetime.date) -> dict[int, list[tuple]]:
    """Station → [(reason, first day not open, last day or None)] overlapping the days."""
    spans: dict[int, list[tuple]] = defaultdict(list)
    for sid, opened_on in Station.objects.filter(opened_on__gt=start).values_list(
        "pk", "opened_on"
    ):
        spans[sid].append((StationStatus.PREPARING, None, opened_on - datetime.timedelta(days=1)))
    steps = defaultdict(list)
    rows = (
        StationStatusChange.objects.filter(
            station__in=StationStatusChange.objects.filter(
                to_status__in=NOT_OPEN, effective_on__lte=end
            ).values("station_id")
        )
        .order_by("station_id", "effective_on", "at", "id")
        .values_list("station_id", "to_status", "effective_on")
    )
    for sid, status, on in rows:
        steps[sid].append((status, on))
    for sid, changes in steps.items():
        for index, (status, on) in enumerate(changes):
            if status not in NOT_OPEN:
                continue
            following = changes[index + 1][1] if index + 1 < len(changes) else None
            first = on + datetime.timedelta(days=1)
            last = following - datetime.timedelta(days=1) if following else None
            if last is None or last >= first:
                spans[sid].append((status, first, last))
    for sid, closed_on in (
        Station.objects.filter(status=StationStatus.CLOSED, closed_on__lte=end)
        .exclude(pk__in=list(steps))
        .values_list("pk", "closed_on")
    ):
        spans[sid].append((StationStatus.CLOSED, closed_on + datetime.timedelta(days=1), None))
    return spans


def find_closed_day_sales(rule, start: datetime.date, end: datetime.date) -> list[Finding]:
    spans = _not_open_spans(start, end)
    condition, windows = Q(pk__in=[]), []
    for sid, periods in spans.items():
        for status, first, last in periods:
            low, high = max(first or start, start), min(last or end, end)
            if low <= high:
                condition |= Q(station_id=sid, date__range=(low, high))
                windows.append((sid, status, low, high))
    if not windows:
        return []
    sold: dict[int, dict] = defaultdict(dict)
    for sid, day, fen in (
        SalesDay.objects.filter(date__range=(start, end), sales_fen__gt=0)
        .filter(condition)
        .values_list("station_id", "date")
        .annotate(fen=Sum("sales_fen"))
        .values_list("station_id", "date", "fen")
    ):
        sold[sid][day] = fen
    stations = {
        pk: (region_id, code, name)
        for pk, region_id, code, name in Station.objects.filter(pk__in=list(sold)).values_list(
            "pk", "region_id", "code", "name"
        )
    }
    labels = dict(StationStatus.choices)
    findings = []
    for sid, by_day in sold.items():
        days = sorted(by_day)
        status = next(w[1] for w in windows if w[0] == sid and w[2] <= days[0] <= w[3])
        region_id, code, name = stations[sid]
        words = {
            "station": f"{code} {name}",
            "days": len(days),
            "first": days[0].isoformat(),
            "last": days[-1].isoformat(),
            "status": labels.get(status, status),
            "total": yuan(sum(by_day.values())),
        }
        findings.append(
            Finding(
                kind=AlertKind.OFF_HOURS,
                key=f"{AlertKind.OFF_HOURS}:{sid}:{days[0].isoformat()}",
                region_id=region_id,
                station_id=sid,
                day=days[0],
                title=_("Sales at %(station)s while not open") % words,
                detail=_(
                    "The station reported sales of %(total)s on %(days)s days from %(first)s "
                    "to %(last)s while the registry had it %(status)s. The daily sales carry "
                    "no time of sale, so sales outside the opening hours on an open day "
                    "cannot be seen."
                )
                % words,
                data={
                    "status": status,
                    "days": len(days),
                    "first_day": words["first"],
                    "last_day": words["last"],
                    "sales_fen": sum(by_day.values()),
                    "sample_days": [d.isoformat() for d in days[:10]],
                },
                severity=rule.severity,
            )
        )
    return findings
