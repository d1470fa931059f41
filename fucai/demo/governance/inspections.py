"""Inspections of the demo: the 2019 annual campaign, special inspections of risk cases
(reports, complaints, sales anomalies, re-checks), routine patrols of the last weeks and
the next days' planned ones — then their answers, scores and rectification orders."""

from __future__ import annotations

import datetime
import math
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from fucai.governance.choices import (
    AnswerType,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    PlanKind,
    ViolationSource,
    ViolationType,
)
from fucai.governance.constants import CHECK_IN_FAR_METRES
from fucai.governance.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionPlan,
    InspectionProposal,
)
from fucai.recruitment.geo import haversine_m
from fucai.stations.choices import StationStatus

from . import orders
from .checklist import FAILURE_REMARKS, Answer, Score, score, violation_type_for
from .common import (
    YEAR,
    Context,
    StationInfo,
    aware,
    demo_photo,
    insert_instances,
    insert_rows,
    weekday_between,
)

BATCH = 1000
CAMPAIGN_START = datetime.date(YEAR, 3, 1)
CAMPAIGN_DUE = datetime.date(YEAR, 11, 29)
YEAR_START, YEAR_END = datetime.date(YEAR, 1, 2), datetime.date(YEAR, 12, 31)
FAIL_SHARE = 0.05  # of the annual inspections
CRITICAL_SHARE = 0.15  # of the failures: failed on a critical item, not on points
FULL = 1275  # the full network: counts of cases scale from it

# Bands of stations: how often a pass/fail item fails, and how score items are marked.
BANDS = {
    "good": (0.1, (1, 0.8, 0.6), (45, 40, 15)),
    "fair": (0.2, (1, 0.8, 0.6, 0.4), (35, 35, 20, 10)),
    "poor": (0.55, (0.6, 0.4, 0.2), (30, 40, 30)),
    "clean": (0.0, (1,), (1,)),
}
# Critical failures found at the annual inspection, by what they are.
CRITICAL_TYPES = {
    ViolationType.NO_LICENCE: 40,
    ViolationType.NO_RESPONSIBLE_GAMING: 35,
    ViolationType.MINORS: 15,
    ViolationType.CREDIT: 10,
}
COMPLAINTS = (
    (ViolationType.CLOSED_HOURS, "彩民投诉该站深夜仍在销售"),
    (ViolationType.UNCERTIFIED_SELLER, "彩民投诉该站由无证人员售彩"),
    (ViolationType.MINORS, "家长投诉该站向未成年人售彩"),
    (ViolationType.CLOSED_HOURS, "居民投诉该站凌晨营业扰民并售彩"),
)
TEXT_ANSWERS = ("业主本人在岗，配合检查", "店员在岗，业主电话确认", "业主及一名销售员在岗")


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
    _write(context, rng, template, drafts)
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
    rows = {
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
    for plan in rows.values():
        plan.template = template
        plan.created_by = context.manager
        plan.save()
        plan.regions.set([r for group in regions for r in group])
    return rows


# -- answers --------------------------------------------------------------------------------


def draw_answers(
    rng: random.Random, items: list[ChecklistItem], station: StationInfo, band: str
) -> list[Answer]:
    fail_rate, factors, weights = BANDS[band]
    answers = []
    for item in items:
        answer = Answer(item)
        kind = item.answer_type
        if kind == AnswerType.PASS_FAIL:
            # Critical items pass unless a case says otherwise (force_fail).
            answer.passed = item.critical or rng.random() >= fail_rate
            if not answer.passed:
                answer.comment = FAILURE_REMARKS.get(item.code, "")
        elif kind == AnswerType.SCORE:
            factor = rng.choices(factors, weights)[0]
            answer.score = (Decimal(item.weight) * Decimal(str(factor))).quantize(Decimal("0.01"))
            if factor < 0.6:
                answer.comment = FAILURE_REMARKS.get(item.code, "")
        elif kind == AnswerType.NUMBER:
            answer.number = Decimal(
                station.terminal_count if "终端" in item.text else rng.randint(1, 5)
            )
        elif kind == AnswerType.TEXT:
            answer.text = rng.choice(TEXT_ANSWERS)
        else:
            answer.photos = 1
        answers.append(answer)
    return answers


def force_fail(rng: random.Random, answers: list[Answer], keep) -> Answer | None:
    """Fail one pass/fail item for which ``keep(item)`` holds and that has not failed
    yet, a critical one if any qualifies."""
    choices = [
        a
        for a in answers
        if a.item.answer_type == AnswerType.PASS_FAIL and a.passed is not False and keep(a.item)
    ]
    if not choices:
        return None
    # Selling to minors is the critical item, not the missing sign about it.
    choices = [a for a in choices if a.item.critical] or choices
    answer = rng.choice(choices)
    answer.passed = False
    answer.comment = FAILURE_REMARKS.get(answer.item.code, "")
    return answer


def answers_for(
    rng: random.Random, items: list[ChecklistItem], station: StationInfo, want: str
) -> tuple[list[Answer], Score]:
    """Answers whose score comes out as wanted: "pass", "poor" (fails on points),
    "critical" (fails on a critical item) or "clean" (nothing wrong)."""
    for _ in range(50):
        if want == "clean":
            answers = draw_answers(rng, items, station, "clean")
        elif want == "poor":
            answers = draw_answers(rng, items, station, "poor")
        else:
            answers = draw_answers(rng, items, station, "good" if rng.random() < 0.8 else "fair")
        if want == "critical":
            kinds = [k for k in CRITICAL_TYPES if _has(items, k)]
            kind = rng.choices(kinds, [CRITICAL_TYPES[k] for k in kinds])[0] if kinds else None
            force_fail(
                rng, answers, lambda i, k=kind: i.critical and violation_type_for(i.text) == k
            )
        result = score(answers)
        failed = result.result == InspectionResult.FAILED
        if (
            (want in {"pass", "clean"} and not failed)
            or (want == "poor" and failed and not result.critical_failed)
            or (want == "critical" and result.critical_failed)
        ):
            return answers, result
    return answers, result


def _has(items: list[ChecklistItem], violation_type: str) -> bool:
    return any(i.critical and violation_type_for(i.text) == violation_type for i in items)


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
            rng, _next_month(month), _next_month(month) + datetime.timedelta(days=10)
        )
        reason = (
            f"{month:%Y年%m月}销量{amount / 100:,.0f}元，为前三个月月均的{ratio:.1f}倍，"
            "销量异常，提请专项检查"
        )
        draft = add(station, day, reason, want="clean")
        draft.outcome = "proposal"
        draft.proposal = (month, amount, ratio)
    return drafts


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


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


