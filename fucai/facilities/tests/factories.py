"""Facilities test data: a service station of a district, a purchase project."""

import datetime
from decimal import Decimal

from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit
from fucai.core.tests.factories import UserFactory, region

from ..choices import ProjectStatus, ServiceKind, Tenure
from ..models import Premises, PurchasePayment, PurchaseProject, ServiceStation


def make_station(code: str = "330302", *, staff: int = 2, name: str = "") -> ServiceStation:
    reg = region(code)
    unit = OrgUnit.objects.create(
        name=name or f"{reg.short_name or reg.name}综合服务站", kind=OrgUnitKind.SERVICE_STATION
    )
    unit.regions.set([reg])
    users = [
        UserFactory(
            username=f"svc{unit.pk}_{i}",
            role=Role.BRANCH_STAFF,
            org_unit=unit,
            display_name=f"员工{i}",
        )
        for i in range(staff)
    ]
    if users:
        unit.head = users[0]
        unit.save(update_fields=["head"])
    station = ServiceStation.objects.create(
        unit=unit,
        region=reg,
        address=f"{reg.name}人民路 1 号",
        opening_hours="周一至周五 8:30–17:00",
        phone="0577-88880000",
        latitude=Decimal("27.994000"),
        longitude=Decimal("120.655000"),
        services=[ServiceKind.RECRUITMENT, ServiceKind.COMPLAINTS],
        opened_on=datetime.date(2019, 6, 1),
    )
    Premises.objects.create(
        name=f"{unit.name}用房",
        region=reg,
        unit=unit,
        address=station.address,
        floor_area_m2=Decimal("200.00"),
        tenure=Tenure.OWNED,
        acquired_on=datetime.date(2019, 3, 1),
    )
    return station


def make_project(
    code: str = "330302",
    *,
    budget_fen: int = 5_200_000_00,
    status: str = ProjectStatus.IN_PROGRESS,
    paid: tuple[int, ...] = (),
) -> PurchaseProject:
    reg = region(code)
    project = PurchaseProject.objects.create(
        name=f"{reg.name}综合服务站用房购置",
        region=reg,
        budget_fen=budget_fen,
        status=status,
        started_on=datetime.date(2019, 7, 1),
    )
    for i, amount in enumerate(paid):
        PurchasePayment.objects.create(
            project=project,
            amount_fen=amount,
            paid_on=datetime.date(2019, 8, 1),
            payee="某国资公司",
            voucher_no=f"V{project.pk}-{i}",
        )
    return project
