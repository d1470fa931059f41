"""The scan: every rule for a month, one proposal per finding not proposed before."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from fucai.core import audit
from fucai.core.scope import is_city_wide
from fucai.stations.models import Station

from ...models import InspectionProposal
from .closed_days import find_closed_day_sales
from .common import latest_complete_month, month_end
from .game_mix import find_game_mix
from .open_alerts import find_open_alerts
from .reasons import describe
from .swings import find_sales_swings


@dataclass
class ScanResult:
    month: datetime.date | None
    created: dict = field(default_factory=dict)  # rule → proposals created
    existing: int = 0


@transaction.atomic
def risk_scan(*, month: datetime.date | None = None, acting_user=None) -> ScanResult:
    """Run every rule for ``month`` (default: the last complete month with sales data)
    and store a proposal per finding not proposed before.

    Run by a user (the proposals page), only the stations inside their data scope get
    proposals: a district's planner scans their district; the monthly beat, with no
    user, scans the city."""
    month = (month or latest_complete_month() or timezone.localdate()).replace(day=1)
    findings = [
        *find_sales_swings(month),
        *find_closed_day_sales(month, month_end(month)),
        *find_game_mix(month),
        *find_open_alerts(month),
    ]
    if acting_user is not None and not is_city_wide(acting_user):
        stations = {finding.station_id for finding in findings}
        allowed = set(
            Station.objects.visible_to(acting_user)
            .filter(pk__in=stations)
            .values_list("pk", flat=True)
        )
        findings = [finding for finding in findings if finding.station_id in allowed]
    result = ScanResult(month=month)
    with translation.override(settings.LANGUAGE_CODE):
        for finding in findings:
            proposal, created = InspectionProposal.objects.get_or_create(
                station_id=finding.station_id,
                rule=finding.rule,
                period_start=finding.period_start,
                period_end=finding.period_end,
                defaults={
                    "evidence": finding.evidence,
                    "reason": describe(finding.rule, finding.evidence),
                },
            )
            if created:
                result.created[finding.rule] = result.created.get(finding.rule, 0) + 1
                audit.record_create(actor=acting_user, obj=proposal)
            else:
                result.existing += 1
    return result
