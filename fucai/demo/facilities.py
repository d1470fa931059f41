"""The 2019 service stations and premises purchases (issue 15, item 6).

The seed: in 2019 the center finished the county service stations (综合服务站) of 洞头,
瑞安, 苍南 and 平阳 and put them in use, and started buying the premises of five more
(鹿城 and four other districts) with 2,100万元. Here: the four stations with their
addresses, hours, services, staff (accounts without a password: they do not sign in to
the demo) and premises; five purchase projects whose budgets add up to 21,000,000.00
yuan, each with payments in 2019–2020. Every figure the pages show is summed from these
rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import AuditEntry, OrgUnit, Region, User
from fucai.facilities.choices import ProjectStatus, ServiceKind, Tenure
from fucai.facilities.models import Premises, PurchasePayment, PurchaseProject, ServiceStation

from . import orgs
from .geo import SEATS

ALL_SERVICES = [s.value for s in ServiceKind]


@dataclass(frozen=True)
class StationSeed:
    code: str
    address: str
    hours: str
    phone: str
    services: tuple[str, ...]
    opened_on: datetime.date
    staff: tuple[str, ...]  # the first is the head
    tenure: str
    area: str
    lease_ends_on: datetime.date | None = None


# fmt: off
STATIONS = (
    StationSeed("330305", "洞头区北岙街道新城大道 188 号", "周一至周六 8:30–17:00", "0577-63481019",
                tuple(ALL_SERVICES), datetime.date(2019, 6, 18), ("林海燕", "陈志远"),
                Tenure.OWNED, "236.50"),
    StationSeed("330381", "瑞安市安阳街道万松东路 266 号", "周一至周日 8:30–17:30", "0577-65812019",
                tuple(ALL_SERVICES), datetime.date(2019, 9, 6), ("黄晓敏", "李建华", "金秀丽"),
                Tenure.OWNED, "412.00"),
    StationSeed("330327", "苍南县灵溪镇人民大道 915 号", "周一至周六 8:30–17:00", "0577-64752019",
                (ServiceKind.RECRUITMENT, ServiceKind.TICKET_PICKUP, ServiceKind.COMPLAINTS),
                datetime.date(2019, 10, 22), ("杨静", "吴建军"),
                Tenure.LEASED, "318.80", datetime.date(2024, 10, 31)),
    StationSeed("330326", "平阳县昆阳镇城东大道 1021 号", "周一至周五 8:30–17:00", "0577-63712019",
                (ServiceKind.RECRUITMENT, ServiceKind.TRAINING, ServiceKind.TICKET_PICKUP,
                 ServiceKind.COMPLAINTS), datetime.date(2019, 12, 12), ("郑丽君", "周海涛"),
                Tenure.LEASED, "285.20", datetime.date(2025, 12, 31)),
)
# The five purchases started in 2019 with 2,100万元: 鹿城 and four other districts.
# (region code, budget in 万元, started on, payments as (day, 万元, payee))
PURCHASES = (
    ("330302", 520, datetime.date(2019, 7, 15), (
        (datetime.date(2019, 8, 20), 156, "温州市鹿城区国有资产经营有限公司"),
        (datetime.date(2019, 12, 18), 208, "温州市鹿城区国有资产经营有限公司"),
        (datetime.date(2020, 4, 10), 104, "温州市鹿城区国有资产经营有限公司"),
    )),
    ("330303", 460, datetime.date(2019, 8, 2), (
        (datetime.date(2019, 10, 15), 138, "温州龙湾城市建设发展有限公司"),
        (datetime.date(2020, 3, 26), 184, "温州龙湾城市建设发展有限公司"),
    )),
    ("330304", 400, datetime.date(2019, 9, 10), (
        (datetime.date(2019, 11, 28), 120, "温州市瓯海区城市发展投资有限公司"),
        (datetime.date(2020, 5, 15), 160, "温州市瓯海区城市发展投资有限公司"),
    )),
    ("330324", 380, datetime.date(2019, 10, 21), (
        (datetime.date(2019, 12, 20), 114, "永嘉县城市建设投资有限公司"),
    )),
    ("330382", 340, datetime.date(2019, 11, 18), (
        (datetime.date(2020, 1, 16), 102, "乐清市国有资本运营有限公司"),
    )),
)
# fmt: on
WAN_FEN = 1_000_000  # 1 万元 in fen


def station_name(region: Region) -> str:
    return f"{region.label}综合服务站"


def _login(code: str, index: int) -> str:
    return f"svc_{code}_{index + 1}"


DEMO_STAFF_USERNAMES = tuple(_login(s.code, i) for s in STATIONS for i in range(len(s.staff)))


@dataclass
class FacilitiesSummary:
    service_stations: int
    premises: int
    projects: int
    budget_fen: int
    paid_fen: int


def load_demo_facilities() -> FacilitiesSummary:
    """The four service stations, their premises and staff, and the five purchases."""
    center = OrgUnit.objects.filter(kind=OrgUnitKind.CENTER, name=orgs.CENTER_NAME).first()
    regions = {r.code: r for r in Region.objects.filter(code__in=list(SEATS))}
    premises_rows = []
    for seed in STATIONS:
        region = regions[seed.code]
        parent = (
            OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, name=orgs.branch_name(region)).first()
            or center
        )
        unit = OrgUnit.objects.create(
            name=station_name(region), kind=OrgUnitKind.SERVICE_STATION, parent=parent
        )
        unit.regions.set([region])
        users = []
        for index, name in enumerate(seed.staff):
            user = User(
                username=_login(seed.code, index),
                role=Role.BRANCH_STAFF,
                display_name=name,
                org_unit=unit,
            )
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        unit.head = User.objects.get(username=_login(seed.code, 0))
        unit.save(update_fields=["head"])
        seat = SEATS[seed.code]
        ServiceStation.objects.create(
            unit=unit,
            region=region,
            address=seed.address,
            opening_hours=seed.hours,
            phone=seed.phone,
            latitude=Decimal(str(seat.latitude)).quantize(Decimal("0.000001")),
            longitude=Decimal(str(seat.longitude)).quantize(Decimal("0.000001")),
            services=list(seed.services),
            opened_on=seed.opened_on,
        )
        premises_rows.append(
            Premises(
                name=f"{station_name(region)}用房",
                region=region,
                unit=unit,
                address=seed.address,
                floor_area_m2=Decimal(seed.area),
                tenure=seed.tenure,
                lease_ends_on=seed.lease_ends_on,
                acquired_on=seed.opened_on - datetime.timedelta(days=120),
            )
        )
    finance = User.objects.filter(username="finance").first()
    paid = 0
    for code, budget_wan, started_on, payments in PURCHASES:
        region = regions[code]
        premises = Premises(
            name=f"{station_name(region)}用房（购置中）",
            region=region,
            address=f"{region.name}（选址已定，待交付）",
            floor_area_m2=Decimal(budget_wan) * Decimal("0.75"),
            tenure=Tenure.UNDER_PURCHASE,
        )
        premises_rows.append(premises)
        premises.save()
        project = PurchaseProject.objects.create(
            name=f"{region.label}综合服务站用房购置",
            region=region,
            premises=premises,
            budget_fen=budget_wan * WAN_FEN,
            status=ProjectStatus.IN_PROGRESS,
            started_on=started_on,
            note="2019 年启动，市福彩中心投入 2100 万元购置 5 县（市、区）综合服务站用房",
        )
        PurchasePayment.objects.bulk_create(
            PurchasePayment(
                project=project,
                amount_fen=wan * WAN_FEN,
                paid_on=day,
                payee=payee,
                voucher_no=f"FC{day:%Y%m}-{code[-2:]}{index + 1:02d}",
                recorded_by=finance,
            )
            for index, (day, wan, payee) in enumerate(payments)
        )
        paid += sum(wan for _day, wan, _payee in payments) * WAN_FEN
    Premises.objects.bulk_create([p for p in premises_rows if p.pk is None])
    budget = sum(p[1] for p in PURCHASES) * WAN_FEN
    summary = FacilitiesSummary(
        service_stations=len(STATIONS),
        premises=len(premises_rows),
        projects=len(PURCHASES),
        budget_fen=budget,
        paid_fen=paid,
    )
    return summary


def flush_demo_facilities() -> dict[str, int]:
    """Delete the facilities rows, the service-station units and their staff accounts."""
    deleted = {}
    types = ContentType.objects.filter(app_label="facilities")
    AuditEntry.objects.filter(content_type__in=types).delete()
    for model in (PurchasePayment, PurchaseProject, Premises, ServiceStation):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all()._raw_delete(
            model.objects.db
        )
    units = OrgUnit.objects.filter(kind=OrgUnitKind.SERVICE_STATION)
    units.update(head=None)
    User.objects.filter(username__in=DEMO_STAFF_USERNAMES).delete()
    User.objects.filter(org_unit__in=units).update(org_unit=None)
    units.delete()
    return deleted
