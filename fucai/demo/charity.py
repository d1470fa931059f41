"""The demo's charity year 2019, reproducing the seed from records: 48 activities across
the four series, 3,263 distinct people helped and 743.9万元 spent. One of the activities
is the 2019 福彩暖万家·助圆大学梦 ceremony: its programme granted 300 freshmen 8,000
yuan each through the whole grant flow (applications beyond the quota and ineligible
ones rejected with reasons, public notice, a bank batch marked paid), so its spending
is what the bank paid. The elderly-home visit of 2019-12-13 (平阳怀溪晓坑慈善敬老院)
brought 40-odd deputies, CPPCC members, supervisors, players and sellers.

Totals are never typed: the spending of the 47 other activities is drawn to sum to the
seed's figure less the grants, each activity is paid through the welfare ledger
(``activity:<id>``), each grant by its own payment (``grant-payment:<id>``), and the
summary is read back from the rows. People, applications and their steps are written
with ``bulk_create`` (ciphertexts, keyed hashes and masks computed on the way in); only
the ledger bookings go through the welfare services, one per payment.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from fucai.charity.choices import (
    ActivityStatus,
    BenefitKind,
    GrantApplicationState,
    HardshipKind,
    ParticipantKind,
    PaymentStatus,
    ProgrammeStatus,
)
from fucai.charity.defaults import load_reference_data as load_series
from fucai.charity.models import (
    ActivitySeries,
    Beneficiary,
    Benefit,
    CharityActivity,
    EligibilityRule,
    GrantApplication,
    GrantEvent,
    GrantPayment,
    GrantProgramme,
    Participant,
    PaymentBatch,
)
from fucai.charity.selectors.activities import charity_summary
from fucai.charity.services import funding
from fucai.charity.services.grant_payments import refresh_programme_spending
from fucai.core import crypto
from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit, Region, User
from fucai.core.validators import make_id_number
from fucai.welfare import services as welfare
from fucai.welfare.choices import FundCategory, ProjectStatus
from fucai.welfare.models import Allocation, Budget, Disbursement, WelfareProject
from fucai.welfare.selectors.balances import account_balance, retained_available

from .people import PeopleFactory

YEAR = 2019
ACTIVITIES = 48
PEOPLE = 3263
SPENT_FEN = 743_900_000
GRANTEES = 300
GRANT_FEN = 800_000
BEYOND_QUOTA = 64
INELIGIBLE = 18
BATCH = 500
UNIT_FEN = 10_000  # activity spending is drawn in whole hundreds of yuan

# Series → (number of activities, its project (the welfare demo's), category, spending of
# the series in fen, the programme's grants aside). The programme's activity and the
# elderly-home visit are among them; the four sums and the grants make 743.9万元.
SERIES_PLAN = {
    "福彩暖万家": (14, "福彩暖万家系列活动", FundCategory.POOR, 1_900_000 * 100),
    "938福彩助力梦想": (12, "938福彩助力梦想系列活动", FundCategory.ORPHANS, 1_200_000 * 100),
    "公益福彩·民政与你同行": (12, "公益福彩·民政与你同行", FundCategory.DISABLED, 1_200_000 * 100),
    "感受公益福彩": (10, "感受公益福彩", FundCategory.PUBLIC, 739_000 * 100),
}
GRANT_PROJECT = ("2019福彩暖万家·助圆大学梦", FundCategory.POOR)
ELDERLY_HOME_VISIT = datetime.date(2019, 12, 13)

_TITLES = {
    "福彩暖万家": ["走访慰问困难群众", "春节送温暖", "爱心早餐派发", "困难家庭慰问", "冬日送暖"],
    "938福彩助力梦想": ["圆梦微心愿", "助力梦想直播", "梦想课堂", "爱心助学"],
    "公益福彩·民政与你同行": ["义诊义剪进社区", "助残服务日", "关爱孤儿", "重阳敬老"],
    "感受公益福彩": ["代表委员走进受助项目", "彩民代表走进福利院", "公益项目开放日"],
}
_PLACES = {
    "330302": "红日亭", "330303": "永中街道", "330304": "梧田街道", "330305": "北岙街道",
    "330324": "枫林镇", "330326": "昆阳镇", "330327": "南宋镇", "330328": "大峃镇",
    "330329": "罗阳镇", "330381": "安阳街道", "330382": "乐成街道", "330383": "龙港城区",
}  # fmt: skip
_SCHOOLS = (
    "浙江大学", "温州大学", "温州医科大学", "浙江工业大学", "宁波大学", "杭州电子科技大学",
    "浙江师范大学", "中国计量大学", "浙江理工大学", "复旦大学", "同济大学", "厦门大学",
)  # fmt: skip
_GUESTS = (
    ("市人大代表", 8), ("市政协委员", 8), ("行风监督员", 6), ("彩民代表", 8), ("投注站销售员", 8),
)  # fmt: skip
_GUEST_CAPACITY_CODES = {"市人大代表", "市政协委员", "行风监督员"}


@dataclass
class CharitySummary:
    activities: int = 0
    beneficiaries: int = 0
    spent_fen: int = 0
    applications: int = 0
    grantees: int = 0
    payments: int = 0
    totals: dict[str, int] = field(default_factory=dict)


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def _split(rng: random.Random, total_units: int, parts: int, minimum: int) -> list[int]:
    """``parts`` positive amounts of at least ``minimum`` summing exactly to
    ``total_units``."""
    weights = [rng.uniform(0.4, 2.5) for _ in range(parts)]
    spare = total_units - minimum * parts
    scale = sum(weights)
    shares = [minimum + int(spare * w / scale) for w in weights]
    shares[0] += total_units - sum(shares)
    return shares


class _IdNumbers:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def draw(self, region_code: str, born_from: int, born_to: int) -> str:
        start = datetime.date(born_from, 1, 1).toordinal()
        end = datetime.date(born_to, 12, 31).toordinal()
        code = "330327" if region_code == "330383" else region_code
        while True:
            birth = datetime.date.fromordinal(self.rng.randint(start, end))
            number = make_id_number(code, birth, self.rng.randrange(1000))
            if number not in self.seen:
                self.seen.add(number)
                return number


def _project(name: str, category: str, unit: OrgUnit, budget_fen: int) -> WelfareProject:
    """The project by name (the welfare demo may have made it), or a new one."""
    project, _ = WelfareProject.objects.get_or_create(
        name=name,
        defaults={
            "category": category,
            "owner_unit": unit,
            "budget_fen": budget_fen,
            "starts_on": datetime.date(YEAR, 1, 1),
            "ends_on": datetime.date(YEAR, 12, 31),
            "status": ProjectStatus.ACTIVE,
        },
    )
    return project


def _fund(project: WelfareProject, need_fen: int, charity_user, finance_user) -> None:
    """Make sure ``need_fen`` of the project's allocated money is unpaid: allocate the
    shortfall (approved on paper), within the project's and the category's budgets and
    the retained fund (accrued from the 2019 sales if not yet)."""
    if project.budget_fen < account_balance("spent", project=project) + need_fen:
        WelfareProject.objects.filter(pk=project.pk).update(
            budget_fen=account_balance("spent", project=project) + need_fen
        )
        project.refresh_from_db()
    shortfall = need_fen - account_balance("allocated", project=project)
    if shortfall <= 0:
        return
    if retained_available() < shortfall:
        welfare.accrual_book_year(
            acting_user=finance_user, year=YEAR, until=datetime.date(YEAR + 1, 1, 1)
        )
    budget, _created = Budget.objects.get_or_create(
        year=YEAR, category=project.category, defaults={"amount_fen": shortfall}
    )
    used = sum(
        Allocation.objects.filter(
            year=YEAR, project__category=project.category, state__in=["pending", "approved"]
        ).values_list("amount_fen", flat=True)
    )
    if used + shortfall > budget.amount_fen:
        Budget.objects.filter(pk=budget.pk).update(amount_fen=used + shortfall)
    welfare.allocation_record_approved(
        acting_user=charity_user,
        project=project,
        amount_fen=shortfall,
        year=YEAR,
        booked_on=datetime.date(YEAR, 1, 15),
        note="演示数据：2019年公益活动资金安排",
    )


def _applicant_users(count: int) -> list[User]:
    """Portal accounts of the grant applicants (no password: they sign in by code)."""
    prefix = f"g{YEAR}-"
    existing = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    unusable = make_password(None)
    missing = [
        User(username=f"{prefix}{n:04d}", role=Role.APPLICANT, password=unusable)
        for n in range(1, count + 1)
        if f"{prefix}{n:04d}" not in existing
    ]
    User.objects.bulk_create(missing, batch_size=BATCH)
    users = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    return [users[f"{prefix}{n:04d}"] for n in range(1, count + 1)]


def flush_demo_charity() -> dict[str, int]:
    """Delete the charity rows and the grant applicants' accounts. The ledger's payments
    booked for them stay (the ledger is append-only; a reload books them again)."""
    deleted = {}
    for model in (
        GrantEvent,
        Benefit,
        GrantPayment,
        PaymentBatch,
        GrantApplication,
        EligibilityRule,
        Participant,
        CharityActivity,
        GrantProgramme,
        Beneficiary,
    ):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    User.objects.filter(username__startswith=f"g{YEAR}-", role=Role.APPLICANT).delete()
    return deleted


@transaction.atomic
def load_demo_charity(*, seed: int = YEAR, today: datetime.date | None = None) -> CharitySummary:
    """Load 2019's charity year (skipped when 2019 activities exist)."""
    result = CharitySummary()
    if CharityActivity.objects.filter(held_on__year=YEAR).exists():
        result.totals["skipped"] = 1
        return result
    rng = random.Random(f"{seed}:charity")
    names = PeopleFactory(rng)
    ids = _IdNumbers(rng)
    load_series(django_apps)
    charity_user = User.objects.get(username="charity")
    finance_user = User.objects.get(username="finance")
    party_user = User.objects.filter(username="party").first()
    unit = charity_user.org_unit or OrgUnit.objects.filter(kind=OrgUnitKind.CENTER).first()
    regions = {r.code: r for r in Region.objects.filter(level="county", code__in=list(_PLACES))}
    codes = sorted(regions)
    series = {s.name: s for s in ActivitySeries.objects.all()}

    # --- activities and their spending -------------------------------------------------
    grant_total = GRANTEES * GRANT_FEN
    assert sum(plan[3] for plan in SERIES_PLAN.values()) + grant_total == SPENT_FEN
    assert sum(plan[0] for plan in SERIES_PLAN.values()) == ACTIVITIES
    projects = {
        name: _project(project, category, unit, total)
        for name, (_, project, category, total) in SERIES_PLAN.items()
    }
    grant_project = _project(GRANT_PROJECT[0], GRANT_PROJECT[1], unit, grant_total)
    plans = []  # (series name, title, day, region code, place, spending fen, programme?)
    for name, (count, _, _, _) in SERIES_PLAN.items():
        for _ in range(count):
            day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(360))
            code = rng.choice(codes)
            title = f"{rng.choice(_TITLES[name])}（{regions[code].name}）"
            plans.append([name, title, day, code, _PLACES[code], None, False])
    # The programme's ceremony and the elderly-home visit replace one planned event each.
    plans[0][1:6] = ["2019福彩暖万家·助圆大学梦资助仪式", datetime.date(YEAR, 9, 6), "330302",
                     "温州市民政局礼堂", grant_total]  # fmt: skip
    plans[0][6] = True
    visit = next(i for i, p in enumerate(plans) if p[0] == "感受公益福彩")
    plans[visit][1:5] = ["感受公益福彩活动走进平阳怀溪晓坑慈善敬老院", ELDERLY_HOME_VISIT,
                         "330326", "平阳怀溪晓坑慈善敬老院"]  # fmt: skip
    for name, (_, _, _, total) in SERIES_PLAN.items():
        rows = [p for p in plans if p[0] == name and p[5] is None]
        for p, units in zip(rows, _split(rng, total // UNIT_FEN, len(rows), 200), strict=True):
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
            created_at=_aware(p[2]),
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
    for capacity, count in _GUESTS:
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
    counts = _split(rng, helped, len(ordinary), minimum=20)
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
                    created_at=_aware(activity.held_on),
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

    # --- the grant programme: applications, review, notice, bank -----------------------
    programme = GrantProgramme.objects.create(
        name="助圆大学梦",
        year=YEAR,
        project=grant_project,
        description="资助温州户籍当年考入大学的困难家庭新生，每人8000元福彩公益金。",
        quota=GRANTEES,
        amount_fen=GRANT_FEN,
        opens_on=datetime.date(YEAR, 7, 1),
        closes_on=datetime.date(YEAR, 8, 15),
        objection_days=7,
        notice_starts_on=datetime.date(YEAR, 8, 26),
        status=ProgrammeStatus.CLOSED,
    )
    EligibilityRule.objects.bulk_create(
        [
            EligibilityRule(
                programme=programme,
                code="admission_year",
                params={"year": YEAR},
                label="2019年考入全日制普通高校的新生",
            ),
            EligibilityRule(
                programme=programme,
                code="household_region",
                params={"region_prefix": "3303"},
                label="温州市户籍",
            ),
            EligibilityRule(
                programme=programme,
                code="hardship",
                params={"kinds": ["dibao", "dibian", "tekun"]},
                label="持有低保、低保边缘或特困证明",
            ),
        ]
    )
    CharityActivity.objects.filter(pk=ceremony.pk).update(programme=programme)
    total = GRANTEES + BEYOND_QUOTA + INELIGIBLE
    users = _applicant_users(total)
    applications = []
    for n in range(total):
        code = rng.choice(codes)
        number = ids.draw(code, 2000, 2001)
        ineligible = n >= GRANTEES + BEYOND_QUOTA
        kind = n - GRANTEES - BEYOND_QUOTA
        applications.append(
            GrantApplication(
                programme=programme,
                applicant=users[n],
                tracking_code=f"G{YEAR}{n + 1:04d}",
                name=names.name(male=rng.random() < 0.5),
                id_number=number,
                id_number_digest=crypto.blind_index(number),
                phone=names.phone(),
                school=rng.choice(_SCHOOLS),
                admission_year=YEAR - 1 if ineligible and kind % 3 == 0 else YEAR,
                household_region=regions[code],
                hardship=HardshipKind.OTHER
                if ineligible and kind % 3 == 1
                else rng.choice(
                    [
                        HardshipKind.LOW_INCOME,
                        HardshipKind.LOW_INCOME_EDGE,
                        HardshipKind.SPECIAL_HARDSHIP,
                    ]
                ),
                situation="家庭经济困难",
                bank_account="6228" + "".join(str(rng.randrange(10)) for _ in range(15)),
                state=GrantApplicationState.SUBMITTED,
                submitted_at=_aware(datetime.date(YEAR, 7, 1) + datetime.timedelta(days=n % 45)),
                created_at=_aware(datetime.date(YEAR, 7, 1) + datetime.timedelta(days=n % 45)),
            )
        )
    # Scores: grantees rank above those beyond the quota, as the ranking would put them.
    for n, application in enumerate(applications[: GRANTEES + BEYOND_QUOTA]):
        application.score = Decimal(98) - Decimal(n) * Decimal("0.1")
        application.rank = n + 1
    GrantApplication.objects.bulk_create(applications, batch_size=BATCH)

    events: list[GrantEvent] = []

    def step(application, before, after, day, comment=""):
        events.append(
            GrantEvent(
                application=application,
                from_state=before,
                to_state=after,
                actor=application.applicant if after == "submitted" else charity_user,
                comment=comment,
                at=_aware(day),
            )
        )

    S = GrantApplicationState
    paid_on = datetime.date(YEAR, 9, 20)
    for n, application in enumerate(applications):
        step(application, S.DRAFT, S.SUBMITTED, application.submitted_at.date())
        if n < GRANTEES:
            for before, after, day in (
                (S.SUBMITTED, S.VERIFIED, datetime.date(YEAR, 8, 18)),
                (S.VERIFIED, S.SHORTLISTED, datetime.date(YEAR, 8, 22)),
                (S.SHORTLISTED, S.NOTICED, datetime.date(YEAR, 8, 26)),
                (S.NOTICED, S.APPROVED, datetime.date(YEAR, 9, 3)),
                (S.APPROVED, S.PAID, paid_on),
            ):
                step(application, before, after, day)
            application.state = S.PAID
        elif n < GRANTEES + BEYOND_QUOTA:
            reason = (
                f"按评分排名第{application.rank}位（共{GRANTEES + BEYOND_QUOTA}人），"
                f"超出资助名额{GRANTEES}名"
            )
            step(application, S.SUBMITTED, S.VERIFIED, datetime.date(YEAR, 8, 18))
            step(application, S.VERIFIED, S.REJECTED, datetime.date(YEAR, 8, 22), reason)
            application.state, application.decision_reason = S.REJECTED, reason
        else:
            kind = n - GRANTEES - BEYOND_QUOTA
            reason = ["非2019年录取新生", "未持有低保、低保边缘或特困证明", "资料不实"][kind % 3]
            step(application, S.SUBMITTED, S.REJECTED, datetime.date(YEAR, 8, 18), reason)
            application.state, application.decision_reason = S.REJECTED, reason
    GrantApplication.objects.bulk_update(
        applications, ["state", "decision_reason"], batch_size=BATCH
    )
    GrantEvent.objects.bulk_create(events, batch_size=BATCH)

    batch = PaymentBatch.objects.create(
        programme=programme,
        number=f"PB{YEAR}-{programme.pk}-01",
        created_by=charity_user,
        exported_at=_aware(datetime.date(YEAR, 9, 10)),
        settled_at=_aware(paid_on, 16),
    )
    payments = [
        GrantPayment(
            batch=batch,
            application=application,
            amount_fen=GRANT_FEN,
            status=PaymentStatus.PAID,
            paid_on=paid_on,
            bank_reference=f"BK{YEAR}{n + 1:06d}",
        )
        for n, application in enumerate(applications[:GRANTEES])
    ]
    GrantPayment.objects.bulk_create(payments, batch_size=BATCH)
    grantees = []
    for application in applications[:GRANTEES]:
        grantees.append(
            Beneficiary(
                name=application.name,
                id_number=application.id_number,
                id_number_digest=application.id_number_digest,
                phone=application.phone,
                region=application.household_region,
                category=FundCategory.POOR,
                situation="困难家庭大学新生",
                created_at=_aware(paid_on),
            )
        )
    Beneficiary.objects.bulk_create(grantees, batch_size=BATCH)
    for application, person in zip(applications[:GRANTEES], grantees, strict=True):
        application.beneficiary = person
        benefits.append(
            Benefit(
                beneficiary=person,
                activity=ceremony,
                grant=application,
                kind=BenefitKind.CASH,
                amount_fen=GRANT_FEN,
                description="2019助圆大学梦资助金",
                received_on=paid_on,
                recorded_by=charity_user,
            )
        )
    GrantApplication.objects.bulk_update(applications[:GRANTEES], ["beneficiary"], batch_size=BATCH)
    Benefit.objects.bulk_create(benefits, batch_size=BATCH)

    # --- the money, through the welfare ledger ---------------------------------------------
    for name, project in projects.items():
        need = sum(a.spending_fen for a in ordinary if a.series.name == name)
        _fund(project, need, charity_user, finance_user)
    _fund(grant_project, grant_total, charity_user, finance_user)
    for activity in ordinary:
        welfare.disbursement_record_approved(
            acting_user=charity_user,
            project=activity.project,
            amount_fen=activity.spending_fen,
            payee=activity.organizers,
            paid_on=activity.held_on,
            purpose=activity.title,
            source=funding.activity_source(activity.pk),
        )
    for payment, application in zip(payments, applications[:GRANTEES], strict=True):
        welfare.disbursement_record_approved(
            acting_user=charity_user,
            project=grant_project,
            amount_fen=payment.amount_fen,
            payee=application.name,
            paid_on=paid_on,
            purpose="2019助圆大学梦资助金",
            source=funding.grant_payment_source(payment.pk),
        )
    refresh_programme_spending(programme)

    figures = charity_summary(charity_user, YEAR)
    result.activities = figures["activities"]
    result.beneficiaries = figures["beneficiaries"]
    result.spent_fen = figures["spent_fen"]
    result.applications = len(applications)
    result.grantees = GRANTEES
    result.payments = Disbursement.objects.filter(
        source__regex=r"^(activity|grant-payment):"
    ).count()
    return result
