"""The ``open_alerts`` rule: a station with sales alerts (monitoring: jump, drop, sales
on days it was not open) about days of the month still unresolved is proposed for a
special inspection. One query over the alerts, grouped in Python."""

import datetime
from collections import defaultdict

from fucai.monitoring.defaults import SALES_KINDS
from fucai.monitoring.models import Alert

from .common import RULE_ALERTS, Finding, month_end


def find_open_alerts(month: datetime.date) -> list[Finding]:
    end = month_end(month)
    by_station: dict[int, list] = defaultdict(list)
    for sid, pk, kind, day in (
        Alert.objects.unresolved()
        .filter(kind__in=SALES_KINDS, station__isnull=False, day__range=(month, end))
        .order_by("station_id", "day", "pk")
        .values_list("station_id", "pk", "kind", "day")
    ):
        by_station[sid].append((pk, kind, day))
    return [
        Finding(
            sid,
            RULE_ALERTS,
            month,
            end,
            {
                "alerts": len(rows),
                "alert_ids": [pk for pk, _kind, _day in rows][:20],
                "kinds": sorted({kind for _pk, kind, _day in rows}),
                "first_day": rows[0][2].isoformat(),
                "last_day": rows[-1][2].isoformat(),
            },
        )
        for sid, rows in by_station.items()
    ]
