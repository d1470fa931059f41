"""Violations with their penalties, and the monthly visits (三服务三助力) of 2019."""

from __future__ import annotations

import calendar
import datetime

from fucai.governance.choices import FollowUpStatus, InspectionKind, ViolationSource
from fucai.governance.constants import REPEAT_WINDOW_MONTHS
from fucai.governance.models import (
    PenaltyRule,
    Violation,
    Visit,
    VisitFollowUp,
    VisitPlan,
    VisitPurpose,
)

from .checklist import violation_type_for
from .common import YEAR, Context, aware, insert_rows, weekday_between

BATCH = 1000
FULL = 1275

# -- violations -------------------------------------------------------------------------------


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def penalty_for(rules: list[PenaltyRule], occurrence: int) -> PenaltyRule:
    """The penalty table's row for the ``occurrence``-th violation: its own row, or the
    highest one for every later occurrence."""
    fitting = [rule for rule in rules if rule.occurrence <= occurrence]
    return fitting[-1] if fitting else rules[0]


def load_violations(context: Context, drafts) -> None:
    """A violation for every critical failure found by an inspection and for every
    report or complaint a special inspection confirmed; the occurrence counts the
    station's earlier violations of the same type within the repeat window."""
    rules: dict[str, list[PenaltyRule]] = {}
    for rule in PenaltyRule.objects.order_by("violation_type", "occurrence"):
        rules.setdefault(rule.violation_type, []).append(rule)
    cases = []
    for draft in drafts:
        if draft.inspected_on is None:
            continue
        recorder = draft.inspector_id
        if draft.violation is not None:
            kind, source, reference = draft.violation
            cases.append((draft, kind, source, reference, draft.reason, context.manager.pk))
        for answer in draft.answers:
            if not (answer.item.critical and answer.passed is False):
                continue
            kind = violation_type_for(answer.item.text)
            if draft.violation is not None and draft.violation[0] == kind:
                continue  # the report's own violation, recorded above
            label = "年检" if draft.kind == InspectionKind.ANNUAL else "检查"
            description = f"{label}发现：{answer.comment or answer.item.text}"
            cases.append((draft, kind, ViolationSource.INSPECTION, "", description, recorder))
    cases.sort(key=lambda case: (case[0].inspected_on, case[0].station.code))

    seen: dict[tuple[int, str], list[datetime.date]] = {}
    for station_id, kind, day in Violation.objects.filter(
        station_id__in=[case[0].station.id for case in cases]
    ).values_list("station_id", "violation_type", "occurred_on"):
        seen.setdefault((station_id, kind), []).append(day)
    rows = []
    for draft, kind, source, reference, description, recorder in cases:
        day = draft.inspected_on
        earlier = seen.setdefault((draft.station.id, kind), [])
        since = months_before(day, REPEAT_WINDOW_MONTHS)
        occurrence = 1 + sum(1 for d in earlier if since < d <= day)
        earlier.append(day)
        rule = penalty_for(rules[kind], occurrence)
        rows.append(
            Violation(
                station_id=draft.station.id,
                violation_type=kind,
                source=source,
                inspection=draft.row,
                source_reference=reference,
                occurred_on=day,
                description=description,
                occurrence=occurrence,
                penalty=rule.penalty,
                fine_fen=rule.fine_fen,
                suspension_days=rule.suspension_days,
                recorded_by_id=recorder,
                recorded_at=aware(day, 17, 30),
            )
        )
        context.summary.penalties[rule.penalty] += 1
    Violation.objects.bulk_create(rows, batch_size=BATCH)
    context.summary.violations = len(rows)


# -- visits -----------------------------------------------------------------------------------

