"""Checklist templates: create, edit, revise and switch the current version.

A version that inspections used is never edited: an edit of its sections or items first
copies it to the next version (not current until a manager switches it on), so past
results keep the items, weights and answer types they were scored against. Switching a
version on moves the planned inspections not yet started to it; started and submitted
ones keep theirs.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction

from ..choices import InspectionStatus, Severity
from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate, Inspection


def _lock_versions(code: str) -> None:
    """Serialize writes to the versions of one checklist (a revise and a switch racing)."""
    list(ChecklistTemplate.objects.select_for_update().filter(code=code).values_list("pk"))


def is_used(template: ChecklistTemplate) -> bool:
    return Inspection.objects.filter(template=template).exists()


@transaction.atomic
def checklist_create(
    *, code: str, kind: str, name: str, description: str = "", acting_user
) -> ChecklistTemplate:
    """A new checklist, version 1, current."""
    if ChecklistTemplate.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A checklist with this code exists already.")})
    template = ChecklistTemplate(
        code=code,
        version=1,
        kind=kind,
        name=name,
        description=description,
        is_current=True,
        created_by=acting_user,
    )
    template.full_clean()
    template.save()
    audit.record_create(actor=acting_user, obj=template)
    return template


@transaction.atomic
def checklist_update(
    *, template: ChecklistTemplate, name: str, description: str, acting_user
) -> ChecklistTemplate:
    """Rename or re-describe a version in place: neither changes how it scores."""
    before = audit.snapshot(template)
    template.name, template.description = name, description
    template.full_clean()
    template.save(update_fields=["name", "description"])
    changes = audit.diff(ChecklistTemplate, before, audit.snapshot(template))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=template, changes=changes)
    return template


def _copy(template: ChecklistTemplate, acting_user) -> tuple[ChecklistTemplate, dict, dict]:
    """The next version of ``template``'s checklist as a copy of it (not current), with
    old → new maps of section and item ids."""
    last = ChecklistTemplate.objects.filter(code=template.code).aggregate(v=Max("version"))["v"]
    copy = ChecklistTemplate(
        code=template.code,
        version=last + 1,
        kind=template.kind,
        name=template.name,
        description=template.description,
        is_current=False,
        created_by=acting_user,
    )
    copy.full_clean()
    copy.save()
    sections = {}
    for section in template.sections.all():
        sections[section.pk] = ChecklistSection.objects.create(
            template=copy, order=section.order, title=section.title
        )
    items = {}
    for item in template.items.all():
        new = ChecklistItem.objects.create(
            template=copy,
            section=sections[item.section_id],
            order=item.order,
            code=item.code,
            text=item.text,
            guidance=item.guidance,
            weight=item.weight,
            answer_type=item.answer_type,
            critical=item.critical,
            severity=item.severity,
        )
        items[item.pk] = new
    audit.record_create(
        actor=acting_user,
        obj=copy,
        comment=str(_("Revision of version %(version)s") % {"version": template.version}),
    )
    return copy, sections, items


@transaction.atomic
def checklist_revise(*, template: ChecklistTemplate, acting_user) -> ChecklistTemplate:
    """A new version copied from ``template``, not current yet."""
    _lock_versions(template.code)
    copy, _sections, _items = _copy(template, acting_user)
    return copy


def _editable(template, acting_user, *, section=None, item=None):
    """The version to write to, and ``section``/``item`` as found in it: ``template``
    itself while no inspection used it, else its copy as the next version."""
    _lock_versions(template.code)
    if not is_used(template):
        return template, section, item, False
    copy, sections, items = _copy(template, acting_user)
    return (
        copy,
        sections.get(section.pk) if section is not None else None,
        items.get(item.pk) if item is not None else None,
        True,
    )


@transaction.atomic
def checklist_section_save(
    *,
    template: ChecklistTemplate,
    title: str,
    order: int,
    section: ChecklistSection | None = None,
    acting_user,
) -> tuple[ChecklistTemplate, ChecklistSection, bool]:
    """Add or edit a section. Returns the version written to, the section, and whether
    a new version was made."""
    template, section, _item, revised = _editable(template, acting_user, section=section)
    creating = section is None
    before = {} if creating else audit.snapshot(section)
    section = section or ChecklistSection(template=template)
    section.title, section.order = title, order
    section.full_clean()
    section.save()
    if creating:
        audit.record_create(actor=acting_user, obj=section)
    else:
        changes = audit.diff(ChecklistSection, before, audit.snapshot(section))
        if changes:
            audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=section, changes=changes)
    return template, section, revised


@transaction.atomic
def checklist_item_save(
    *,
    template: ChecklistTemplate,
    section: ChecklistSection,
    code: str,
    text: str,
    weight: int,
    answer_type: str,
    critical: bool,
    severity: str,
    order: int = 0,
    guidance: str = "",
    item: ChecklistItem | None = None,
    acting_user,
) -> tuple[ChecklistTemplate, ChecklistItem, bool]:
    """Add or edit an item. A critical item's failure is always of critical severity.
    Returns the version written to, the item, and whether a new version was made."""
    if section.template_id != template.pk:
        raise ValidationError({"section": _("This section belongs to another checklist.")})
    if item is not None and item.template_id != template.pk:
        raise ValidationError(_("This item belongs to another checklist."))
    template, section, item, revised = _editable(template, acting_user, section=section, item=item)
    if (
        ChecklistItem.objects.filter(template=template, code=code)
        .exclude(pk=getattr(item, "pk", None))
        .exists()
    ):
        raise ValidationError({"code": _("Another item of this checklist has this code.")})
    creating = item is None
    before = {} if creating else audit.snapshot(item)
    item = item or ChecklistItem(template=template)
    item.section = section
    item.code, item.text, item.guidance = code, text, guidance
    item.weight, item.answer_type, item.order = weight, answer_type, order
    item.critical = critical
    item.severity = Severity.CRITICAL if critical else severity
    item.full_clean()
    item.save()
    if creating:
        audit.record_create(actor=acting_user, obj=item)
    else:
        changes = audit.diff(ChecklistItem, before, audit.snapshot(item))
        if changes:
            audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=item, changes=changes)
    return template, item, revised


@transaction.atomic
def checklist_item_delete(
    *, template: ChecklistTemplate, item: ChecklistItem, acting_user
) -> tuple[ChecklistTemplate, bool]:
    """Remove an item (from the next version when this one was used)."""
    if item.template_id != template.pk:
        raise ValidationError(_("This item belongs to another checklist."))
    template, _section, item, revised = _editable(template, acting_user, item=item)
    audit.record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=item,
        changes=audit.diff(ChecklistItem, audit.snapshot(item), {}),
    )
    item.delete()
    return template, revised


@transaction.atomic
def checklist_make_current(*, template: ChecklistTemplate, acting_user) -> int:
    """Make ``template`` the current version of its checklist. Planned inspections of
    other versions of it that have not started move to it (returns how many)."""
    _lock_versions(template.code)
    if not template.items.exists():
        raise ValidationError(_("A checklist without items cannot be made current."))
    others = ChecklistTemplate.objects.filter(code=template.code).exclude(pk=template.pk)
    previous = list(others.filter(is_current=True))
    others.update(is_current=False)
    if not template.is_current:
        template.is_current = True
        template.save(update_fields=["is_current"])
    moved = Inspection.objects.filter(
        template__code=template.code,
        status=InspectionStatus.PLANNED,
        answers__isnull=True,
    ).exclude(template=template)
    moved_count = Inspection.objects.filter(pk__in=list(moved.values_list("pk", flat=True))).update(
        template=template
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=template,
        changes={
            "is_current": {
                "label": str(ChecklistTemplate._meta.get_field("is_current").verbose_name),
                "old": ", ".join(f"v{t.version}" for t in previous) or None,
                "new": f"v{template.version}",
            }
        },
        comment=str(
            _("%(count)s planned inspections moved to this version.") % {"count": moved_count}
        ),
    )
    return moved_count
