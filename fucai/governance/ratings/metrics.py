"""A year's metrics of many stations in a fixed number of queries (one per source),
whatever their number: sales and growth from the sales app's yearly rollup, premises
area and operation mode from the registry, the annual inspection's score, violations,
certified sellers on duty at the end of the year, insurance cover and substantiated
complaints (``None``, "no data", while the system records no complaint at all)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from fucai.feedback.selectors import substantiated_complaints
from fucai.sales.models import SalesStationYear
from fucai.stations.choices import StationClass
from fucai.stations.models import InsurancePolicy
from fucai.stations.selectors import certified_sellers_on

from ..choices import InspectionKind, InspectionStatus
from ..models import Inspection, Violation

ONE_DECIMAL = Decimal("0.1")


def _covered_days(periods: list[tuple[datetime.date, datetime.date]], start, end) -> int:
    """Days of [start, end] inside the union of ``periods``."""
    days, cursor = 0, start
    for first, last in sorted(periods):
        first, last = max(first, cursor), min(last, end)
        if first > last:
            continue
        days += (last - first).days + 1
        cursor = last + datetime.timedelta(days=1)
    return days


def load_metrics(stations, year: int) -> dict[int, dict]:
    """{station id: {metric: value}} for ``stations`` (Station objects) in ``year``.
    Values are plain JSON (ints, strings of decimals) or ``None`` for no data."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ids = [s.pk for s in stations]
    metrics: dict[int, dict] = {}
    for s in stations:
        metrics[s.pk] = {
            "premises_area": str(s.premises_area),
            "mode": "combined" if s.station_class == StationClass.COMBINED else "dedicated",
            "registered_class": s.station_class,
            "sales_yuan": None,
            "sales_growth_pct": None,
            "inspection_pct": None,
            "violations": 0,
            "certified_sellers": None,
            "insurance_pct": 0,
            "complaints": None,
        }

    sales: dict[tuple[int, int], int] = {}
    for station_id, y, fen in SalesStationYear.objects.filter(
        station_id__in=ids, year__in=(year - 1, year)
    ).values_list("station_id", "year", "sales_fen"):
        sales[(station_id, y)] = fen
    for station_id in ids:
        this, last = sales.get((station_id, year)), sales.get((station_id, year - 1))
        if this is not None:
            metrics[station_id]["sales_yuan"] = this // 100
            if last:
                growth = (Decimal(this - last) * 100 / Decimal(last)).quantize(
                    ONE_DECIMAL, ROUND_HALF_UP
                )
                metrics[station_id]["sales_growth_pct"] = str(growth)

    # The latest annual inspection of the year wins (a re-inspection after failing).
    for station_id, score, max_score in (
        Inspection.objects.filter(
            station_id__in=ids,
            kind=InspectionKind.ANNUAL,
            status=InspectionStatus.SUBMITTED,
            year=year,
        )
        .order_by("inspected_on", "id")
        .values_list("station_id", "score", "max_score")
    ):
        if score is not None and max_score:
            pct = (Decimal(str(score)) * 100 / Decimal(str(max_score))).quantize(
                ONE_DECIMAL, ROUND_HALF_UP
            )
            metrics[station_id]["inspection_pct"] = str(pct)

    counts = Counter(
        Violation.objects.filter(station_id__in=ids, occurred_on__range=(start, end)).values_list(
            "station_id", flat=True
        )
    )
    for station_id, count in counts.items():
        metrics[station_id]["violations"] = count

    # Until sellers are registered at all, certification is "no data", not zero.
    certified = certified_sellers_on(ids, end)
    if certified is not None:
        for station_id in ids:
            metrics[station_id]["certified_sellers"] = certified.get(station_id, 0)

    complaints = substantiated_complaints(ids, start, end)
    if complaints is not None:
        for station_id in ids:
            metrics[station_id]["complaints"] = complaints.get(station_id, 0)

    periods: dict[int, list] = {}
    for station_id, first, last in InsurancePolicy.objects.filter(
        station_id__in=ids, starts_on__lte=end, ends_on__gte=start
    ).values_list("station_id", "starts_on", "ends_on"):
        periods.setdefault(station_id, []).append((first, last))
    for s in stations:
        open_from = max(start, s.opened_on) if s.opened_on else start
        open_to = min(end, s.closed_on) if s.closed_on else end
        span = (open_to - open_from).days + 1
        if span <= 0:
            continue
        covered = _covered_days(periods.get(s.pk, []), open_from, open_to)
        metrics[s.pk]["insurance_pct"] = covered * 100 // span
    return metrics
