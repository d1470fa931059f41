"""Factories of the party tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import id_number

from ..choices import ActivityKind, ActivityStatus, MemberStatus
from ..defaults import FREQUENCY_RULES
from ..models import FrequencyRule, PartyActivity, PartyBranch, PartyMember


class BranchFactory(DjangoModelFactory):
    class Meta:
        model = PartyBranch
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"第{n + 1}党支部")


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = PartyMember

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    id_number = factory.Sequence(lambda n: id_number(7000 + n))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    joined_on = datetime.date(2010, 7, 1)
    full_on = datetime.date(2011, 7, 1)
    status = MemberStatus.FULL


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = PartyActivity

    branch = factory.SubFactory(BranchFactory)
    kind = ActivityKind.COMMITTEE
    title = factory.Sequence(lambda n: f"支委会{n}")
    planned_on = datetime.date(2019, 1, 10)
    held_on = factory.LazyAttribute(lambda a: a.planned_on)
    status = ActivityStatus.HELD
    minutes = "会议记录"


def ensure_frequency_rules() -> None:
    """The rules migration 0002 loads: a transactional test's flush removes them."""
    for kind, period, minimum in FREQUENCY_RULES:
        FrequencyRule.objects.get_or_create(
            kind=kind, defaults={"period": period, "minimum": minimum}
        )
