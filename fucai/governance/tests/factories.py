import datetime

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
