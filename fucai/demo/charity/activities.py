"""The 48 activities of 2019 with their spending, participants (the elderly-home visit's
40-odd guests among them) and the people helped, one record per person."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from fucai.charity.choices import (
    ActivityStatus,
    BenefitKind,
    ParticipantKind,
)
from fucai.charity.models import (
    Beneficiary,
    Benefit,
    CharityActivity,
    Participant,
)
from fucai.core import crypto
from fucai.welfare.choices import FundCategory

from .common import (
    ACTIVITIES,
    BATCH,
    ELDERLY_HOME_VISIT,
    GRANT_FEN,
    GRANT_PROJECT,
    GRANTEES,
    GUESTS,
    PEOPLE,
    PLACES,
    SERIES_PLAN,
    SPENT_FEN,
    TITLES,
    UNIT_FEN,
    YEAR,
    aware,
    project_for,
    split_units,
)


def load_activities(ctx) -> SimpleNamespace:
    """Activities, participants, people and their benefits (the benefits are returned
    unsaved: the grantees' join them)."""
    rng, names, ids = ctx.rng, ctx.names, ctx.ids
    charity_user, party_user, unit = ctx.charity_user, ctx.party_user, ctx.unit
    regions, codes, series = ctx.regions, ctx.codes, ctx.series

    # --- activities and their spending -------------------------------------------------
    grant_total = GRANTEES * GRANT_FEN
    assert sum(plan[3] for plan in SERIES_PLAN.values()) + grant_total == SPENT_FEN
    assert sum(plan[0] for plan in SERIES_PLAN.values()) == ACTIVITIES
    projects = {
        name: project_for(project, category, unit, total)
        for name, (_, project, category, total) in SERIES_PLAN.items()
    }
    grant_project = project_for(GRANT_PROJECT[0], GRANT_PROJECT[1], unit, grant_total)
    plans = []  # (series name, title, day, region code, place, spending fen, programme?)
    for name, (count, _, _, _) in SERIES_PLAN.items():
        for _ in range(count):
            day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(360))
            code = rng.choice(codes)
            title = f"{rng.choice(TITLES[name])}（{regions[code].name}）"
            plans.append([name, title, day, code, PLACES[code], None, False])
    # The programme's ceremony and the elderly-home visit replace one planned event each.
    plans[0][1:6] = ["2019福彩暖万家·助圆大学梦资助仪式", datetime.date(YEAR, 9, 6), "330302",
                     "温州市民政局礼堂", grant_total]  # fmt: skip
    plans[0][6] = True
    visit = next(i for i, p in enumerate(plans) if p[0] == "感受公益福彩")
    plans[visit][1:5] = ["感受公益福彩活动走进平阳怀溪晓坑慈善敬老院", ELDERLY_HOME_VISIT,
                         "330326", "平阳怀溪晓坑慈善敬老院"]  # fmt: skip
    for name, (_, _, _, total) in SERIES_PLAN.items():
        rows = [p for p in plans if p[0] == name and p[5] is None]
        for p, units in zip(rows, split_units(rng, total // UNIT_FEN, len(rows), 200), strict=True):
            p[5] = units * UNIT_FEN
    activities = [
        CharityActivity(
            series=series[p[0]],
            project=grant_project if p[6] else projects[p[0]],
            title=p[1],
            held_on=p[2],
            region=regions[p[3]],
            place=p[4],
            organizers="温州市福利彩票发行中心" + ("、温州交通广播" if "938" in p[0] else ""),
            spending_fen=0 if p[6] else p[5],
            story=f"{p[2]:%m月%d日}，市福彩中心在{regions[p[3]].name}{p[4]}开展“{p[0]}”公益活动。",
            status=ActivityStatus.PUBLISHED,
            created_by=charity_user,
            created_at=aware(p[2]),
        )
        for p in plans
    ]
    CharityActivity.objects.bulk_create(activities, batch_size=BATCH)
    ceremony = activities[0]
    home_visit = activities[visit]
    home_visit.story = (
        "2019年12月13日，市福彩中心组织市人大代表、政协委员、行风监督员、彩民、投注站销售员等"
        "40多人，探访平阳怀溪晓坑慈善敬老院。十多年来，市福彩中心为该敬老院捐款捐物共计178万元。"
    )
    home_visit.save(update_fields=["story"])

    # --- participants and volunteer hours ------------------------------------------------
    participants = []
    for activity in activities:
        for n in range(rng.randint(3, 6)):
            participants.append(
                Participant(
                    activity=activity,
                    kind=ParticipantKind.VOLUNTEER if n else ParticipantKind.STAFF,
                    name=names.name(male=rng.random() < 0.5),
                    user=party_user if n == 1 and party_user else None,
                    capacity="党员志愿者" if n else "中心职工",
                    hours=Decimal(rng.choice(["2.0", "3.0", "3.5", "4.0"])),
                )
            )
    for capacity, count in GUESTS:
        for _ in range(count):
            participants.append(
                Participant(
                    activity=home_visit,
                    kind=ParticipantKind.GUEST,
                    name=names.name(male=rng.random() < 0.6),
                    capacity=capacity,
                )
            )
    Participant.objects.bulk_create(participants, batch_size=BATCH)

    # --- people helped at the activities -------------------------------------------------
    ordinary = [a for a in activities if a is not ceremony]
    helped = PEOPLE - GRANTEES
    counts = split_units(rng, helped, len(ordinary), minimum=20)
    people: list[Beneficiary] = []
    benefit_rows: list[tuple[int, int]] = []  # (person index, activity index)
    for index, (activity, count) in enumerate(zip(ordinary, counts, strict=True)):
        category = activity.project.category
        born = (1925, 1955) if category == FundCategory.ELDERLY else (1940, 2010)
        for _ in range(count):
            code = activity.region.code
            number = ids.draw(code, *born)
            people.append(
                Beneficiary(
                    name=names.name(male=rng.random() < 0.5),
                    id_number=number,
                    id_number_digest=crypto.blind_index(number),
                    region=activity.region,
                    category=category,
                    situation="",
                    consent_to_publish=rng.random() < 0.2,
                    consent_recorded_on=activity.held_on,
                    created_at=aware(activity.held_on),
                )
            )
            benefit_rows.append((len(people) - 1, index))
    # One person, one record: a tenth of them were helped again at a later activity.
    for person_index in rng.sample(range(len(people)), len(people) // 10):
        benefit_rows.append((person_index, rng.randrange(len(ordinary))))
    for person in people:
        if not person.consent_to_publish:
            person.consent_recorded_on = None
    Beneficiary.objects.bulk_create(people, batch_size=BATCH)
    benefits = []
    for person_index, activity_index in benefit_rows:
        activity = ordinary[activity_index]
        benefits.append(
            Benefit(
                beneficiary=people[person_index],
                activity=activity,
                kind=rng.choice([BenefitKind.GOODS, BenefitKind.CASH, BenefitKind.SERVICE]),
                amount_fen=(activity.spending_fen // (counts[activity_index] * 2)) // 100 * 100,
                description="慰问品及慰问金",
                received_on=activity.held_on,
                recorded_by=charity_user,
            )
        )

    return SimpleNamespace(
        activities=activities,
        ceremony=ceremony,
        ordinary=ordinary,
        projects=projects,
        grant_project=grant_project,
        grant_total=grant_total,
        benefits=benefits,
    )
