"""Targets falling behind: a district's or a station's sales of the period so far
against the target's pro-rata share of the days elapsed (from the monthly rollups: a
few rows per target)."""

import calendar
import datetime
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from fucai.core.models import Region
from fucai.sales.models import SalesRegionTotal, SalesStationMonth, SalesTarget

from ..choices import AlertKind
from .common import Finding, params_of, yuan


def _period(target, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    if target.month:
        last = calendar.monthrange(target.year, target.month)[1]
        return datetime.date(target.year, target.month, 1), datetime.date(
            target.year, target.month, last
        )
    return datetime.date(target.year, 1, 1), datetime.date(target.year, 12, 31)


def find_targets_behind(rule, as_of: datetime.date) -> list[Finding]:
    """Targets of ``as_of``'s year and month, judged on the sales up to ``as_of`` (the
    last day with sales data)."""
    p = params_of(rule)
    targets = list(
        SalesTarget.objects.filter(year=as_of.year)
        .filter(Q(month=as_of.month) | Q(month__isnull=True))
        .select_related("region", "station__region")
    )
    if not targets:
        return []
    year_start = datetime.date(as_of.year, 1, 1)
    by_station: dict[int, dict] = defaultdict(dict)
    for sid, month, fen in SalesStationMonth.objects.filter(
        station_id__in=[t.station_id for t in targets if t.station_id],
        month__gte=year_start,
        month__lte=as_of,
    ).values_list("station_id", "month", "sales_fen"):
        by_station[sid][month] = fen
    # A target of the city counts the sales of its districts (the rollups are by district).
    region_ids = [t.region_id for t in targets if t.region_id]
    covers: dict[int, set] = defaultdict(set)  # district → the target regions it counts for
    for pk, parent_id in Region.objects.filter(
        Q(pk__in=region_ids) | Q(parent_id__in=region_ids)
    ).values_list("pk", "parent_id"):
        for target_region in (pk, parent_id):
            if target_region in region_ids:
                covers[pk].add(target_region)
    by_region: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for region_id, month, fen in (
        SalesRegionTotal.objects.filter(
            region_id__in=list(covers), month__gte=year_start, month__lte=as_of
        )
        .values_list("region_id", "month")
        .annotate(fen=Sum("sales_fen"))
        .values_list("region_id", "month", "fen")
    ):
        for target_region in covers[region_id]:
            by_region[target_region][month] += fen
    findings = []
    for target in targets:
        first, last = _period(target, as_of)
        elapsed = ((min(as_of, last) - first).days + 1) / ((last - first).days + 1)
        if elapsed < p["min_elapsed"]:
            continue
        months = by_station[target.station_id] if target.station_id else by_region[target.region_id]
        actual = sum(fen for month, fen in months.items() if first <= month <= last)
        expected = target.amount_fen * elapsed
        if actual >= expected * (1 - p["tolerance"]):
            continue
        subject = target.station or target.region
        region = target.station.region if target.station_id else target.region
        period = f"{target.year}-{target.month:02d}" if target.month else str(target.year)
        words = {
            "subject": str(subject if not target.station_id else f"{subject.code} {subject}"),
            "period": period,
            "actual": yuan(actual),
            "expected": yuan(expected),
            "target": yuan(target.amount_fen),
            "elapsed": f"{elapsed:.0%}",
            "share": f"{actual / target.amount_fen:.0%}",
            "day": as_of.isoformat(),
        }
        findings.append(
            Finding(
                kind=AlertKind.TARGET_BEHIND,
                key=f"{AlertKind.TARGET_BEHIND}:{target.pk}:{as_of:%Y-%m}",
                region_id=region.pk,
                station_id=target.station_id,
                day=as_of,
                title=_("%(subject)s behind its %(period)s target") % words,
                detail=_(
                    "Up to %(day)s sales are %(actual)s, %(share)s of the target of %(target)s, "
                    "while %(elapsed)s of the period has passed (pro-rata %(expected)s)."
                )
                % words,
                data={
                    "target_id": target.pk,
                    "target_fen": target.amount_fen,
                    "actual_fen": actual,
                    "expected_fen": round(expected),
                    "elapsed": round(elapsed, 3),
                },
                severity=rule.severity,
            )
        )
    return findings
