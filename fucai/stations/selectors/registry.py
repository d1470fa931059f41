"""Reads of the station registry that several pages share: liability insurance (责任险)
coverage, policies about to expire, stations without a policy in force.

A station is *insured on a day* when one of its policies runs over that day. Every
figure here is an annotation (``Exists``) on the scoped station queryset, so a list of
any length costs one query, not one per station; the per-row badge of the station list
and page reads the cover dates kept on the station instead (cover.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fucai.core.scope import regions_visible

from ..choices import StationStatus
from ..models import InsurancePolicy, Station

# The windows of the expiry list, in days (the center renews a quarter ahead).
EXPIRY_WINDOWS = (30, 60, 90)
# A station whose cover ends within this many days is flagged "expiring soon".
EXPIRING_SOON_DAYS = 30


def insured_on(on: datetime.date) -> Exists:
    """Whether the station (``OuterRef("pk")``) has a policy in force on ``on``."""
    return Exists(
        InsurancePolicy.objects.filter(station=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on)
    )


def insurance_state(insured: bool, insured_until, on: datetime.date) -> str:
    """``"missing"`` (未投保), ``"expiring"`` (即将到期) or ``"ok"``."""
    if not insured:
        return "missing"
    if insured_until is not None and (insured_until - on).days <= EXPIRING_SOON_DAYS:
        return "expiring"
    return "ok"


@dataclass
class CoverageRow:
    region: str
    active: int
    insured: int

    @property
    def uninsured(self) -> int:
        return self.active - self.insured

    @property
    def rate(self) -> float | None:
        """Share insured, 0..1 (None without active stations)."""
        return self.insured / self.active if self.active else None


def insurance_coverage(
    user, on: datetime.date | None = None
) -> tuple[list[CoverageRow], CoverageRow]:
    """Per district in ``user``'s scope: active stations and those insured on ``on``;
    then the total. One query."""
    on = on or timezone.localdate()
    counts = {
        row["region"]: row
        for row in Station.objects.visible_to(user)
        .active()
        .values("region")
        .annotate(active=Count("pk"), insured=Count("pk", filter=Q(insured_on(on))))
    }
    rows = []
    for region in regions_visible(user).order_by("sort_order", "code"):
        found = counts.get(region.pk, {})
        rows.append(
            CoverageRow(
                region.short_name or region.name, found.get("active", 0), found.get("insured", 0)
            )
        )
    rows = [row for row in rows if row.active]
    total = CoverageRow("", sum(r.active for r in rows), sum(r.insured for r in rows))
    return rows, total


def expiring_policies(user, days: int, on: datetime.date | None = None) -> QuerySet:
    """Policies in force on ``on`` that end within ``days`` days, of active stations in
    ``user``'s scope, soonest first; ``renewed`` tells whether a later policy exists."""
    on = on or timezone.localdate()
    later = InsurancePolicy.objects.filter(
        station=OuterRef("station"), ends_on__gt=OuterRef("ends_on")
    )
    return (
        InsurancePolicy.objects.visible_to(user)
        .filter(
            station__status=StationStatus.ACTIVE,
            starts_on__lte=on,
            ends_on__gte=on,
            ends_on__lte=on + datetime.timedelta(days=days),
        )
        .annotate(renewed=Exists(later))
        .select_related("station", "station__region")
        .order_by("ends_on", "station__code")
    )


def uninsured_stations(user, on: datetime.date | None = None) -> QuerySet:
    """Active stations in ``user``'s scope without a policy in force on ``on``."""
    on = on or timezone.localdate()
    return (
        Station.objects.visible_to(user)
        .active()
        .filter(~insured_on(on))
        .select_related("region")
        .order_by("region__sort_order", "code")
    )