# -- rows ------------------------------------------------------------------------------------


def _write(
    context: Context, rng: random.Random, template: ChecklistTemplate, drafts: list[Draft]
) -> None:
    rows = []
    for draft in drafts:
        station, day = draft.station, draft.inspected_on
        row = Inspection(
            station_id=station.id,
            kind=draft.kind,
            plan=draft.plan,
            template=template,
            inspector_id=draft.inspector_id,
            year=(day or draft.planned_on).year,
            planned_on=draft.planned_on,
            due_on=draft.due_on,
            reason=draft.reason,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            created_at=aware(draft.planned_on - datetime.timedelta(days=7), 10),
        )
        if day is not None:
            _fill_visit(rng, row, station, day, draft.result)
        rows.append(row)
        draft.row = row
    insert_instances(Inspection, rows, key="client_id")

    photo, size = demo_photo()
    answers = (
        (
            draft.row.pk, a.item.pk, a.passed, a.score, a.number, a.text, a.comment,
            draft.row.started_at,
        )
        for draft in drafts
        for a in draft.answers
    )  # fmt: skip
    context.summary.answers = insert_rows(
        InspectionAnswer,
        ("inspection", "item", "passed", "score", "number", "text", "comment", "answered_at"),
        answers,
    )
    insert_rows(
        InspectionPhoto,
        ("inspection", "item", "file", "content_type", "size", "taken_at", "uploaded_by"),
        (
            (draft.row.pk, a.item.pk, photo, "image/jpeg", size, draft.row.started_at,
             draft.inspector_id)
            for draft in drafts
            for a in draft.answers
            if a.photos
        ),
    )  # fmt: skip

    proposals = [
        InspectionProposal(
            station_id=d.station.id,
            rule="sales_jump",
            reason=d.reason,
            evidence={"month": f"{d.proposal[0]:%Y-%m}", "sales_fen": d.proposal[1],
                      "ratio_to_previous_3_months": round(d.proposal[2], 2)},
            period_start=d.proposal[0],
            period_end=_next_month(d.proposal[0]) - datetime.timedelta(days=1),
            status=InspectionProposal.Status.ACCEPTED,
            inspection=d.row,
            decided_by=context.manager,
            decided_at=aware(d.planned_on - datetime.timedelta(days=3), 15),
            created_at=aware(d.planned_on - datetime.timedelta(days=4), 8),
        )
        for d in drafts
        if d.outcome == "proposal"
    ]  # fmt: skip
    InspectionProposal.objects.bulk_create(proposals)


def _fill_visit(
    rng: random.Random, row: Inspection, station: StationInfo, day: datetime.date, result: Score
) -> None:
    hour, minute = rng.randint(9, 16), rng.randint(0, 59)
    row.checked_in_at = aware(day, hour, minute)
    row.started_at = row.checked_in_at + datetime.timedelta(minutes=rng.randint(1, 5))
    row.submitted_at = row.started_at + datetime.timedelta(minutes=rng.randint(20, 55))
    if station.latitude is not None and station.longitude is not None:
        # Mostly at the door; now and then the phone's fix is off by a street or more.
        far = rng.random() < 0.02
        metres = rng.uniform(350, 1500) if far else rng.uniform(5, 120)
        bearing = rng.uniform(0, 6.283)
        lat = float(station.latitude) + metres / 111_320 * math.sin(bearing)
        lng = float(station.longitude) + metres / 101_000 * math.cos(bearing)
        row.check_in_latitude = Decimal(f"{lat:.6f}")
        row.check_in_longitude = Decimal(f"{lng:.6f}")
        row.check_in_accuracy_m = rng.randint(8, 40)
        distance = round(haversine_m(row.check_in_latitude, row.check_in_longitude,
                                     station.latitude, station.longitude))  # fmt: skip
        row.check_in_distance_m = distance
        row.check_in_far = distance > CHECK_IN_FAR_METRES
    row.inspected_on = day
    row.status = InspectionStatus.SUBMITTED
    row.score, row.max_score = result.score, result.max_score
    row.result, row.critical_failed = result.result, result.critical_failed
    row.signed_by = station.owner_name
    row.summary = (
        "检查合格。"
        if result.result == InspectionResult.PASSED
        else "存在关键项不合格，检查不合格。"
        if result.critical_failed
        else "得分未达合格线，检查不合格。"
    )
