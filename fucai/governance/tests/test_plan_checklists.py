import pytest
from django.core.exceptions import ValidationError

from fucai.core.models import AuditEntry

from ..choices import InspectionKind, InspectionStatus, Severity
from ..defaults_checklists import load_default_checklists
from ..models import ChecklistItem, ChecklistTemplate, Inspection
from ..services import checklists as svc
from .factories import (
    ChecklistItemFactory,
    ChecklistSectionFactory,
    InspectionAnswerFactory,
    InspectionFactory,
)

pytestmark = pytest.mark.django_db


def test_the_migration_ships_a_realistic_annual_checklist_scored_out_of_100():
    annual = ChecklistTemplate.objects.get(code="annual-standard", is_current=True)
    items = list(annual.items.all())
    assert 30 <= len(items) <= 40
    assert sum(i.weight for i in items) == 100
    critical = {i.text for i in items if i.critical}
    for words in ("未成年人", "赊销", "互联网", "私彩", "代销证", "责任彩票"):
        assert any(words in text for text in critical), words
    assert all(i.severity == Severity.CRITICAL for i in items if i.critical)
    kinds = set(ChecklistTemplate.objects.filter(is_current=True).values_list("kind", flat=True))
    assert kinds == {k.value for k in InspectionKind}


def test_loading_the_defaults_again_changes_nothing():
    from django.apps import apps

    before = ChecklistItem.objects.count()
    assert load_default_checklists(apps) == 0
    assert ChecklistItem.objects.count() == before


def test_an_unused_version_is_edited_in_place(cast):
    item = ChecklistItemFactory(weight=5)
    template = item.template
    written, saved, revised = svc.checklist_item_save(
        template=template,
        item=item,
        section=item.section,
        code=item.code,
        text="新文字",
        weight=8,
        answer_type=item.answer_type,
        critical=False,
        severity=Severity.MAJOR,
        acting_user=cast["stations"],
    )
    assert (written, saved.pk, revised) == (template, item.pk, False)
    item.refresh_from_db()
    assert (item.text, item.weight) == ("新文字", 8)
    assert AuditEntry.objects.filter(object_id=str(item.pk), action="update").exists()


def test_editing_a_used_version_makes_the_next_one_and_past_results_keep_theirs(cast):
    item = ChecklistItemFactory(weight=5, text="原文字")
    other = ChecklistItemFactory(section=item.section, weight=3)
    template = item.template
    inspection = InspectionFactory(template=template, status=InspectionStatus.SUBMITTED)
    InspectionAnswerFactory(inspection=inspection, item=item)

    written, saved, revised = svc.checklist_item_save(
        template=template,
        item=item,
        section=item.section,
        code=item.code,
        text="新文字",
        weight=10,
        answer_type=item.answer_type,
        critical=True,
        severity=Severity.MINOR,
        acting_user=cast["stations"],
    )

    assert revised and written.version == 2 and written.code == template.code
    assert not written.is_current and ChecklistTemplate.objects.get(pk=template.pk).is_current
    item.refresh_from_db()
    assert (item.text, item.weight, item.template_id) == ("原文字", 5, template.pk)
    assert (saved.text, saved.weight, saved.critical) == ("新文字", 10, True)
    assert saved.severity == Severity.CRITICAL  # a critical failure is always critical
    assert written.items.count() == 2 and written.items.filter(code=other.code).exists()
    assert inspection.answers.get().item_id == item.pk

    # The draft is unused: the next edit stays in it.
    again, _, revised_again = svc.checklist_item_save(
        template=written,
        item=saved,
        section=saved.section,
        code=saved.code,
        text="再改",
        weight=10,
        answer_type=saved.answer_type,
        critical=True,
        severity=Severity.CRITICAL,
        acting_user=cast["stations"],
    )
    assert again == written and not revised_again


def test_switching_the_current_version_moves_planned_inspections_not_started(cast):
    item = ChecklistItemFactory()
    v1 = item.template
    done = InspectionFactory(template=v1, status=InspectionStatus.SUBMITTED)
    planned = InspectionFactory(template=v1, status=InspectionStatus.PLANNED)
    v2 = svc.checklist_revise(template=v1, acting_user=cast["stations"])

    moved = svc.checklist_make_current(template=v2, acting_user=cast["stations"])

    assert moved == 1
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v2.is_current and not v1.is_current
    assert Inspection.objects.get(pk=planned.pk).template == v2
    assert Inspection.objects.get(pk=done.pk).template == v1


def test_deleting_an_item_of_a_used_version_removes_it_from_the_next_only(cast):
    item = ChecklistItemFactory()
    ChecklistItemFactory(section=item.section)
    InspectionFactory(template=item.template)
    written, revised = svc.checklist_item_delete(
        template=item.template, item=item, acting_user=cast["stations"]
    )
    assert revised and written.items.count() == 1
    assert ChecklistItem.objects.filter(pk=item.pk).exists()


def test_an_empty_checklist_cannot_become_current(cast):
    section = ChecklistSectionFactory()
    with pytest.raises(ValidationError):
        svc.checklist_make_current(template=section.template, acting_user=cast["stations"])


def test_item_codes_are_unique_within_a_version(cast):
    item = ChecklistItemFactory(code="X01")
    with pytest.raises(ValidationError):
        svc.checklist_item_save(
            template=item.template,
            section=item.section,
            code="X01",
            text="重复",
            weight=1,
            answer_type="pass_fail",
            critical=False,
            severity=Severity.MINOR,
            acting_user=cast["stations"],
        )
