import datetime

import factory
from factory.django import DjangoModelFactory

from fucai.core.choices import OrgUnitKind
from fucai.core.models import OrgUnit, Region, User
from fucai.core.regions import load_regions
from fucai.core.validators import make_id_number

PASSWORD = "fucai-test-pass"


def ensure_regions() -> None:
    """Regions come from a data migration; transactional tests flush them, so reload."""
    if not Region.objects.filter(level="county").exists():
        load_regions(Region)


def region(code: str) -> Region:
    ensure_regions()
    return Region.objects.get(code=code)


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnitKind.DEPARTMENT


def branch(code: str) -> OrgUnit:
    reg = region(code)
    unit, created = OrgUnit.objects.get_or_create(
        name=f"{reg.short_name}分中心", kind=OrgUnitKind.BRANCH
    )
    if created:
        unit.regions.add(reg)
    return unit


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = ""

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


def id_number(n: int, region_code: str = "330302") -> str:
    return make_id_number(
        region_code, datetime.date(1980, 1, 1) + datetime.timedelta(days=n), n % 1000
    )
