"""Applicants reach only their own applications; staff only their districts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import Application

from .factories import ApplicantFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

APPLICANT_SERVICES = {
    "update": lambda u, a: services.application_update(
        acting_user=u, application=a, experience="x"
    ),
    "document": lambda u, a: services.application_document_add(
        acting_user=u, application=a, kind="id_card", file=SimpleUploadedFile("id.png", PNG)
    ),
    "submit": lambda u, a: services.application_submit(acting_user=u, application=a),
    "resubmit": lambda u, a: services.application_resubmit(acting_user=u, application=a),
    "withdraw": lambda u, a: services.application_withdraw(acting_user=u, application=a),
}

STAFF_SERVICES = {
    "return": (
        S.SUBMITTED,
        lambda u, a, c: services.application_return_for_correction(
            acting_user=u, application=a, reasons="补正"
        ),
    ),
    "accept": (
        S.SUBMITTED,
        lambda u, a, c: services.application_accept(acting_user=u, application=a),
    ),
    "assign": (
        S.ACCEPTED,
        lambda u, a, c: services.application_assign_survey(
            acting_user=u, application=a, inspector=c["inspector"]
        ),
    ),
    "review": (
        S.SURVEYED,
        lambda u, a, c: services.application_review(
            acting_user=u, application=a, decision="approve"
        ),
    ),
    "notice": (
        S.APPROVED_FOR_NOTICE,
        lambda u, a, c: services.application_start_notice(acting_user=u, application=a),
    ),
    "objection": (
        S.IN_NOTICE,
        lambda u, a, c: services.objection_record(acting_user=u, application=a, content="异议"),
    ),
    "pass": (
        S.IN_NOTICE,
        lambda u, a, c: services.application_pass_notice(acting_user=u, application=a),
    ),
    "approve": (
        S.DRAWN_WINNER,
        lambda u, a, c: services.application_approve(acting_user=u, application=a),
    ),
    "reject": (
        S.SUBMITTED,
        lambda u, a, c: services.application_reject(acting_user=u, application=a, reason="否"),
    ),
    "schedule": (
        S.APPROVED,
        lambda u, a, c: services.contract_schedule(
            acting_user=u,
            application=a,
            appointment_at=timezone.now() + datetime.timedelta(days=1),
            place="中心",
        ),
    ),
    "sign": (
        S.CONTRACT_SCHEDULED,
        lambda u, a, c: services.contract_sign(acting_user=u, application=a),
    ),
    "station": (
        S.CONTRACT_SIGNED,
        lambda u, a, c: services.station_create_from_application(
            acting_user=u, application=a, code="33038801", contract_number="HT-1"
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(APPLICANT_SERVICES))
@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_another_applicant_gets_404_on_every_applicant_service(cast, media, name, status):
    application = ApplicationFactory(applicant=cast["applicant"], status=status)
    with pytest.raises(Http404):
        APPLICANT_SERVICES[name](ApplicantFactory(), application)
    application.refresh_from_db()
    assert application.status == status and not application.events.exists()


@pytest.mark.parametrize("name", sorted(APPLICANT_SERVICES))
def test_staff_cannot_act_as_the_applicant(cast, media, name):
    application = ApplicationFactory(applicant=cast["applicant"], status=S.DRAFT)
    with pytest.raises(Http404):
        APPLICANT_SERVICES[name](cast["stations"], application)


@pytest.mark.parametrize("name", sorted(STAFF_SERVICES))
def test_a_branch_user_outside_the_district_is_refused(cast, name):
    status, call = STAFF_SERVICES[name]
    application = ApplicationFactory(
        status=status,
        region=region("330302"),
        surveyor=cast["inspector"],
        notice_ends_on=datetime.date(2019, 1, 1),
        submitted_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        call(cast["ruian"], application, cast)
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize("name", sorted(STAFF_SERVICES))
def test_applicants_and_roles_without_permission_are_refused(cast, name):
    status, call = STAFF_SERVICES[name]
    application = ApplicationFactory(status=status, applicant=cast["applicant"])
    for role in ("applicant", "leader", "finance", "owner", "outsider"):
        with pytest.raises(PermissionDenied):
            call(cast[role], application, cast)


def test_the_district_branch_may_act_in_its_own_district(cast):
    application = ApplicationFactory(status=S.SUBMITTED, region=region("330302"))
    services.application_accept(acting_user=cast["lucheng"], application=application)
    application.refresh_from_db()
    assert application.status == S.ACCEPTED


def test_visible_to_gives_applicants_their_own_and_branches_their_districts(cast):
    # Submitted: staff never see drafts (test_scope.py).
    mine = ApplicationFactory(
        applicant=cast["applicant"], region=region("330381"), status=S.SUBMITTED
    )
    theirs = ApplicationFactory(region=region("330302"), status=S.SUBMITTED)
    assert list(Application.objects.visible_to(cast["applicant"])) == [mine]
    assert list(Application.objects.visible_to(cast["lucheng"])) == [theirs]
    assert list(Application.objects.visible_to(cast["ruian"])) == [mine]
    assert Application.objects.visible_to(cast["stations"]).count() == 2
    assert not Application.objects.visible_to(cast["owner"]).exists()
    assert not Application.objects.visible_to(cast["outsider"]).exists()


def test_only_applicants_can_start_an_application(cast):
    call = CallFactory()
    fields = {
        "name": "王五",
        "id_number": "330302199001011233",
        "phone": "13900000001",
        "education": "high_school",
        "address": "鹿城区解放街1号",
        "region": region("330302"),
        "latitude": Decimal("27.99"),
        "longitude": Decimal("120.65"),
        "area": Decimal("20"),
        "tenure": "owned",
        "intended_class": "dedicated",
    }
    with pytest.raises(PermissionDenied):
        services.application_create(acting_user=cast["stations"], call=call, **fields)
