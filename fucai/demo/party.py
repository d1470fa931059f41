"""The party-building demo: the center's 机关党支部 of 40 members with a full 2019 of
三会一课, a monthly 主题党日, the 组织生活会 and 民主评议, political birthdays in every
month, study records, 党员先锋岗 and party-member volunteers at charity's activities
(matched by the party office's account and by name); and a small 离退休党支部 that fell
behind on its committee and group meetings late in the year, so the compliance view has
something to show. Every figure on the party pages is counted from these rows."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from fucai.charity.choices import ParticipantKind
from fucai.charity.models import Participant
from fucai.core import crypto
from fucai.core.models import AuditEntry
from fucai.party.choices import ActivityKind, ActivityStatus, MemberStatus, Outcome, Post
from fucai.party.models import (
    Attendance,
    EvaluationResult,
    EvaluationRound,
    MemberTransfer,
    PartyActivity,
    PartyBranch,
    PartyMember,
    PioneerPost,
    StudyRecord,
)

from .charity.common import IdNumbers
from .people import PeopleFactory

YEAR = 2019
MAIN, RETIRED = "市福彩中心机关党支部", "市福彩中心离退休党支部"
DEPARTMENTS = ("办公室", "站点管理科", "财务科", "公益事业科", "市场营销科", "党建办公室")
POSTS = (Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE)
# kind: (months held in 2019 by the main branch, title)
MAIN_PLAN = {
    ActivityKind.GENERAL_MEETING: ((3, 6, 9, 12), "第{n}季度支部党员大会"),
    ActivityKind.COMMITTEE: (tuple(range(1, 13)), "{m}月支委会"),
    ActivityKind.GROUP: (tuple(range(1, 13)), "{m}月党小组会"),
    ActivityKind.LECTURE: ((3, 6, 9, 12), "第{n}季度党课"),
    ActivityKind.THEME_DAY: (tuple(range(1, 13)), "{m}月主题党日"),
    ActivityKind.LIFE_MEETING: ((1,), "2018年度组织生活会"),
    ActivityKind.EVALUATION: ((1,), "2018年度民主评议党员"),
    ActivityKind.STUDY: ((6, 7, 9, 10, 11), "“不忘初心、牢记使命”主题教育专题学习（{n}）"),
}
# The retired members' branch stopped meeting monthly after August and held no 民主评议.
RETIRED_PLAN = {
    ActivityKind.GENERAL_MEETING: ((3, 6, 9, 12), "第{n}季度支部党员大会"),
    ActivityKind.COMMITTEE: (tuple(range(1, 9)), "{m}月支委会"),
    ActivityKind.GROUP: (tuple(range(1, 10)), "{m}月党小组会"),
    ActivityKind.LECTURE: ((6, 12), "第{n}次党课"),
    ActivityKind.THEME_DAY: (tuple(range(1, 13)), "{m}月主题党日"),
    ActivityKind.LIFE_MEETING: ((1,), "2018年度组织生活会"),
}


@dataclass
class PartySummary:
    branches: int = 0
    members: int = 0
    activities: int = 0
    volunteers: int = 0


def _member(branch, name, id_number, phone, joined, *, post="", department="", user=None):
    full_on = joined + datetime.timedelta(days=365)
    member = PartyMember(
        branch=branch,
        name=name,
        id_number=id_number,
        id_number_digest=crypto.blind_index(id_number),
        phone=phone,
        joined_on=joined,
        full_on=full_on if full_on.year <= YEAR else None,
        status=MemberStatus.FULL if full_on.year <= YEAR else MemberStatus.PROBATIONARY,
        post=post,
        department=department,
        user=user,
    )
    member.save()
    return member


def _join_date(rng: random.Random, month: int, first: int, last: int) -> datetime.date:
    return datetime.date(rng.randint(first, last), month, rng.randint(1, 28))


def _activities(branch, plan, members, rng, creator) -> int:
    activities = []
    for kind, (months, title) in plan.items():
        for n, month in enumerate(months, start=1):
            day = datetime.date(YEAR, month, rng.randint(5, 25))
            activities.append(
                PartyActivity(
                    branch=branch,
                    kind=kind,
                    title=title.format(n=n, m=month),
                    planned_on=day,
                    held_on=day,
                    status=ActivityStatus.HELD,
                    place="中心三楼会议室",
                    minutes=f"{title.format(n=n, m=month)}：书记主持，传达学习上级精神。",
                    created_by=creator,
                )
            )
    PartyActivity.objects.bulk_create(activities)
    Attendance.objects.bulk_create(
        Attendance(activity=a, member=m, present=rng.random() < 0.92)
        for a in activities
        for m in members
        if m.joined_on <= a.held_on
    )
    return len(activities)


def load_demo_party(*, seed: int) -> PartySummary:
    rng = random.Random(f"party-{seed}")
    people, ids = PeopleFactory(rng), IdNumbers(rng)
    summary = PartySummary()
    clerk = get_user_model().objects.filter(username="party").first()
    main = PartyBranch.objects.create(name=MAIN, founded_on=datetime.date(1998, 7, 1))
    retired = PartyBranch.objects.create(name=RETIRED, founded_on=datetime.date(2008, 7, 1))
    summary.branches = 2
    # Party-member volunteers charity recorded by name (no account): they become members
    # of the main branch, so their hours are read back from charity.
    volunteers = list(
        Participant.objects.filter(
            kind=ParticipantKind.VOLUNTEER, user__isnull=True, activity__held_on__year=YEAR
        )
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")[:6]
    )
    names = [clerk.get_full_name() or "郑卫东"] if clerk else ["郑卫东"]
    names += volunteers
    while len(names) < 40:
        name = people.name(male=rng.random() < 0.55)
        if name not in names:
            names.append(name)
    members = []
    for i, name in enumerate(names):
        # Political birthdays spread over the twelve months; two joined in 2019.
        joined = (
            _join_date(rng, i - 33, YEAR, YEAR)
            if i >= 38
            else _join_date(rng, i % 12 + 1, 1985, 2017)
        )
        members.append(
            _member(
                main,
                name,
                ids.draw("330302", 1960, 1995),
                people.phone(),
                joined,
                post=POSTS[i] if i < len(POSTS) else "",
                department=DEPARTMENTS[i % len(DEPARTMENTS)],
                user=clerk if i == 0 else None,
            )
        )
    MemberTransfer.objects.create(
        member=members[-3],
        direction="in",
        on=datetime.date(YEAR, 4, 12),
        organization="瑞安市民政局机关党支部",
        recorded_by=clerk,
    )
    elders = [
        _member(
            retired,
            people.name(male=rng.random() < 0.6),
            ids.draw("330302", 1945, 1958),
            people.phone(),
            _join_date(rng, i % 12 + 1, 1968, 1990),
            post=Post.SECRETARY if i == 0 else "",
        )
        for i in range(8)
    ]
    summary.members = len(members) + len(elders)
    summary.volunteers = len(volunteers) + (1 if clerk else 0)
    summary.activities = _activities(main, MAIN_PLAN, members, rng, clerk)
    summary.activities += _activities(retired, RETIRED_PLAN, elders, rng, clerk)

    StudyRecord.objects.bulk_create(
        StudyRecord(
            member=m,
            studied_on=datetime.date(YEAR, month, rng.randint(1, 28)),
            topic=rng.choice(
                ("学习强国每日学习", "党章党规专题", "习近平新时代中国特色社会主义思想")
            ),
            hours=Decimal(rng.choice(("1.0", "2.0", "3.0"))),
            points=rng.randint(5, 30),
        )
        for m in members
        for month in rng.sample(range(1, 13), 4)
    )
    PioneerPost.objects.bulk_create(
        PioneerPost(member=m, title=title, department=dept, since=datetime.date(YEAR, 7, 1))
        for m, (title, dept) in zip(
            members[5:8],
            (
                ("公益服务先锋岗", "公益事业科"),
                ("站点服务先锋岗", "站点管理科"),
                ("财务管理先锋岗", "财务科"),
            ),
            strict=True,
        )
    )
    evaluation = EvaluationRound.objects.create(branch=main, year=YEAR, closed=True)
    outcomes = [Outcome.EXCELLENT] * 6 + [Outcome.BASIC] + [Outcome.QUALIFIED] * 40
    EvaluationResult.objects.bulk_create(
        EvaluationResult(round=evaluation, member=m, outcome=outcomes[i])
        for i, m in enumerate(members)
        if m.status == MemberStatus.FULL
    )
    return summary


def flush_demo_party() -> dict[str, int]:
    """Every party row (a demo database holds only the demo's) and their audit trail."""
    deleted = {}
    for model in (
        EvaluationResult,
        EvaluationRound,
        PioneerPost,
        StudyRecord,
        Attendance,
        PartyActivity,
        MemberTransfer,
        PartyMember,
        PartyBranch,
    ):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    AuditEntry.objects.filter(content_type__app_label="party").delete()
    return deleted
