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
