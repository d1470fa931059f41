"""Inspections of the demo: the 2019 annual campaign, special inspections of risk cases
(reports, complaints, sales anomalies, re-checks), routine patrols of the last weeks and
the next days' planned ones — then their answers, scores and rectification orders."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db.models import Sum

from fucai.governance.choices import (
    InspectionKind,
    InspectionResult,
    PlanKind,
    ViolationSource,
    ViolationType,
)
from fucai.governance.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionPlan,
)
from fucai.stations.choices import StationStatus

from . import orders, rows
from .answers import answers_for, force_fail
from .checklist import Answer, Score, score, violation_type_for
from .common import YEAR, Context, StationInfo, aware, weekday_between
from .rows import next_month

CAMPAIGN_START = datetime.date(YEAR, 3, 1)
CAMPAIGN_DUE = datetime.date(YEAR, 11, 29)
YEAR_START, YEAR_END = datetime.date(YEAR, 1, 2), datetime.date(YEAR, 12, 31)
FAIL_SHARE = 0.05  # of the annual inspections
CRITICAL_SHARE = 0.15  # of the failures: failed on a critical item, not on points
FULL = 1275  # the full network: counts of cases scale from it

COMPLAINTS = (
    (ViolationType.CLOSED_HOURS, "彩民投诉该站深夜仍在销售"),
    (ViolationType.UNCERTIFIED_SELLER, "彩民投诉该站由无证人员售彩"),
    (ViolationType.MINORS, "家长投诉该站向未成年人售彩"),
    (ViolationType.CLOSED_HOURS, "居民投诉该站凌晨营业扰民并售彩"),
)


@dataclass
class Draft:
    """One inspection before it becomes rows; ``outcome`` designates how its orders
    stand today (routine patrols), empty for historical ones."""

    station: StationInfo
    kind: str
    plan: InspectionPlan
    inspector_id: int
    planned_on: datetime.date
    due_on: datetime.date
    inspected_on: datetime.date | None = None
    reason: str = ""
    answers: list[Answer] = field(default_factory=list)
    result: Score | None = None
    outcome: str = ""
    # (violation type, source, reference) when the inspection confirms a report or complaint
    violation: tuple[str, str, str] | None = None
    episode_end: datetime.date | None = None
    # (month, sales in fen, ratio) of a sales anomaly that proposed this inspection
    proposal: tuple[datetime.date, int, float] | None = None
    row: Inspection | None = None


def plan_inspections(
    context: Context, template: ChecklistTemplate, items: list[ChecklistItem]
) -> list[Draft]:
    rng = context.rng("inspections")
    plans = _plans(context, template)
    drafts = _annual(context, rng, items, plans["campaign"])
    drafts += _special(context, rng, items, plans["risk"], drafts)
    drafts += _routine(context, rng, items, plans["routine"])
    rows.write(context, rng, template, drafts)
    orders.issue(context, drafts)
    summary = context.summary
    for draft in drafts:
        if draft.kind == InspectionKind.ANNUAL:
            summary.annual += 1
            summary.annual_failed += draft.result.result == InspectionResult.FAILED
            summary.annual_critical += draft.result.critical_failed
        elif draft.kind == InspectionKind.SPECIAL:
            summary.special += 1
        elif draft.inspected_on is None:
            summary.planned += 1
        else:
            summary.routine += 1
    return drafts


def _plans(context: Context, template: ChecklistTemplate) -> dict[str, InspectionPlan]:
    regions = [unit.regions.all() for key, unit in context.units.items() if key.isdigit()]
    year = context.today.year
    plans = {
        "campaign": InspectionPlan(
            kind=PlanKind.CAMPAIGN,
            inspection_kind=InspectionKind.ANNUAL,
            year=YEAR,
            name=f"{YEAR}年度投注站年检",
            starts_on=CAMPAIGN_START,
            due_on=CAMPAIGN_DUE,
            created_at=aware(datetime.date(YEAR, 2, 20), 10),
        ),
        "risk": InspectionPlan(
            kind=PlanKind.RISK,
            inspection_kind=InspectionKind.SPECIAL,
            year=YEAR,
            name=f"{YEAR}年专项检查（举报、投诉与销量异常）",
            starts_on=datetime.date(YEAR, 1, 2),
            due_on=YEAR_END,
            created_at=aware(datetime.date(YEAR, 1, 2), 10),
        ),
        "routine": InspectionPlan(
            kind=PlanKind.ROUTINE,
            inspection_kind=InspectionKind.ROUTINE,
            year=year,
            name=f"{year}年日常巡查",
            starts_on=datetime.date(year, 1, 1),
            due_on=datetime.date(year, 12, 31),
            created_at=aware(datetime.date(year, 1, 1), 10),
        ),
    }
    for plan in plans.values():
        plan.template = template
        plan.created_by = context.manager
        plan.save()
        plan.regions.set([r for group in regions for r in group])
    return plans


# -- the annual campaign --------------------------------------------------------------------


def _annual(
    context: Context, rng: random.Random, items: list[ChecklistItem], plan: InspectionPlan
) -> list[Draft]:
    stations = context.stations
    n_fail = round(len(stations) * FAIL_SHARE)
    n_critical = round(n_fail * CRITICAL_SHARE) if n_fail >= 5 else min(1, n_fail)
    # A station the registry shows "rectifying" in 2019 failed its inspection that day.
    episode = {}
    for station in stations:
        changes = station.changes
        for n, (to_status, day, _) in enumerate(changes):
            if to_status == StationStatus.RECTIFYING and station.active_on(day):
                resumed = changes[n + 1][1] if n + 1 < len(changes) else None
                episode[station.id] = (day, resumed)
    others = [s for s in stations if s.id not in episode]
    rng.shuffle(others)
    critical = {s.id for s in others[:n_critical]}
    n_poor = max(0, n_fail - n_critical - len(episode))
    poor = {s.id for s in others[n_critical : n_critical + n_poor]} | set(episode)

    drafts = []
    for station in stations:
        last = station.last_active or YEAR_END
        first, final = max(CAMPAIGN_START, station.opened_on), min(CAMPAIGN_DUE, last)
        if first > final:  # opened late in the year, or closed early
            first, final = max(YEAR_START, station.opened_on), min(YEAR_END, last)
        day = weekday_between(rng, first, final)
        episode_end = None
        if station.id in episode:
            day, episode_end = episode[station.id]
        want = "critical" if station.id in critical else "poor" if station.id in poor else "pass"
        answers, result = answers_for(rng, items, station, want)
        planned = max(first, day - datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2, 3))))
        drafts.append(
            Draft(
                station=station,
                kind=InspectionKind.ANNUAL,
                plan=plan,
                inspector_id=context.inspector_for(station.region_code).pk,
                planned_on=min(planned, day),
                due_on=CAMPAIGN_DUE if day <= CAMPAIGN_DUE else YEAR_END,
                inspected_on=day,
                answers=answers,
                result=result,
                episode_end=episode_end,
            )
        )
    return drafts


# -- special inspections --------------------------------------------------------------------


def _special(
    context: Context,
    rng: random.Random,
    items: list[ChecklistItem],
    plan: InspectionPlan,
    annual: list[Draft],
) -> list[Draft]:
    drafts: list[Draft] = []
    scale = len(context.stations) / FULL

    def add(station, day, reason, *, fail=None, violation=None, want="pass") -> Draft:
        answers, _ = answers_for(rng, items, station, want)
        if fail is not None:
            force_fail(rng, answers, fail)
        draft = Draft(
            station=station,
            kind=InspectionKind.SPECIAL,
            plan=plan,
            inspector_id=context.inspector_for(station.region_code).pk,
            planned_on=day,
            due_on=day,
            inspected_on=day,
            reason=reason,
            answers=answers,
            result=score(answers),
            violation=violation,
        )
        drafts.append(draft)
        return draft

    def of_type(violation_type):
        return lambda item: violation_type_for(item.text) == violation_type

    used = set()
    # Reports that ended in a suspension: illegal private lottery (the contract was
    # terminated: the registry's 违规销售终止合同) or online selling (suspended, resumed).
    for station in context.stations:
        for to_status, day, reason in station.changes:
            if to_status != StationStatus.SUSPENDED or "违规" not in reason:
                continue
            closing = station.closed_on is not None
            kind = ViolationType.PRIVATE_LOTTERY if closing else ViolationType.ONLINE
            what = "销售私彩" if closing else "通过网络代购彩票"
            reference = f"JB{day:%Y%m%d}{len(drafts) + 1:02d}"
            add(
                station,
                day,
                f"群众举报该站{what}（举报编号 {reference}），专项核查",
                fail=of_type(kind),
                violation=(kind, ViolationSource.REPORT, reference),
            )
            used.add(station.id)
    # Complaints of players, confirmed on the spot.
    open_all_year = [s for s in context.stations if s.closed_on is None and s.id not in used]
    for n, station in enumerate(rng.sample(open_all_year, max(1, round(4 * scale)))):
        kind, complaint = COMPLAINTS[n % len(COMPLAINTS)]
        first = max(datetime.date(YEAR, 4, 1), station.opened_on)
        day = weekday_between(rng, first, datetime.date(YEAR, 11, 15))
        reference = f"TS{day:%Y%m%d}{n + 1:03d}"
        add(
            station,
            day,
            f"{complaint}（投诉编号 {reference}），专项核查",
            fail=of_type(kind),
            violation=(kind, ViolationSource.COMPLAINT, reference),
        )
        used.add(station.id)
    # Re-checks of critical failures found at the annual inspection: some repeat it.
    repeatable = [
        d
        for d in annual
        if d.result.critical_failed
        and d.station.closed_on is None
        and d.inspected_on <= datetime.date(YEAR, 10, 31)
    ]
    for draft in rng.sample(repeatable, min(len(repeatable), max(1, round(2 * scale)))):
        failed = next(a.item for a in draft.answers if a.item.critical and a.passed is False)
        day = weekday_between(
            rng,
            draft.inspected_on + datetime.timedelta(days=30),
            draft.inspected_on + datetime.timedelta(days=60),
        )
        add(
            draft.station,
            day,
            f"年检发现“{failed.text}”不合格，整改后复查",
            fail=lambda item, failed=failed: item.pk == failed.pk,
        )
    # Sales anomalies: a month far above the station's own previous months.
    for station, month, amount, ratio in _sales_jumps(context, max(1, round(3 * scale)), used):
        day = weekday_between(
            rng, next_month(month), next_month(month) + datetime.timedelta(days=10)
        )
        reason = (
            f"{month:%Y年%m月}销量{amount / 100:,.0f}元，为前三个月月均的{ratio:.1f}倍，"
            "销量异常，提请专项检查"
        )
        draft = add(station, day, reason, want="clean")
        draft.outcome = "proposal"
        draft.proposal = (month, amount, ratio)
    return drafts


def _sales_jumps(context: Context, count: int, used: set[int]):
    """The stations whose 2019 month sales jumped most against their previous three
    months (from the monthly rollup; none when the demo was loaded without sales)."""
    from fucai.sales.models import SalesMonth

    by_station: dict[int, dict[datetime.date, int]] = {}
    rows = (
        SalesMonth.objects.filter(month__year=YEAR, month__month__lte=11)
        .order_by()  # the model's ordering would split the groups by game
        .values("station_id", "month")
        .annotate(total=Sum("sales_fen"))
        .values_list("station_id", "month", "total")
    )
    for station_id, month, total in rows:
        by_station.setdefault(station_id, {})[month] = total
    found = []
    stations = {s.id: s for s in context.stations if s.closed_on is None and s.id not in used}
    for station_id, months in by_station.items():
        if station_id not in stations:
            continue
        ordered = sorted(months)
        for i in range(3, len(ordered)):
            before = [months[m] for m in ordered[i - 3 : i]]
            mean = sum(before) / 3
            if mean > 0:
                found.append((months[ordered[i]] / mean, station_id, ordered[i]))
    found.sort(reverse=True)
    picked, seen = [], set()
    for ratio, station_id, month in found:
        if station_id not in seen and len(picked) < count:
            seen.add(station_id)
            picked.append((stations[station_id], month, by_station[station_id][month], ratio))
    return picked


# -- routine patrols of the last weeks, and the next days' plan -------------------------------

# How the orders of a recent patrol stand today: its failed item's severity, and how many
# days before today it was inspected (a range).
ROUTINE_OUTCOMES = {
    "open": ("minor", (1, 10)),
    "replied": ("minor", (6, 20)),
    "overdue": ("major", (16, 25)),  # deadline 15 days: 1–10 days late today
    "verified": ("minor", (20, 40)),
    "clean": ("", (2, 40)),
}


def _routine(
    context: Context, rng: random.Random, items: list[ChecklistItem], plan: InspectionPlan
) -> list[Draft]:
    today = context.today
    drafts = []
    active = [s for s in context.stations if s.status == StationStatus.ACTIVE]
    by_region: dict[str, list[StationInfo]] = {}
    for station in active:
        by_region.setdefault(station.region_code, []).append(station)
    cycle = list(ROUTINE_OUTCOMES)
    for index, (code, stations) in enumerate(sorted(by_region.items())):
        inspector = context.inspector_for(code)
        # The demo owner's station has an open order to answer; 鹿城's inspector has one
        # to verify and one overdue.
        owned = [s for s in stations if s.owner_user_id is not None]
        rest = [s for s in stations if s.owner_user_id is None]
        rng.shuffle(rest)
        if owned:
            picks = [
                (owned[0], "open"),
                *zip(rest[:3], ("replied", "overdue", "verified"), strict=False),
            ]
        else:
            outcomes = (cycle[index % len(cycle)], cycle[(index + 2) % len(cycle)])
            picks = list(zip(rest[:2], outcomes, strict=False))
        for station, outcome in picks:
            severity, (near, far) = ROUTINE_OUTCOMES[outcome]
            day = today - datetime.timedelta(days=rng.randint(near, far))
            answers, _ = answers_for(rng, items, station, "clean")
            if severity:
                force_fail(rng, answers, lambda i, s=severity: not i.critical and i.severity == s)
            drafts.append(
                Draft(
                    station=station,
                    kind=InspectionKind.ROUTINE,
                    plan=plan,
                    inspector_id=inspector.pk,
                    planned_on=day,
                    due_on=day,
                    inspected_on=day,
                    answers=answers,
                    result=score(answers),
                    outcome=outcome,
                )
            )
        # Two planned for the inspector's "today" list: today and the next day.
        for offset, station in enumerate(rest[3:5]):
            day = today + datetime.timedelta(days=offset)
            drafts.append(
                Draft(
                    station=station,
                    kind=InspectionKind.ROUTINE,
                    plan=plan,
                    inspector_id=inspector.pk,
                    planned_on=day,
                    due_on=day + datetime.timedelta(days=7),
                )
            )
    return drafts
