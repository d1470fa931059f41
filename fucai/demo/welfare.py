"""The demo's welfare fund: the ledger from 2009 to 2019, budgets, the projects of the
seed and their money, and the yearly disclosures.

- 2018 and 2019: the fund raised each month, accrued from the demo's sales (50% retained).
- 2009–2017 (no sales data in the demo): one opening balance a year — *demo estimates*
  of the fund raised then, so the early payments have money behind them.
- The seed's projects: the 平阳怀溪晓坑慈善敬老院 elderly home (178万元 paid in yearly
  payments over 2009–2019), the 2019 助圆大学梦 grant programme (300 × 8,000 yuan,
  paid by charity's grant payments) and one project per activity series (福彩暖万家,
  938福彩助力梦想, 公益福彩·民政与你同行, 感受公益福彩), allocated in 2019; charity's demo
  books the activities' spending against them (``SERIES_PROJECTS``).
- 2018's disclosure published; 2019's generated *after* charity's spending is booked —
  the builder calls ``finish_demo_welfare`` last — and left awaiting approval.

Everything goes through the services (audited, every entry checked to sum to zero); the
volume is small (about 80 entries), so this takes a fraction of a second.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection

from fucai.core.choices import OrgUnitKind
from fucai.core.models import OrgUnit, Region, User
from fucai.welfare import services
from fucai.welfare.choices import DisclosureState, FundCategory, ProjectStatus
from fucai.welfare.models import (
    Allocation,
    ApprovalStep,
    Budget,
    Disbursement,
    Disclosure,
    FundReturn,
    JournalEntry,
    LedgerPeriod,
    Posting,
    ProjectDocument,
    WelfareProject,
)

YUAN = 100
WAN = 10_000 * YUAN
SALES_YEARS = (2018, 2019)
DEPARTMENT = "公益事业科"

ELDERLY_HOME = "平阳怀溪晓坑慈善敬老院"
# 178万元 over 2009–2019, one payment a year (dormitories, a canteen, daily care).
ELDERLY_HOME_PAYMENTS = {
    2009: (300_000, "新建宿舍楼"),
    2010: (200_000, "宿舍楼续建及配套"),
    2011: (150_000, "添置床铺被褥"),
    2012: (150_000, "新建食堂"),
    2013: (120_000, "食堂设备"),
    2014: (120_000, "取暖与热水设施"),
    2015: (150_000, "老人日常照料补助"),
    2016: (150_000, "适老化改造"),
    2017: (140_000, "老人日常照料补助"),
    2018: (150_000, "老人日常照料补助"),
    2019: (150_000, "老人日常照料补助及慰问"),
}
assert sum(amount for amount, _ in ELDERLY_HOME_PAYMENTS.values()) == 1_780_000

GRANT_PROJECT = "2019福彩暖万家·助圆大学梦"
GRANT_BUDGET_FEN = 300 * 8_000 * YUAN
# Activity series → (project, category, 2019 budget in fen). Charity books each series'
# activity spending against its project (disbursement source "activity:<id>").
SERIES_PROJECTS = {
    "福彩暖万家": ("福彩暖万家系列活动", FundCategory.POOR, 250 * WAN),
    "938福彩助力梦想": ("938福彩助力梦想系列活动", FundCategory.ORPHANS, 150 * WAN),
    "公益福彩·民政与你同行": ("公益福彩·民政与你同行", FundCategory.DISABLED, 150 * WAN),
    "感受公益福彩": ("感受公益福彩", FundCategory.PUBLIC, 100 * WAN),
}
# The fund raised in the years before the demo's sales data: demo estimates (亿元 × 1e10
# fen), growing with the city's sales.
OPENING_RAISED_FEN = {
    year: int((1.6 + 0.3 * (year - 2009)) * 100_000_000 * YUAN) for year in range(2009, 2018)
}
# 2018 reach for its disclosure (charity's demo covers 2019 only): demo figures.
REACH_2018 = {"people": 2_870, "projects": {}}


@dataclass
class WelfareSummary:
    entries: int = 0
    projects: int = 0
    disclosures: dict[int, str] = field(default_factory=dict)


def _users() -> dict[str, User]:
    users = {
        u.username: u for u in User.objects.filter(username__in=["finance", "charity", "leader"])
    }
    missing = {"finance", "charity", "leader"} - set(users)
    if missing:
        raise RuntimeError(f"demo users missing: {sorted(missing)}")
    return users


def flush_demo_welfare() -> dict[str, int]:
    """Delete the fund's ledger, projects and disclosures (a demo database holds only
    demo ones). The ledger is append-only through the ORM, so its rows go by raw delete;
    charity's rows that refer to projects must be gone first."""
    deleted = {}
    for model in (ApprovalStep, Allocation, Disbursement, FundReturn, ProjectDocument):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    for model in (Posting, JournalEntry):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all()._raw_delete(
            connection.alias
        )
    for model in (LedgerPeriod, Disclosure, WelfareProject, Budget):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    return deleted


def _department() -> OrgUnit:
    unit = OrgUnit.objects.filter(name=DEPARTMENT).first()
    if unit is None:
        unit = OrgUnit.objects.create(name=DEPARTMENT, kind=OrgUnitKind.DEPARTMENT)
    return unit


