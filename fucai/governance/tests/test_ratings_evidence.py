"""The owner's evidence photos after applying: added and removed (their own) while the
application waits for the district, refused after; the reviewers see them; each
change audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fucai.core import audit
from fucai.core.models import AuditEntry
from fucai.governance.models import StarEvidence
from fucai.governance.services import stars as services
from fucai.governance.tests.factories import png_upload

from .test_ratings_stars import _apply, _round

pytestmark = pytest.mark.django_db


def test_the_owner_adds_a_photo_after_applying_and_the_district_sees_it(cast, client):
    application = _apply(cast, _round(cast), photos=[])
    client.force_login(cast["owner"])
    url = reverse("governance:star_detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="evidence-form"' in page
    response = client.post(
        reverse("governance:star_evidence_add", args=[application.pk]),
        {"criterion": "premises", "photo": png_upload("门店.png")},
    )
    assert response.status_code == 302
    photo = StarEvidence.objects.get(application=application)
    assert photo.criterion == "premises" and photo.uploaded_by == cast["owner"]
    assert audit.history_for(photo).filter(action="create").exists()
    client.force_login(cast["lucheng"])
    page = client.get(url).content.decode()
    assert reverse("governance:star_photo", args=[application.pk, photo.pk]) in page
    assert 'data-testid="evidence-form"' not in page and "remove-photo" not in page


def test_a_bad_file_or_criterion_is_reported_not_saved(cast, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _apply(cast, _round(cast), photos=[])
    client.force_login(cast["owner"])
    url = reverse("governance:star_evidence_add", args=[application.pk])
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(url, {"criterion": "premises", "photo": fake}, follow=True)
    assert response.status_code == 200
    response = client.post(url, {"criterion": "nope", "photo": png_upload()}, follow=True)
    assert "nope" in response.content.decode()
    assert not StarEvidence.objects.exists()


def test_the_owner_removes_their_own_photo_before_the_review_only(cast, client):
    application = _apply(cast, _round(cast))
    photo = application.evidence.get()
    name = photo.file.name
    storage = photo.file.storage
    client.force_login(cast["owner"])
    url = reverse("governance:star_evidence_remove", args=[application.pk, photo.pk])
    # Someone else's photo (the city entered a paper application) stays.
    StarEvidence.objects.filter(pk=photo.pk).update(uploaded_by=cast["stations"])
    with pytest.raises(PermissionDenied):
        services.star_evidence_remove(acting_user=cast["owner"], photo=photo)
    StarEvidence.objects.filter(pk=photo.pk).update(uploaded_by=cast["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not StarEvidence.objects.exists()
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="delete", object_id=str(photo.pk)).exists()


def test_photos_are_fixed_once_the_district_reviewed(cast):
    application = _apply(cast, _round(cast))
    photo = application.evidence.get()
    services.star_district_review(
        acting_user=cast["lucheng"], application=application, approve=True
    )
    with pytest.raises(ValidationError):
        services.star_evidence_remove(acting_user=cast["owner"], photo=photo)
    with pytest.raises(ValidationError):
        services.star_evidence_add(
            acting_user=cast["owner"],
            application=application,
            criterion="premises",
            file=png_upload(),
        )
    assert StarEvidence.objects.count() == 1


def django_capture_on_commit_callbacks(execute):
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=execute)
