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


# --- rectify: rectification orders and violations ---------------------------------------

# The smallest valid PNG (1×1), for photo uploads in tests.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000154a24f5d0000000049454e44ae426082"
)


def png_upload(name: str = "photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


class RectificationOrderFactory(DjangoModelFactory):
    class Meta:
        model = "governance.RectificationOrder"

    number = factory.Sequence(lambda n: f"ZG20190603-{n + 1:04d}")
    station = factory.SubFactory(StationFactory)
    problem = "未公示销售许可证"
    requirement = "在醒目位置公示许可证"
    severity = Severity.MAJOR
    issued_on = datetime.date(2019, 6, 3)
    deadline_on = datetime.date(2019, 6, 18)


class ViolationFactory(DjangoModelFactory):
    class Meta:
        model = "governance.Violation"

    station = factory.SubFactory(StationFactory)
    violation_type = "no_licence"
    source = "complaint"
    source_reference = "TS-2019-001"
    occurred_on = datetime.date(2019, 6, 3)
    description = "未公示许可证"
    penalty = "warning"
