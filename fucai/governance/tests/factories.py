import datetime

import factory
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import UserFactory
from fucai.stations.tests.factories import StationFactory

from ..choices import AnswerType, InspectionKind, InspectionStatus, Severity
from ..models import (
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
)


class ChecklistTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    code = factory.Sequence(lambda n: f"checklist-{n}")
    kind = InspectionKind.ANNUAL
    name = factory.Sequence(lambda n: f"年检检查表 {n}")


class ChecklistSectionFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistSection

    template = factory.SubFactory(ChecklistTemplateFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"第{n}部分")


class ChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    section = factory.SubFactory(ChecklistSectionFactory)
    template = factory.SelfAttribute("section.template")
    order = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"I{n:03d}")
    text = factory.Sequence(lambda n: f"检查项 {n}")
    weight = 5
    answer_type = AnswerType.PASS_FAIL
    severity = Severity.MINOR


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection

    station = factory.SubFactory(StationFactory)
    kind = InspectionKind.ANNUAL
    template = factory.SubFactory(ChecklistTemplateFactory)
    inspector = factory.SubFactory(UserFactory)
    year = 2019
    planned_on = datetime.date(2019, 6, 1)
    due_on = datetime.date(2019, 6, 30)
    status = InspectionStatus.PLANNED


class InspectionAnswerFactory(DjangoModelFactory):
    class Meta:
        model = InspectionAnswer

    inspection = factory.SubFactory(InspectionFactory)
    item = factory.SubFactory(
        ChecklistItemFactory, section__template=factory.SelfAttribute("...inspection.template")
    )
    passed = True


# --- plan topic -----------------------------------------------------------------------


def ensure_default_checklists() -> None:
    """The default checklists come from a data migration; transactional tests flush
    them, so reload."""
    from django.apps import apps

    from ..defaults_checklists import load_default_checklists

    load_default_checklists(apps)


class InspectionProposalFactory(DjangoModelFactory):
    class Meta:
        model = "governance.InspectionProposal"

    station = factory.SubFactory(StationFactory)
    rule = "sales_jump"
    reason = "2019-11 销量为近六个月均值的 3 倍"
    evidence = factory.LazyFunction(lambda: {"month": "2019-11"})
    period_start = datetime.date(2019, 11, 1)
    period_end = datetime.date(2019, 11, 30)