def _budget(year: int, category: str, amount_fen: int) -> None:
    budget, created = Budget.objects.get_or_create(
        year=year, category=category, defaults={"amount_fen": amount_fen, "note": "演示预算"}
    )
    if not created:
        Budget.objects.filter(pk=budget.pk).update(amount_fen=budget.amount_fen + amount_fen)


def load_demo_welfare(*, seed: int) -> WelfareSummary:
    """The ledger, budgets, projects and the 2018 disclosure (see the module's doc)."""
    users = _users()
    finance, charity, leader = users["finance"], users["charity"], users["leader"]
    summary = WelfareSummary()
    first_entry = JournalEntry.objects.count()
    for year, raised in OPENING_RAISED_FEN.items():
        services.opening_balance_post(
            acting_user=finance,
            year=year,
            raised_fen=raised,
            memo=f"{year}年筹集公益金（演示估算，系统上线前）",
        )
    for year in SALES_YEARS:
        services.accrual_book_year(
            acting_user=finance, year=year, until=datetime.date(year + 1, 1, 1)
        )
    unit = _department()
    pingyang = Region.objects.filter(code="330326").first()
    home = services.project_create(
        acting_user=charity,
        name=ELDERLY_HOME,
        category=FundCategory.ELDERLY,
        owner_unit=unit,
        region=pingyang,
        budget_fen=1_780_000 * YUAN,
        partner=ELDERLY_HOME,
        starts_on=datetime.date(2009, 1, 1),
        status=ProjectStatus.ACTIVE,
        summary="十多年来资助敬老院建宿舍、食堂，改善孤寡老人的居住和就餐条件。",
    )
    for year, (amount, purpose) in ELDERLY_HOME_PAYMENTS.items():
        fen = amount * YUAN
        _budget(year, FundCategory.ELDERLY, fen)
        services.allocation_record_approved(
            acting_user=charity,
            project=home,
            amount_fen=fen,
            year=year,
            booked_on=datetime.date(year, 3, 1),
        )
        services.disbursement_record_approved(
            acting_user=charity,
            project=home,
            amount_fen=fen,
            payee=ELDERLY_HOME,
            paid_on=datetime.date(year, 6, 18),
            purpose=purpose,
        )
    grant = services.project_create(
        acting_user=charity,
        name=GRANT_PROJECT,
        category=FundCategory.POOR,
        owner_unit=unit,
        budget_fen=GRANT_BUDGET_FEN,
        partner="温州市民政局",
        starts_on=datetime.date(2019, 6, 1),
        ends_on=datetime.date(2019, 12, 31),
        status=ProjectStatus.ACTIVE,
        summary="资助300名温州困难大学新生每人8000元。",
    )
    _budget(2019, FundCategory.POOR, GRANT_BUDGET_FEN)
    services.allocation_record_approved(
        acting_user=charity,
        project=grant,
        amount_fen=GRANT_BUDGET_FEN,
        year=2019,
        booked_on=datetime.date(2019, 6, 3),
    )
    for series, (name, category, budget_fen) in SERIES_PROJECTS.items():
        project = services.project_create(
            acting_user=charity,
            name=name,
            category=category,
            owner_unit=unit,
            budget_fen=budget_fen,
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2019, 12, 31),
            status=ProjectStatus.ACTIVE,
            summary=f"“{series}”系列公益活动。",
        )
        _budget(2019, category, budget_fen)
        services.allocation_record_approved(
            acting_user=charity,
            project=project,
            amount_fen=budget_fen,
            year=2019,
            booked_on=datetime.date(2019, 1, 15),
        )
    # The 2018 months are done with: closed, and the year's disclosure published.
    for period in LedgerPeriod.objects.filter(year__lte=2018, closed_at__isnull=True):
        services.period_close(acting_user=finance, period=period)
    reach_2018 = {
        "people": REACH_2018["people"],
        "projects": {home.pk: {"people": 36, "activities": 1}},
    }
    disclosure = services.disclosure_generate(acting_user=finance, year=2018, reach=reach_2018)
    disclosure.foreword = "主动向社会告知公益金使用情况，自觉接受社会监督。"
    Disclosure.objects.filter(pk=disclosure.pk).update(foreword=disclosure.foreword)
    services.disclosure_transition(acting_user=finance, disclosure=disclosure, action="submit")
    services.disclosure_transition(acting_user=leader, disclosure=disclosure, action="approve")
    services.disclosure_transition(acting_user=leader, disclosure=disclosure, action="publish")
    summary.entries = JournalEntry.objects.count() - first_entry
    summary.projects = WelfareProject.objects.count()
    summary.disclosures[2018] = DisclosureState.PUBLISHED
    return summary


def finish_demo_welfare(*, reach: dict | None = None) -> Disclosure:
    """After charity's demo has booked 2019's spending: generate 2019's disclosure from
    the ledger (with ``reach``, or what charity registered in ``fucai.welfare.reach``)
    and submit it, so it waits for the leadership's approval."""
    users = _users()
    disclosure = services.disclosure_generate(acting_user=users["finance"], year=2019, reach=reach)
    return services.disclosure_transition(
        acting_user=users["finance"], disclosure=disclosure, action="submit"
    )
