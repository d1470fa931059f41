"""Projects and budgets: create and edit (audited, scope, budget not below the money
already allocated), documents checked by content, category budgets."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.models import AuditEntry
from fucai.governance.tests.factories import image_bytes
from fucai.welfare import services
from fucai.welfare.choices import DocumentKind, FundCategory
from fucai.welfare.models import Budget

from .factories import charity_department, funded_project

pytestmark = pytest.mark.django_db


def test_charity_creates_and_edits_a_project(cast):
    project = services.project_create(
        acting_user=cast["charity"],
        name="助残项目",
        category=FundCategory.DISABLED,
        owner_unit=charity_department(),
        budget_fen=1_000_000,
        starts_on=datetime.date(2019, 1, 1),
    )
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="create").exists()
    project = services.project_update(
        acting_user=cast["charity"], project=project, version=project.version, budget_fen=2_000
    )
    assert project.budget_fen == 2_000
    with pytest.raises(PermissionDenied):
        services.project_update(acting_user=cast["finance"], project=project, budget_fen=5)


def test_the_budget_cannot_drop_below_the_allocated_money(cast):
    project = funded_project(cast, allocate_fen=5_000_000)
    with pytest.raises(ValidationError) as error:
        services.project_update(acting_user=cast["charity"], project=project, budget_fen=100)
    assert error.value.code == "budget_below_allocated"


def test_documents_are_checked_by_content(cast):
    project = funded_project(cast, allocate_fen=0)
    photo = services.project_document_add(
        acting_user=cast["charity"],
        project=project,
        kind=DocumentKind.PHOTO,
        title="慰问照片",
        file=SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg"),
    )
    assert photo.content_type == "image/jpeg"
    with pytest.raises(ValidationError):
        services.project_document_add(
            acting_user=cast["charity"],
            project=project,
            kind=DocumentKind.PHOTO,
            title="伪装",
            file=SimpleUploadedFile("a.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
        )


def test_a_category_budget_is_set_and_not_below_its_allocations(cast):
    funded_project(cast, retained_fen=10_000_000, allocate_fen=4_000_000)
    with pytest.raises(ValidationError):
        services.budget_set(
            acting_user=cast["finance"], year=2019, category=FundCategory.ELDERLY, amount_fen=1
        )
    budget = services.budget_set(
        acting_user=cast["finance"],
        year=2019,
        category=FundCategory.ELDERLY,
        amount_fen=4_000_000,
        note="压缩",
    )
    assert Budget.objects.get(pk=budget.pk).amount_fen == 4_000_000
    with pytest.raises(PermissionDenied):
        services.budget_set(
            acting_user=cast["charity"], year=2019, category=FundCategory.OTHER, amount_fen=1
        )
