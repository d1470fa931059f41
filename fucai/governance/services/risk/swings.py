"""The ``sales_jump`` / ``sales_drop`` rules: the month against the station's own
average of the previous months AND against its district's move over the same months."""

import datetime
from collections import defaultdict

from fucai.sales.models import SalesRegionTotal, SalesStationMonth
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationStatusChange

from ...constants import (
    RISK_BASELINE_MONTHS,
    RISK_DROP_RATIO,
    RISK_JUMP_RATIO,
    RISK_MIN_BASELINE_FEN,
    RISK_MIN_BASELINE_MONTHS,
    RISK_RELATIVE_FACTOR,
)
from .common import RULE_DROP, RULE_JUMP, Finding, add_months, month_end


def _status_changed(start: datetime.date, end: datetime.date) -> set[int]:
    """Stations whose status changed in [start, end]: their sales moved for a known
    reason (opened, suspended, reopened) and are not compared with their history."""
    return set(
        StationStatusChange.objects.filter(effective_on__range=(start, end)).values_list(
            "station_id", flat=True
        )
    )


def find_sales_swings(month: datetime.date) -> list[Finding]:
    first = add_months(month, -RISK_BASELINE_MONTHS)
    baseline_months = [add_months(month, -n) for n in range(RISK_BASELINE_MONTHS, 0, -1)]
    station_sales: dict[int, dict[datetime.date, int]] = defaultdict(dict)
    station_region: dict[int, int] = {}
    for sid, rid, m, fen in SalesStationMonth.objects.filter(
        month__gte=first, month__lte=month
    ).values_list("station_id", "region_id", "month", "sales_fen"):
        station_sales[sid][m] = fen
        station_region[sid] = rid
    region_sales: dict[int, dict[datetime.date, int]] = defaultdict(dict)
    for rid, m, fen in SalesRegionTotal.objects.filter(
        month__gte=first, month__lte=month
    ).values_list("region_id", "month", "sales_fen"):
        region_sales[rid][m] = fen
    excluded = _status_changed(first, month_end(month))
    active = set(
        Station.objects.filter(status=StationStatus.ACTIVE, pk__in=list(station_sales)).values_list(
            "pk", flat=True
        )
    )
    findings = []
    for sid, months in station_sales.items():
        if sid in excluded or sid not in active:
            continue
        history = [months[m] for m in baseline_months if months.get(m)]
        if len(history) < RISK_MIN_BASELINE_MONTHS:
            continue
        baseline = sum(history) / len(history)
        if baseline < RISK_MIN_BASELINE_FEN:
            continue
        current = months.get(month, 0)
        district = region_sales.get(station_region[sid], {})
        district_history = [district[m] for m in baseline_months if district.get(m)]
        if not district_history or not district.get(month):
            continue
        district_baseline = sum(district_history) / len(district_history)
        station_ratio = current / baseline
        district_ratio = district[month] / district_baseline
        relative = station_ratio / district_ratio
        if station_ratio >= RISK_JUMP_RATIO and relative >= RISK_RELATIVE_FACTOR:
            rule = RULE_JUMP
        elif station_ratio <= RISK_DROP_RATIO and relative <= 1 / RISK_RELATIVE_FACTOR:
            rule = RULE_DROP
        else:
            continue
        findings.append(
            Finding(
                sid,
                rule,
                month,
                month_end(month),
                {
                    "month": month.strftime("%Y-%m"),
                    "months": len(history),
                    "station_fen": current,
                    "station_baseline_fen": round(baseline),
                    "station_ratio": round(station_ratio, 2),
                    "district_fen": district[month],
                    "district_baseline_fen": round(district_baseline),
                    "district_ratio": round(district_ratio, 2),
                    "relative": round(relative, 2),
                },
            )
        )
    return findings
