"""Risk-based selection: stations whose sales look anomalous are proposed for a special
inspection (专项检查), with the reason and the figures behind it.

The scan reads the sales app's tables read-only and never the raw daily rows for the
whole city: the jump/drop and game-mix rules read the monthly rollups (one row per
station and month, and per district, kind and game), so their cost grows with
stations × months, not with days (1,300 stations × 7 months ≈ 9,100 rows). Only the
closed-day rule reads daily rows, and only for the few stations the registry shows
suspended or closed, through the date-first key.

What the data support: the daily facts (``SalesDay``) carry no time of sale, so sales
at hours the terminal should be closed cannot be seen; the closed-day rule flags *days*
on which a station reported sales while the registry had it suspended or closed
(counting from the day after the status change took effect).

Rules (thresholds in ``constants``):
- ``sales_jump`` / ``sales_drop``: the month against the station's own average of the
  previous months AND against its district's move over the same months.
- ``closed_day_sales``: sales on days the station was suspended or closed.
- ``game_mix``: total variation distance between the station's game shares and those
  of the other stations of its district and kind (½ Σ |p − q|: the share of sales that
  would have to move between games to make the mixes equal).

Re-running a scan proposes nothing twice (one proposal per station, rule and period);
a dismissed proposal stays dismissed.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.models import User
from fucai.core.scope import require_in_scope
from fucai.sales.models import (
    Game,
    SalesDay,
    SalesMonth,
    SalesRegionMonth,
    SalesRegionTotal,
    SalesStationMonth,
)
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationStatusChange

from ..choices import InspectionKind
from ..constants import (
    RISK_BASELINE_MONTHS,
    RISK_DROP_RATIO,
    RISK_JUMP_RATIO,
    RISK_MIN_BASELINE_FEN,
    RISK_MIN_BASELINE_MONTHS,
    RISK_MIX_DISTANCE,
    RISK_MIX_MIN_SALES_FEN,
    RISK_MIX_MONTHS,
    RISK_RELATIVE_FACTOR,
)
from ..models import Inspection, InspectionProposal
from .planning import inspection_plan_ad_hoc

RULE_JUMP = "sales_jump"
RULE_DROP = "sales_drop"
RULE_CLOSED = "closed_day_sales"
RULE_MIX = "game_mix"
RULE_LABELS = {
    RULE_JUMP: _("Sudden jump in sales"),
    RULE_DROP: _("Sudden drop in sales"),
    RULE_CLOSED: _("Sales while suspended or closed"),
    RULE_MIX: _("Game mix far from the district's"),
}
CLOSED_STATUSES = (StationStatus.SUSPENDED, StationStatus.CLOSED)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def yuan(fen: int) -> str:
    return f"{fen / 100:,.0f}"


def latest_complete_month() -> datetime.date | None:
    """The last month whose daily data reach its last day (a month still being imported
    would look like a drop)."""
    last_day = SalesDay.objects.aggregate(last=Max("date"))["last"]
    if last_day is None:
        return None
    month = last_day.replace(day=1)
    return month if last_day == month_end(month) else add_months(month, -1)


# --- the rules ----------------------------------------------------------------------


@dataclass
class Finding:
    station_id: int
    rule: str
    period_start: datetime.date
    period_end: datetime.date
    evidence: dict = field(default_factory=dict)


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


def total_variation(p: dict, q: dict) -> float:
    """½ Σ |p − q| of two distributions given as {key: amount} (normalized here)."""
    sp, sq = sum(p.values()), sum(q.values())
    if not sp or not sq:
        return 0.0
    keys = set(p) | set(q)
    return 0.5 * sum(abs(p.get(k, 0) / sp - q.get(k, 0) / sq) for k in keys)


def find_game_mix(month: datetime.date) -> list[Finding]:
    first = add_months(month, -(RISK_MIX_MONTHS - 1))
    station_games: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for sid, gid, fen in (
        SalesMonth.objects.filter(month__gte=first, month__lte=month)
        .values_list("station_id", "game_id")
        .annotate(fen=Sum("sales_fen"))
        .values_list("station_id", "game_id", "fen")
    ):
        station_games[sid][gid] += fen
    group_games: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for rid, kind, gid, fen in (
        SalesRegionMonth.objects.filter(month__gte=first, month__lte=month)
        .values_list("region_id", "kind", "game_id")
        .annotate(fen=Sum("sales_fen"))
        .values_list("region_id", "kind", "game_id", "fen")
    ):
        group_games[(rid, kind)][gid] += fen
    stations = {
        pk: (rid, kind)
        for pk, rid, kind in Station.objects.filter(
            pk__in=list(station_games), status=StationStatus.ACTIVE
        ).values_list("pk", "region_id", "kind")
    }
    names = dict(Game.objects.values_list("pk", "name"))
    findings = []
    for sid, games in station_games.items():
        if sid not in stations or sum(games.values()) < RISK_MIX_MIN_SALES_FEN:
            continue
        group = group_games.get(stations[sid], {})
        # The district's other stations of the same kind: the station itself taken out.
        others = {g: group.get(g, 0) - games.get(g, 0) for g in set(group) | set(games)}
        others = {g: fen for g, fen in others.items() if fen > 0}
        if not others:
            continue
        distance = total_variation(games, others)
        if distance < RISK_MIX_DISTANCE:
            continue
        total, rest = sum(games.values()), sum(others.values())
        shares = sorted(
            (
                {
                    "game": names.get(g, str(g)),
                    "station_share": round(games.get(g, 0) / total, 3),
                    "district_share": round(others.get(g, 0) / rest, 3),
                }
                for g in set(games) | set(others)
            ),
            key=lambda row: -abs(row["station_share"] - row["district_share"]),
        )
        findings.append(
            Finding(
                sid,
                RULE_MIX,
                first,
                month_end(month),
                {
                    "distance": round(distance, 3),
                    "sales_fen": total,
                    "from": first.strftime("%Y-%m"),
                    "to": month.strftime("%Y-%m"),
                    "games": shares[:5],
                },
            )
        )
    return findings


# --- reasons ------------------------------------------------------------------------


def describe(rule: str, evidence: dict) -> str:
    """The reason shown to staff and to the inspector, from the stored figures."""
    e = evidence
    if rule in (RULE_JUMP, RULE_DROP):
        template = _(
            "Sales in %(month)s: %(current)s yuan, %(ratio)s× the station's average of "
            "%(baseline)s yuan over the previous %(months)s months, while its district "
            "moved %(district)s× (%(relative)s× the district's trend)."
        )
        return str(template) % {
            "month": e["month"],
            "current": yuan(e["station_fen"]),
            "ratio": e["station_ratio"],
            "baseline": yuan(e["station_baseline_fen"]),
            "months": e["months"],
            "district": e["district_ratio"],
            "relative": e["relative"],
        }
    if rule == RULE_CLOSED:
        return str(
            _(
                "Sales on %(days)s days (%(first)s to %(last)s, %(sales)s yuan) while the "
                "registry had the station %(status)s since %(since)s. Daily figures carry "
                "no time of sale, so only days can be checked, not hours."
            )
        ) % {
            "days": e["days"],
            "first": e["first_day"],
            "last": e["last_day"],
            "sales": yuan(e["sales_fen"]),
            "status": StationStatus(e["status"]).label,
            "since": e["since"],
        }
    if rule == RULE_MIX:
        games = gettext("; ").join(
            gettext("%(game)s %(station)s%% against %(district)s%%")
            % {
                "game": g["game"],
                "station": round(g["station_share"] * 100, 1),
                "district": round(g["district_share"] * 100, 1),
            }
            for g in e["games"][:3]
        )
        return str(
            _(
                "Game mix %(from)s to %(to)s far from the other stations of its district and "
                "kind: distance %(distance)s (%(games)s)."
            )
        ) % {"from": e["from"], "to": e["to"], "distance": e["distance"], "games": games}
    return rule


# --- the scan and the decisions -----------------------------------------------------


@dataclass
class ScanResult:
    month: datetime.date | None
    created: dict = field(default_factory=dict)  # rule → proposals created
    existing: int = 0


@transaction.atomic
def risk_scan(*, month: datetime.date | None = None, acting_user=None) -> ScanResult:
    """Run every rule for ``month`` (default: the last complete month with sales data)
    and store a proposal per finding not proposed before."""
    month = (month or latest_complete_month() or timezone.localdate()).replace(day=1)
    findings = [
        *find_sales_swings(month),
        *find_closed_day_sales(month, month_end(month)),
        *find_game_mix(month),
    ]
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


def _lock(proposal: InspectionProposal, acting_user) -> InspectionProposal:
    require_in_scope(acting_user, proposal)
    proposal = InspectionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != InspectionProposal.Status.PROPOSED:
        raise ValidationError(_("This proposal has been decided already."))
    return proposal


@transaction.atomic
def proposal_accept(
    *,
    proposal: InspectionProposal,
    acting_user,
    inspector: User | None = None,
    due_on: datetime.date | None = None,
    comment: str = "",
) -> Inspection:
    """Plan a special inspection of the proposed station, the reason carried over."""
    proposal = _lock(proposal, acting_user)
    inspection = inspection_plan_ad_hoc(
        station=proposal.station,
        kind=InspectionKind.SPECIAL,
        inspector=inspector,
        due_on=due_on,
        reason=proposal.reason,
        acting_user=acting_user,
    )
    proposal.status = InspectionProposal.Status.ACCEPTED
    proposal.inspection = inspection
    proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
    proposal.decision_comment = comment
    proposal.full_clean()
    proposal.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=proposal,
        changes={
            "status": {
                "label": str(_("status")),
                "old": str(_("Proposed")),
                "new": str(_("Accepted")),
            }
        },
        comment=comment,
    )
    return inspection


@transaction.atomic
def proposal_dismiss(*, proposal: InspectionProposal, reason: str, acting_user):
    """Dismiss a proposal; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is dismissed.")})
    proposal = _lock(proposal, acting_user)
    proposal.status = InspectionProposal.Status.DISMISSED
    proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
    proposal.decision_comment = reason.strip()
    proposal.full_clean()
    proposal.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=proposal,
        changes={
            "status": {
                "label": str(_("status")),
                "old": str(_("Proposed")),
                "new": str(_("Dismissed")),
            }
        },
        comment=reason.strip(),
    )
    return proposal
