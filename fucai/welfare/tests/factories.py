import datetime

import factory
from factory.django import DjangoModelFactory

from fucai.core.choices import OrgUnitKind
from fucai.core.models import OrgUnit
from fucai.welfare.choices import FundCategory, ProjectStatus
from fucai.welfare.models import LedgerPeriod, WelfareProject


def charity_department() -> OrgUnit:
    unit, _ = OrgUnit.objects.get_or_create(name="公益事业科", kind=OrgUnitKind.DEPARTMENT)
    return unit


class WelfareProjectFactory(DjangoModelFactory):
    class Meta:
        model = WelfareProject

    name = factory.Sequence(lambda n: f"公益项目{n}")
    category = FundCategory.ELDERLY
    owner_unit = factory.LazyFunction(charity_department)
    budget_fen = 100_000_000
    starts_on = datetime.date(2019, 1, 1)
    status = ProjectStatus.ACTIVE


class LedgerPeriodFactory(DjangoModelFactory):
    class Meta:
        model = LedgerPeriod
        django_get_or_create = ("year", "month")

    year = 2019
    month = 1


def funded_project(cast, *, retained_fen=10_000_000, allocate_fen=5_000_000, **project_kwargs):
    """A project with money: an opening balance of 2017 (no sales data that year) makes
    ``retained_fen`` of retained fund available, the 2019 budget of the project's category
    covers it, and ``allocate_fen`` is allocated to the project (approved on paper)."""
    from fucai.welfare.models import Budget
    from fucai.welfare.services import allocation_record_approved, opening_balance_post

    project = WelfareProjectFactory(**project_kwargs)
    opening_balance_post(acting_user=cast["finance"], year=2017, raised_fen=retained_fen * 2)
    Budget.objects.get_or_create(
        year=2019, category=project.category, defaults={"amount_fen": retained_fen}
    )
    if allocate_fen:
        allocation_record_approved(
            acting_user=cast["charity"],
            project=project,
            amount_fen=allocate_fen,
            year=2019,
            booked_on=datetime.date(2019, 1, 15),
        )
    return project