# Visits a month at full size, and the purposes each department visits for.
DEPARTMENTS = {
    "站点管理科": (16, ("serve_station", "help_image", "serve_sales")),
    "财务科": (4, ("serve_sales", "help_sales")),
    "公益事业科": (4, ("help_welfare", "serve_players")),
    "市场营销科": (8, ("help_sales", "help_image", "serve_players")),
}
BRANCH_SHARE = 0.12  # of a district's stations its branch visits each month
FOLLOW_UP_SHARE = 0.15
# fmt: off
FINDINGS = {
    "serve_station": ("终端运行正常，店面整洁", "门头灯箱老化，需更换", "业主反映网络偶有卡顿"),
    "serve_sales": ("销售人员对新玩法规则不熟悉", "即开票库存不足", "销量较上月略有下降"),
    "serve_players": ("彩民反映兑奖等待时间长", "店内缺少座椅和走势图", "彩民对公益金去向有疑问"),
    "help_sales": ("周边新开小区，客流增加", "节假日客流明显上升", "同区域竞争激烈"),
    "help_image": ("宣传海报陈旧", "店招不统一", "店内形象良好"),
    "help_welfare": ("公益宣传栏内容未更新", "业主有意参与公益活动", "店内公益宣传到位"),
}
HELP = {
    "serve_station": "协调技术人员检修终端", "serve_sales": "讲解新玩法规则和销售技巧",
    "serve_players": "指导完善兑奖流程和便民设施", "help_sales": "帮助制定节假日促销方案",
    "help_image": "配送新版宣传物料并指导布置",
    "help_welfare": "送去公益宣传资料，邀请参与公益活动",
}
FOLLOW_UPS = {
    "serve_station": "更换门头灯箱", "serve_sales": "补充即开票库存",
    "serve_players": "增设走势图和座椅", "help_sales": "落实节假日促销活动",
    "help_image": "张贴新版宣传海报", "help_welfare": "更新公益宣传栏",
}
# fmt: on


def load_visits(context: Context) -> None:
    rng = context.rng("visits")
    purposes = {p.code: p for p in VisitPurpose.objects.filter(active=True)}
    scale = len(context.stations) / FULL
    # (unit, visitor, stations it visits, purpose codes, visits a month)
    visitors = []
    for name, (monthly, codes) in DEPARTMENTS.items():
        user = context.departments.get(name)
        if user is not None:
            planned = max(1, round(monthly * scale))
            visitors.append((context.units[name], user, context.stations, codes, planned))
    for code, user in sorted(context.officers.items()):
        stations = [s for s in context.stations if s.region_code == code]
        if stations:
            monthly = max(1, round(len(stations) * BRANCH_SHARE))
            visitors.append((context.units[code], user, stations, tuple(purposes), monthly))

    plans, visits, chosen, follow_ups = [], [], [], []
    for month in range(1, 13):
        first = datetime.date(YEAR, month, 1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        for unit, user, stations, codes, monthly in visitors:
            plans.append(VisitPlan(org_unit=unit, year=YEAR, month=month, planned_visits=monthly))
            # Most months near the plan, some short of it (the Spring Festival month most).
            factor = rng.uniform(0.6, 0.9) if month == 2 else rng.uniform(0.85, 1.15)
            for _ in range(round(monthly * factor)):
                station = rng.choice(stations)
                day = weekday_between(rng, first, last)
                if not station.active_on(day):
                    continue
                codes_here = [c for c in codes if c in purposes] or list(purposes)
                picked = rng.sample(codes_here, min(len(codes_here), rng.choice((1, 1, 2, 2, 3))))
                main = picked[0]
                visits.append(
                    Visit(
                        station_id=station.id,
                        visited_on=day,
                        visitor=user,
                        org_unit=unit,
                        findings=rng.choice(FINDINGS.get(main, ("情况正常",))),
                        help_given=HELP.get(main, "现场指导"),
                        created_at=aware(day, 17, rng.randint(0, 59)),
                    )
                )
                chosen.append(picked)
                if rng.random() < FOLLOW_UP_SHARE:
                    follow_ups.append((len(visits) - 1, main, day))
    VisitPlan.objects.bulk_create(plans, batch_size=BATCH)
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    insert_rows(
        Visit.purposes.through,
        ("visit", "visitpurpose"),
        (
            (visit.pk, purposes[code].pk)
            for visit, codes in zip(visits, chosen, strict=True)
            for code in codes
        ),
    )
    rows = []
    for index, main, day in follow_ups:
        due = day + datetime.timedelta(days=rng.randint(7, 21))
        done = due - datetime.timedelta(days=rng.randint(0, 5))
        rows.append(
            (visits[index].pk, FOLLOW_UPS.get(main, "跟进落实"), due, FollowUpStatus.DONE, done,
             "已落实")
        )  # fmt: skip
    insert_rows(
        VisitFollowUp, ("visit", "description", "due_on", "status", "done_on", "done_note"), rows
    )
    summary = context.summary
    summary.visits, summary.follow_ups, summary.visit_plans = len(visits), len(rows), len(plans)
