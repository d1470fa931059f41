"""Projects and budgets: creating and editing a project (its budget in fen), its
documents and photos (checked by content), the yearly budget of a category."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, IMAGES_AND_PDF, inspect_upload
from fucai.core.roles import MANAGE_LEDGER, MANAGE_PROJECTS
from fucai.core.services import ConcurrentUpdate, require

from ..choices import DocumentKind
from ..models import Budget, ProjectDocument, WelfareProject
from ..selectors.balances import project_money
from .movement_checks import category_allocated

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
EDITABLE = (
    "name",
    "category",
    "owner_unit",
    "region",
    "budget_fen",
    "partner",
    "starts_on",
    "ends_on",
    "status",
    "summary",
    "outcome",
    "public",
)


@transaction.atomic
def project_create(*, acting_user, **fields) -> WelfareProject:
    require(acting_user, MANAGE_PROJECTS)
    project = WelfareProject(**{k: v for k, v in fields.items() if k in EDITABLE})
    if project.region_id:
        scope.require_region(acting_user, project.region)
    project.full_clean()
    project.save()
    audit.record_create(actor=acting_user, obj=project)
    return project


@transaction.atomic
def project_update(
    *, acting_user, project: WelfareProject, version: int | None = None, **fields
) -> WelfareProject:
    """Change a project; its budget cannot drop below what it has already spent."""
    require(acting_user, MANAGE_PROJECTS)
    project = WelfareProject.objects.select_for_update().get(pk=project.pk)
    scope.require_in_scope(acting_user, project)
    if version is not None and version != project.version:
        raise ConcurrentUpdate()
    before = audit.snapshot(project)
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(project, name, value)
    money = project_money(project)
    if project.budget_fen < money["allocated_fen"]:
        raise ValidationError(
            _("The budget cannot be less than what is already allocated to the project."),
            code="budget_below_allocated",
        )
    project.full_clean()
    project.version += 1
    project.save()
    scope.require_in_scope(acting_user, project)
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=project,
        changes=audit.diff(WelfareProject, before, audit.snapshot(project)),
    )
    return project


@transaction.atomic
def project_document_add(
    *, acting_user, project: WelfareProject, kind: str, title: str, file
) -> ProjectDocument:
    """A document (image or PDF) or a photo (image) of a project, checked by content."""
    require(acting_user, MANAGE_PROJECTS)
    scope.require_in_scope(acting_user, project)
    allowed = IMAGES if kind == DocumentKind.PHOTO else IMAGES_AND_PDF
    detected = inspect_upload(file, max_bytes=MAX_DOCUMENT_BYTES, allowed=allowed)
    document = ProjectDocument(
        project=project,
        kind=kind,
        title=title,
        content_type=detected.content_type,
        uploaded_by=acting_user,
    )
    document.file.save(f"{detected.sha256[:16]}.{detected.extension}", file, save=False)
    document.full_clean()
    document.save()
    after = audit.snapshot(document, fields=["project", "kind", "title", "content_type"])
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=document,
        changes=audit.diff(ProjectDocument, {}, after),
        comment=detected.sha256,
    )
    return document


@transaction.atomic
def budget_set(*, acting_user, year: int, category: str, amount_fen: int, note: str = "") -> Budget:
    """Set a category's budget for a year; not below what is already allocated of it."""
    require(acting_user, MANAGE_LEDGER)
    used = category_allocated(year, category)
    if amount_fen < used:
        raise ValidationError(
            _("The budget cannot be less than the %(used)s yuan already allocated.")
            % {"used": f"{used / 100:,.2f}"},
            code="below_allocated",
        )
    budget = Budget.objects.select_for_update().filter(year=year, category=category).first()
    if budget is None:
        budget = Budget(year=year, category=category, amount_fen=amount_fen, note=note)
        budget.full_clean()
        budget.save()
        audit.record_create(actor=acting_user, obj=budget)
        return budget
    before = audit.snapshot(budget)
    budget.amount_fen, budget.note = amount_fen, note
    budget.full_clean()
    budget.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=budget,
        changes=audit.diff(Budget, before, audit.snapshot(budget)),
    )
    return budget
