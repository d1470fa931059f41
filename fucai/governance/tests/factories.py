import datetime
import io

import factory
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import OrgUnitFactory, UserFactory
from fucai.stations.tests.factories import StationFactory

from ..choices import (
    AnswerType,
    InspectionKind,
    InspectionStatus,
    ReviewDecision,
    ReviewOutcome,
    Severity,
)
from ..models import (
    AnnualReview,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    Visit,
    VisitFollowUp,
    VisitPurpose,
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


# -- Visits and annual reviews (review topic) -------------------------------------------


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    visited_on = datetime.date(2019, 6, 10)
    visitor = factory.SubFactory(UserFactory)
    org_unit = factory.LazyAttribute(lambda o: o.visitor.org_unit or OrgUnitFactory())
    findings = "门店整洁，宣传物料齐全"
    help_given = "讲解新玩法"

    @factory.post_generation
    def purposes(self, create, extracted, **kwargs):
        if create:
            self.purposes.set(extracted or VisitPurpose.objects.filter(active=True)[:1])


class VisitFollowUpFactory(DjangoModelFactory):
    class Meta:
        model = VisitFollowUp

    visit = factory.SubFactory(VisitFactory)
    description = "补贴责任彩票宣传海报"
    due_on = datetime.date(2019, 6, 30)


class AnnualReviewFactory(DjangoModelFactory):
    class Meta:
        model = AnnualReview

    station = factory.SubFactory(StationFactory)
    year = 2019
    computed_outcome = ReviewOutcome.PASS
    computed_decision = ReviewDecision.CONTINUE
    outcome = factory.SelfAttribute("computed_outcome")
    decision = factory.SelfAttribute("computed_decision")
    breakdown = factory.LazyFunction(list)


# -- field (inspections in the field) --------------------------------------------------


def image_bytes(kind: str = "JPEG", size=(16, 12), colour=(200, 30, 30)) -> bytes:
    """A small real image (Pillow comes with WeasyPrint)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def field_checklist(**kwargs):
    """A small checklist with one item of every answer type (a critical pass/fail one
    among them), in two sections. Returns (template, items by type name)."""
    template = ChecklistTemplateFactory(**kwargs)
    first = ChecklistSectionFactory(template=template, order=1, title="经营资质")
    second = ChecklistSectionFactory(template=template, order=2, title="销售行为")
    items = {
        "licence": ChecklistItemFactory(
            section=first, code="A01", text="销售许可证悬挂", weight=10, critical=True
        ),
        "notice": ChecklistItemFactory(section=first, code="A02", text="责任彩票公示", weight=10),
        "tidy": ChecklistItemFactory(
            section=first, code="A03", text="场所整洁", weight=10, answer_type=AnswerType.SCORE
        ),
        "terminals": ChecklistItemFactory(
            section=second, code="B01", text="在用终端数", weight=5, answer_type=AnswerType.NUMBER
        ),
        "remarks": ChecklistItemFactory(
            section=second, code="B02", text="销售员说明", weight=5, answer_type=AnswerType.TEXT
        ),
        "front": ChecklistItemFactory(
            section=second, code="B03", text="门头照片", weight=10, answer_type=AnswerType.PHOTO
        ),
    }
    return template, items


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
