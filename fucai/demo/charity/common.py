"""What the charity demo's steps share: the figures to reproduce, the plan of the
series, and small helpers (dates, splitting a total, ID numbers, projects and their
money)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from fucai.core.choices import Role
from fucai.core.models import OrgUnit, User
from fucai.core.validators import make_id_number
from fucai.welfare import services as welfare
from fucai.welfare.choices import FundCategory, ProjectStatus
from fucai.welfare.models import Allocation, Budget, WelfareProject
from fucai.welfare.selectors.balances import account_balance, retained_available

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

TITLES = {
    "福彩暖万家": ["走访慰问困难群众", "春节送温暖", "爱心早餐派发", "困难家庭慰问", "冬日送暖"],
    "938福彩助力梦想": ["圆梦微心愿", "助力梦想直播", "梦想课堂", "爱心助学"],
    "公益福彩·民政与你同行": ["义诊义剪进社区", "助残服务日", "关爱孤儿", "重阳敬老"],
    "感受公益福彩": ["代表委员走进受助项目", "彩民代表走进福利院", "公益项目开放日"],
}
PLACES = {
    "330302": "红日亭", "330303": "永中街道", "330304": "梧田街道", "330305": "北岙街道",
    "330324": "枫林镇", "330326": "昆阳镇", "330327": "南宋镇", "330328": "大峃镇",
    "330329": "罗阳镇", "330381": "安阳街道", "330382": "乐成街道", "330383": "龙港城区",
}  # fmt: skip
SCHOOLS = (
    "浙江大学", "温州大学", "温州医科大学", "浙江工业大学", "宁波大学", "杭州电子科技大学",
    "浙江师范大学", "中国计量大学", "浙江理工大学", "复旦大学", "同济大学", "厦门大学",
)  # fmt: skip
GUESTS = (
    ("市人大代表", 8), ("市政协委员", 8), ("行风监督员", 6), ("彩民代表", 8), ("投注站销售员", 8),
)  # fmt: skip


@dataclass
class CharitySummary:
    activities: int = 0
    beneficiaries: int = 0
    spent_fen: int = 0
    applications: int = 0
    grantees: int = 0
    payments: int = 0
    totals: dict[str, int] = field(default_factory=dict)


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def split_units(rng: random.Random, total_units: int, parts: int, minimum: int) -> list[int]:
    """``parts`` positive amounts of at least ``minimum`` summing exactly to
    ``total_units``."""
    weights = [rng.uniform(0.4, 2.5) for _ in range(parts)]
    spare = total_units - minimum * parts
    scale = sum(weights)
    shares = [minimum + int(spare * w / scale) for w in weights]
    shares[0] += total_units - sum(shares)
    return shares


class IdNumbers:
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


def project_for(name: str, category: str, unit: OrgUnit, budget_fen: int) -> WelfareProject:
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


def fund_project(project: WelfareProject, need_fen: int, charity_user, finance_user) -> None:
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


def applicant_users(count: int) -> list[User]:
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
