"""A station's liability insurance cover (责任险), kept on the station row.

The station list shows each active station's insurance state (未投保 / 即将到期) on
every row. Worked out from the policies, that costs two correlated subqueries per row
(is a policy in force today? the last day of cover on file?). Instead the station
carries four dates derived from its policies (``Station.insurance_*``):

    insurance_from, insurance_to   the period of continuous cover (overlapping or
                                   back-to-back policies joined) running on the day the
                                   dates were derived, else the next period
    insurance_resumes_on           the start of the last period, when cover lapses
                                   between the two (else empty)
    insurance_until                the last day of cover on file

and a page reads them against *today's* date (:func:`cover_on`), so cover that runs out
shows as run out on the day it does, and a renewal signed ahead shows when it starts,
without any write. The dates are derived again (:func:`insurance_cover_refresh`) whenever a policy
is saved or deleted (signals.py: services, the admin, fixtures of tests), after bulk
loads (the demo builder, the migration that added them) and every night (tasks.py): the
nightly run keeps them exact even for a station with three or more separate periods of
cover signed ahead, which two periods cannot describe.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import InsurancePolicy, Station

FIELDS = ("insurance_from", "insurance_to", "insurance_resumes_on", "insurance_until")
_DAY = datetime.timedelta(days=1)


def cover_periods(
    spans: Iterable[tuple[datetime.date, datetime.date]], since: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The periods of continuous cover of policies running ``(starts_on, ends_on)``
    that end on or after ``since``, in order: overlapping or back-to-back policies (one
    ends on the 10th, the next starts on the 11th) make one period."""
    periods: list[tuple[datetime.date, datetime.date]] = []
    for starts, ends in sorted(span for span in spans if span[1] >= since):
        if periods and starts <= periods[-1][1] + _DAY:
            if ends > periods[-1][1]:
                periods[-1] = (periods[-1][0], ends)
        else:
            periods.append((starts, ends))
    return periods


def cover_fields(spans, since: datetime.date) -> dict[str, datetime.date | None]:
    """The ``Station.insurance_*`` values for policies ``spans`` derived on ``since``."""
    periods = cover_periods(spans, since)
    if not periods:
        return dict.fromkeys(FIELDS)
    (first_from, first_to), (last_from, last_to) = periods[0], periods[-1]
    return {
        "insurance_from": first_from,
        "insurance_to": first_to,
        "insurance_resumes_on": last_from if len(periods) > 1 else None,
        "insurance_until": last_to,
    }


def cover_on(
    insurance_from, insurance_to, insurance_resumes_on, insurance_until, on: datetime.date
) -> tuple[bool, datetime.date | None]:
    """From a station's ``insurance_*`` dates: whether a policy is in force on ``on``
    and the last day of cover from ``on`` on (a renewal already signed counts), or
    None — what ``selectors.insurance_state`` takes."""
    insured = (insurance_from is not None and insurance_from <= on <= insurance_to) or (
        insurance_resumes_on is not None and insurance_resumes_on <= on <= insurance_until
    )
    until = insurance_until if insurance_until is not None and insurance_until >= on else None
    return insured, until


def station_cover_on(station: Station, on: datetime.date) -> tuple[bool, datetime.date | None]:
    return cover_on(*(getattr(station, name) for name in FIELDS), on)


@transaction.atomic
def insurance_cover_refresh(
    station_ids: Iterable[int] | None = None, on: datetime.date | None = None
) -> int:
    """Derive the ``insurance_*`` dates of the stations ``station_ids`` (every station
    when None) from their policies again, as of ``on`` (today); returns how many
    changed. The stations' rows are locked first, so two policies added at once to one
    station are both counted, whichever commits first. Not an edit of the station: its
    version and ``updated_at`` stay as they are (the change is audited on the policy)."""
    on = on or timezone.localdate()
    stations = Station.objects.select_for_update().order_by("pk").only("pk", *FIELDS)
    policies = InsurancePolicy.objects.filter(ends_on__gte=on)
    if station_ids is not None:
        station_ids = sorted(set(station_ids))
        stations = stations.filter(pk__in=station_ids)
        policies = policies.filter(station_id__in=station_ids)
    stations = list(stations)  # locked before the policies are read
    spans = defaultdict(list)
    for station_id, starts_on, ends_on in policies.values_list(
        "station_id", "starts_on", "ends_on"
    ):
        spans[station_id].append((starts_on, ends_on))
    changed = []
    for station in stations:
        fields = cover_fields(spans.get(station.pk, ()), on)
        if any(getattr(station, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(station, name, value)
            changed.append(station)
    Station.objects.bulk_update(changed, FIELDS, batch_size=500)
    return len(changed)
