"""The demo center: its org units and one login per role.

Org units and users are looked up by name / username and updated in place, so loading
the demo into a database that already has, say, an ``admin`` account or a 鹿城分中心
does not fail on a unique name; ``--flush`` removes them first.
"""

from __future__ import annotations

from dataclasses import dataclass

from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit, Region, User

DEMO_PASSWORD = "fucai-demo"  # noqa: S105 — a published demo password, not a secret
CENTER_NAME = "温州市福利彩票发行中心"
DEPARTMENTS = ("办公室", "站点管理科", "财务科", "公益事业科", "市场营销科", "党建办公室")


@dataclass(frozen=True)
class DemoUser:
    """A demo login: its role, a plausible name and where it sits in the organisation.

    ``unit`` is a department name, ``"center"``, a region code (that region's branch),
    or ``""`` for external users (owners, applicants) who belong to no unit.
    """

    username: str
    role: str
    display_name: str
    unit: str
    superuser: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.SYSTEM_ADMIN, "林志强", "办公室", superuser=True),
    DemoUser("leader", Role.LEADERSHIP, "陈建国", "center"),
    DemoUser("stations", Role.STATION_MANAGEMENT, "王海燕", "站点管理科"),
    DemoUser("finance", Role.FINANCE, "李晓红", "财务科"),
    DemoUser("charity", Role.CHARITY, "张丽萍", "公益事业科"),
    # The department's step of a money request is decided by someone else than its
    # requester: a second officer, so `charity`'s requests can be approved in the demo.
    DemoUser("charity2", Role.CHARITY, "王素琴", "公益事业科"),
    DemoUser("marketing", Role.MARKETING, "黄俊杰", "市场营销科"),
    DemoUser("party", Role.PARTY_AFFAIRS, "郑卫东", "党建办公室"),
    DemoUser("inspector", Role.INSPECTOR, "周明辉", "330302"),
    DemoUser("lucheng", Role.BRANCH_STAFF, "吴晓东", "330302"),
    DemoUser("ruian", Role.BRANCH_STAFF, "徐文斌", "330381"),
    # The owner's display name is replaced by the planned owner's name.
    DemoUser("owner", Role.STATION_OWNER, "业主", ""),
    DemoUser("applicant", Role.APPLICANT, "潘小燕", ""),
    # A seller at the owner's station; the display name becomes the seller's name.
    DemoUser("seller", Role.SELLER, "销售员", ""),
)
# Every district's branch has an officer (who visits its stations) and an inspector (who
# inspects them); 鹿城 has `lucheng` and `inspector`, 瑞安 `ruian` above.
# region code: (login, branch officer, inspector)
# fmt: off
DISTRICT_STAFF = {
    "330302": ("lucheng", "", ""),
    "330303": ("longwan", "叶建平", "金晓峰"),
    "330304": ("ouhai", "潘丽娟", "胡志勇"),
    "330305": ("dongtou", "林海波", "谢文杰"),
    "330324": ("yongjia", "徐素芳", "戴永明"),
    "330326": ("pingyang", "郑晓燕", "蔡国华"),
    "330327": ("cangnan", "杨秀英", "缪建新"),
    "330328": ("wencheng", "朱海峰", "赵丽萍"),
    "330329": ("taishun", "季春燕", "董卫平"),
    "330381": ("ruian", "", "孙建军"),
    "330382": ("yueqing", "卢美珍", "钱立新"),
    "330383": ("longgang", "章晓红", "薛忠德"),
}
# fmt: on
DEMO_USERS += tuple(
    DemoUser(login, Role.BRANCH_STAFF, officer, code)
    for code, (login, officer, _) in DISTRICT_STAFF.items()
    if officer
) + tuple(
    DemoUser(f"inspector_{login}", Role.INSPECTOR, inspector, code)
    for code, (login, _, inspector) in DISTRICT_STAFF.items()
    if inspector
)
DEMO_USERNAMES = tuple(u.username for u in DEMO_USERS)


def branch_name(region: Region) -> str:
    return f"{region.label}分中心"


def demo_unit_names(regions: list[Region]) -> list[str]:
    """Names of every org unit the demo creates, for ``--flush``."""
    return [CENTER_NAME, *DEPARTMENTS, *(branch_name(r) for r in regions)]


def ensure_org_units(regions: list[Region]) -> dict[str, OrgUnit]:
    """The center, its departments and one branch per region, keyed like DemoUser.unit."""
    center = OrgUnit.objects.filter(name=CENTER_NAME, kind=OrgUnitKind.CENTER).first()
    if center is None:
        center = OrgUnit.objects.create(name=CENTER_NAME, kind=OrgUnitKind.CENTER)
    units = {"center": center}
    for name in DEPARTMENTS:
        units[name] = _unit(name, OrgUnitKind.DEPARTMENT, center)
    for region in regions:
        unit = _unit(branch_name(region), OrgUnitKind.BRANCH, center)
        # A branch covers exactly its own region (set, not add: repair stale data).
        unit.regions.set([region])
        units[region.code] = unit
    return units


def _unit(name: str, kind: str, parent: OrgUnit) -> OrgUnit:
    unit = OrgUnit.objects.filter(name=name, kind=kind).order_by("pk").first()
    if unit is None:
        return OrgUnit.objects.create(name=name, kind=kind, parent=parent)
    if unit.parent_id != parent.pk:
        unit.parent = parent
        unit.save(update_fields=["parent"])
    return unit


def ensure_users(units: dict[str, OrgUnit], owner_name: str | None) -> list[tuple[User, bool]]:
    """Create or reset the demo logins; returns (user, created) in DEMO_USERS order.

    Hashing a password is deliberately slow (hundreds of ms with PBKDF2), so it is
    hashed once and the hash copied to every account.
    """
    result: list[tuple[User, bool]] = []
    password_hash = ""
    existing = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    for spec in DEMO_USERS:
        user = existing.get(spec.username)
        created = user is None
        if user is None:
            user = User(username=spec.username)
        if not password_hash:
            user.set_password(DEMO_PASSWORD)
            password_hash = user.password
        user.password = password_hash
        user.role = spec.role
        user.display_name = (
            owner_name if spec.username == "owner" and owner_name else spec.display_name
        )
        user.org_unit = units.get(spec.unit) if spec.unit else None
        user.is_staff = user.is_superuser = spec.superuser
        user.is_active = True
        user.save()
        result.append((user, created))
    return result
