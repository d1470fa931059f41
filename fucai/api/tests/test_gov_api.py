"""The government service platform's API: applications submitted with its service
token under the portal's own checks, idempotent on its reference, their status read
back; the applicant found by the verified ID number, the same account the portal's
浙里办 sign-in reaches."""

import pytest
from django.test import Client

from fucai.core import crypto
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import id_number
from fucai.recruitment.choices import ApplicationStatus
from fucai.recruitment.models import ApplicantProfile, Application, GovIdentity, GovSubmission
from fucai.recruitment.services import applicant_from_gov_identity
from fucai.recruitment.tests.factories import ApplicantFactory, CallFactory

pytestmark = pytest.mark.django_db

TOKEN = "gov-platform-service-token-for-tests-0123456789"
URL = "/api/gov/applications"


@pytest.fixture(autouse=True)
def token(settings):
    settings.FUCAI_GOV_API_TOKENS = ["an-older-token-still-valid-for-rotation-xyz", TOKEN]


def _post(payload, token=TOKEN):
    return Client().post(
        URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _get(reference, token=TOKEN):
    return Client().get(f"{URL}/{reference}", HTTP_AUTHORIZATION=f"Bearer {token}")


def _payload(call, **overrides) -> dict:
    return {
        "reference": "ZJZW-2019-000123",
        "call_id": call.pk,
        "name": "李四",
        "id_number": id_number(333),
        "phone": "13957700123",
        "education": "high_school",
        "region": "330302",
        "address": "鹿城区五马街88号",
        "latitude": "27.994000",
        "longitude": "120.655000",
        "area": "32.50",
        "tenure": "owned",
        "intended_class": "dedicated",
        **overrides,
    }


def test_it_refuses_without_the_service_token():
    call = CallFactory()
    assert _post(_payload(call), token="wrong").status_code == 401
    assert Client().post(URL, _payload(call), content_type="application/json").status_code == 401
    assert _get("ZJZW-2019-000123", token="").status_code == 401
    assert not Application.objects.exists()


def test_a_submission_without_documents_due_is_submitted_at_once():
    call = CallFactory()
    response = _post(_payload(call))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == ApplicationStatus.SUBMITTED
    assert body["documents_missing"] == []
    application = Application.objects.get(tracking_code=body["tracking_code"])
    assert application.applicant.gov_identity.id_number == id_number(333)
    assert application.phone == "13957700123"
    assert AuditEntry.objects.filter(object_id=str(GovSubmission.objects.get().pk)).exists()
    assert AuditEntry.objects.filter(object_id=str(application.pk)).count() >= 2


def test_the_same_reference_again_creates_nothing():
    call = CallFactory()
    first = _post(_payload(call)).json()
    again = _post(_payload(call))
    assert again.status_code == 200
    assert again.json()["tracking_code"] == first["tracking_code"]
    assert Application.objects.count() == 1


def test_a_reference_reused_for_another_person_is_a_conflict():
    call = CallFactory()
    _post(_payload(call))
    response = _post(_payload(call, id_number=id_number(334)))
    assert response.status_code == 409
    assert "another application" in response.json()["detail"]


def test_it_checks_like_the_portal_form():
    call = CallFactory(min_age=18, max_age=30)
    response = _post(_payload(call, region="330381", tenure="leased", id_number=id_number(10)))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "id_number" in errors  # too old for this call
    assert "lease_ends_on" in errors
    bad = _post(_payload(CallFactory(), id_number="33030219800101123"))
    assert bad.status_code == 422 and "id_number" in bad.json()["errors"]
    assert not Application.objects.exists() and not GovIdentity.objects.exists()


def test_a_district_without_places_is_refused():
    call = CallFactory(quotas={"330302": 1})
    response = _post(_payload(call, region="330381"))
    assert response.status_code == 422
    assert "region" in response.json()["errors"]


def test_a_call_asking_for_documents_keeps_a_draft_for_the_applicant():
    call = CallFactory(required_documents=["id_card"])
    body = _post(_payload(call)).json()
    assert body["status"] == ApplicationStatus.DRAFT
    assert body["documents_missing"]
    # The person signing in through 浙里办 reaches the same account and application.
    user = applicant_from_gov_identity(id_number=id_number(333), name="李四")
    assert Application.objects.of_applicant(user).get().tracking_code == body["tracking_code"]


def test_the_platform_reads_the_status_by_its_reference():
    call = CallFactory()
    _post(_payload(call))
    response = _get("ZJZW-2019-000123")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == ApplicationStatus.SUBMITTED
    assert [s["status"] for s in body["steps"]][-1] == ApplicationStatus.SUBMITTED
    missing = _get("ZJZW-NOPE")
    assert missing.status_code == 404 and missing.json()["detail"]


def test_an_unknown_or_closed_call_is_not_found():
    response = _post(_payload(CallFactory(status="draft")))
    assert response.status_code == 404


def test_the_contact_phone_does_not_join_someone_elses_account():
    owner = ApplicantFactory()
    ApplicantProfile.objects.create(
        user=owner, phone="13957700123", phone_digest=crypto.blind_index("13957700123")
    )
    body = _post(_payload(CallFactory())).json()
    application = Application.objects.get(tracking_code=body["tracking_code"])
    assert application.applicant != owner
    assert not Application.objects.of_applicant(owner).exists()
