"""Imports missing: a district that had sales data in the weeks before but none on a
day of the last few days (one query: the distinct (district, day) pairs reported)."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from fucai.core.models import Region
from fucai.sales.models import SalesDay

from ..choices import AlertKind
from .common import Finding, params_of


def find_missing_imports(rule, as_of: datetime.date) -> list[Finding]:
    """Days ``as_of - lookback_days + 1`` .. ``as_of`` (``as_of``: the last day whose
    data should be in)."""
    p = params_of(rule)
    first = as_of - datetime.timedelta(days=p["lookback_days"] - 1)
    since = first - datetime.timedelta(days=p["history_days"])
    reported: dict[int, set] = defaultdict(set)
    for region_id, day in (
        SalesDay.objects.filter(date__range=(since, as_of))
        .values_list("station__region_id", "date")
        .distinct()
    ):
        reported[region_id].add(day)
    names = dict(Region.objects.filter(pk__in=list(reported)).values_list("pk", "name"))
    findings = []
    for region_id, days in reported.items():
        if not any(day < first for day in days):
            continue  # no history: a district not yet reporting is not "missing"
        day = first
        while day <= as_of:
            if day not in days:
                words = {"district": names.get(region_id, ""), "day": day.isoformat()}
                findings.append(
                    Finding(
                        kind=AlertKind.IMPORT_MISSING,
                        key=f"{AlertKind.IMPORT_MISSING}:{region_id}:{day.isoformat()}",
                        region_id=region_id,
                        day=day,
                        title=_("No sales data for %(district)s on %(day)s") % words,
                        detail=_(
                            "No station of %(district)s has sales data for %(day)s, although "
                            "the district reported sales in the weeks before. Check that the "
                            "day's file was imported."
                        )
                        % words,
                        data={"history_days": len([d for d in days if d < first])},
                        severity=rule.severity,
                    )
                )
            day += datetime.timedelta(days=1)
    return findings
