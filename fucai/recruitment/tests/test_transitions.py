"""The state table, tested from the table itself: every allowed step works through its
service, every other target is refused with code "invalid_transition"."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry, Notification
from fucai.recruitment import services
from fucai.recruitment.choices import ALLOWED_TRANSITIONS
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import ApplicationEvent, CallQuota

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

# Station codes follow the numbering rule (city prefix 3303 + a 4-digit serial).
_codes = iter(range(33_031_000, 33_039_999))


def prepared(status: str, cast, **extra):
    """An application sitting in ``status`` with what that status implies."""
    today = timezone.localdate()
    fields = {"status": status, "applicant": cast["applicant"]}
    if status != S.DRAFT:
        fields["submitted_at"] = timezone.now()
    if status == S.SURVEY_ASSIGNED:
        fields["surveyor"] = cast["inspector"]
    if status == S.IN_NOTICE:
        fields["notice_starts_on"] = today - datetime.timedelta(days=8)
        fields["notice_ends_on"] = today - datetime.timedelta(days=1)
    if status in (S.CONTRACT_SCHEDULED, S.CONTRACT_SIGNED):
        fields["contract_appointment_at"] = timezone.now()
        fields["contract_signed_on"] = today
    fields.update(extra)
    return ApplicationFactory(**fields)


def perform(application, target: str, cast):
    """Call the service that moves ``application`` to ``target``."""
    staff, applicant = cast["stations"], cast["applicant"]
    current = application.status
    if target == S.SUBMITTED and current == S.RETURNED:
        return services.application_resubmit(acting_user=applicant, application=application)
    calls = {
        S.SUBMITTED: lambda: services.application_submit(
            acting_user=applicant, application=application
        ),
        S.WITHDRAWN: lambda: services.application_withdraw(
            acting_user=applicant, application=application
        ),
        S.RETURNED: lambda: services.application_return_for_correction(
            acting_user=staff, application=application, reasons="身份证照片不清晰"
        ),
        S.ACCEPTED: lambda: services.application_accept(acting_user=staff, application=application),
        S.SURVEY_ASSIGNED: lambda: services.application_assign_survey(
            acting_user=staff, application=application, inspector=cast["inspector"]
        ),
        S.SURVEYED: lambda: services.application_record_survey(
            acting_user=cast["inspector"], application=application, findings="一楼临街门面"
        ),
        S.APPROVED_FOR_NOTICE: lambda: services.application_review(
            acting_user=staff, application=application, decision="approve", comment="符合条件"
        ),
        S.IN_NOTICE: lambda: services.application_start_notice(
            acting_user=staff, application=application
        ),
        S.NOTICE_PASSED: lambda: services.application_pass_notice(
            acting_user=staff, application=application
        ),
        S.APPROVED: lambda: services.application_approve(
            acting_user=staff, application=application
        ),
        S.REJECTED: lambda: services.application_reject(
            acting_user=staff, application=application, reason="不符合条件"
        ),
        S.CONTRACT_SCHEDULED: lambda: services.contract_schedule(
            acting_user=staff,
            application=application,
            appointment_at=timezone.now() + datetime.timedelta(days=2),
            place="市福彩中心三楼",
        ),
        S.CONTRACT_SIGNED: lambda: services.contract_sign(
            acting_user=staff, application=application
        ),
        S.STATION_CREATED: lambda: services.station_create_from_application(
            acting_user=staff,
            application=application,
            code=str(next(_codes)),
            contract_number=f"HT-{next(_codes)}",
        ),
    }
    return calls[target]()


# The draw moves a whole district at once; it is tested in test_draw.py. Nothing moves
# an application back into draft.
PER_APPLICATION = [s for s in S.values if s not in (S.DRAWN_WINNER, S.DRAWN_WAITLIST, S.DRAFT)]
ALLOWED = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in sorted(targets)]
FORBIDDEN = [(a, b) for a in S.values for b in PER_APPLICATION if b not in ALLOWED_TRANSITIONS[a]]


@pytest.mark.parametrize(("start", "target"), [t for t in ALLOWED if t[1] in PER_APPLICATION])
def test_every_allowed_transition_works_through_its_service(cast, start, target):
    application = prepared(start, cast)
    perform(application, target, cast)
    application.refresh_from_db()
    assert application.status == target
    event = application.events.get()
    assert (event.from_status, event.to_status) == (start, target)
    assert AuditEntry.objects.filter(
        action=AuditAction.TRANSITION, object_id=str(application.pk)
    ).exists()
    assert Notification.objects.filter(recipient=cast["applicant"], application=application)


@pytest.mark.parametrize(("start", "target"), FORBIDDEN)
def test_every_other_transition_is_refused(cast, start, target):
    application = prepared(start, cast)
    # A draft is not staff data at all (outside every staff scope), so a staff step on
    # it is refused as out of scope before its status is even considered.
    with pytest.raises(PermissionDenied if start == S.DRAFT else ValidationError) as error:
        perform(application, target, cast)
    if start != S.DRAFT:
        assert error.value.code == "invalid_transition"
    application.refresh_from_db()
    assert application.status == start
    assert not ApplicationEvent.objects.exists()


def test_the_table_covers_every_status_and_only_known_ones():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(S.values)


def test_return_for_correction_then_resubmit(cast):
    application = prepared(S.SUBMITTED, cast)
    services.application_return_for_correction(
        acting_user=cast["lucheng"], application=application, reasons="缺少租赁合同"
    )
    application.refresh_from_db()
    assert application.status == S.RETURNED and application.return_reasons == "缺少租赁合同"
    services.application_update(
        acting_user=cast["applicant"], application=application, experience="经营便利店十年"
    )
    services.application_resubmit(acting_user=cast["applicant"], application=application)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    steps = list(application.events.values_list("from_status", "to_status"))
    assert steps == [(S.SUBMITTED, S.RETURNED), (S.RETURNED, S.SUBMITTED)]


def test_a_returned_application_cannot_be_submitted_as_new(cast):
    application = prepared(S.RETURNED, cast)
    with pytest.raises(ValidationError) as error:
        services.application_submit(acting_user=cast["applicant"], application=application)
    assert error.value.code == "invalid_transition"


def test_submitting_needs_the_calls_documents(cast):
    call = CallFactory(required_documents=["id_card", "lease"])
    application = prepared(S.DRAFT, cast, call=call)
    with pytest.raises(ValidationError) as error:
        services.application_submit(acting_user=cast["applicant"], application=application)
    assert error.value.code == "documents_missing"


def test_submitting_needs_places_in_the_district(cast):
    call = CallFactory(quotas={"330381": 1})
    application = prepared(S.DRAFT, cast, call=call)
    with pytest.raises(ValidationError) as error:
        services.application_submit(acting_user=cast["applicant"], application=application)
    assert error.value.code == "no_places_in_region"


def test_returning_needs_reasons(cast):
    application = prepared(S.SUBMITTED, cast)
    with pytest.raises(ValidationError):
        services.application_return_for_correction(
            acting_user=cast["stations"], application=application, reasons="  "
        )


def test_rejection_needs_a_reason(cast):
    application = prepared(S.SURVEYED, cast)
    with pytest.raises(ValidationError):
        services.application_reject(
            acting_user=cast["stations"], application=application, reason=""
        )
    with pytest.raises(ValidationError):
        services.application_review(
            acting_user=cast["stations"], application=application, decision="reject"
        )


def test_the_notice_cannot_pass_early_or_with_an_open_objection(cast):
    application = prepared(S.APPROVED_FOR_NOTICE, cast)
    services.application_start_notice(acting_user=cast["stations"], application=application)
    application.refresh_from_db()
    assert application.notice_ends_on - application.notice_starts_on == datetime.timedelta(6)
    assert application.due_on == application.notice_starts_on + datetime.timedelta(7)
    with pytest.raises(ValidationError) as error:
        services.application_pass_notice(acting_user=cast["stations"], application=application)
    assert error.value.code == "notice_running"

    running = prepared(S.IN_NOTICE, cast)
    objection = services.objection_record(
        acting_user=cast["stations"], application=running, content="距离学校太近", raised_by="居民"
    )
    with pytest.raises(ValidationError) as error:
        services.application_pass_notice(acting_user=cast["stations"], application=running)
    assert error.value.code == "objection_pending"
    services.objection_resolve(
        acting_user=cast["stations"], objection=objection, upheld=False, resolution="经核实距离合规"
    )
    services.application_pass_notice(acting_user=cast["stations"], application=running)
    running.refresh_from_db()
    assert running.status == S.NOTICE_PASSED


def test_an_upheld_objection_rejects_the_application(cast):
    application = prepared(S.IN_NOTICE, cast)
    objection = services.objection_record(
        acting_user=cast["lucheng"], application=application, content="申请人为彩票机构工作人员"
    )
    services.objection_resolve(
        acting_user=cast["lucheng"], objection=objection, upheld=True, resolution="经查属实"
    )
    application.refresh_from_db()
    assert application.status == S.REJECTED and application.decision_reason == "经查属实"
    with pytest.raises(ValidationError) as error:
        services.objection_resolve(
            acting_user=cast["lucheng"], objection=objection, upheld=False, resolution="再议"
        )
    assert error.value.code == "already_resolved"


def test_approval_without_a_draw_is_refused_when_oversubscribed(cast):
    call = CallFactory(quotas={"330302": 1})
    first = prepared(S.NOTICE_PASSED, cast, call=call)
    prepared(S.NOTICE_PASSED, cast, call=call)
    with pytest.raises(ValidationError) as error:
        services.application_approve(acting_user=cast["stations"], application=first)
    assert error.value.code == "draw_required"
    CallQuota.objects.filter(call=call).update(quota=2)
    services.application_approve(acting_user=cast["stations"], application=first)


def test_a_survey_that_failed_a_condition_cannot_be_approved(cast):
    application = prepared(
        S.SURVEYED,
        cast,
        survey_check={
            "rules": [{"code": "area", "label": "面积", "passed": False}],
            "passed": False,
        },
    )
    with pytest.raises(ValidationError) as error:
        services.application_review(
            acting_user=cast["stations"], application=application, decision="approve"
        )
    assert error.value.code == "conditions_not_met"


def test_only_the_assigned_surveyor_records_the_survey(cast):
    from django.core.exceptions import PermissionDenied

    from fucai.core.tests.factories import UserFactory, branch

    other = UserFactory(username="inspector2", role="inspector", org_unit=branch("330302"))
    application = prepared(S.SURVEY_ASSIGNED, cast)
    with pytest.raises(PermissionDenied):
        services.application_record_survey(
            acting_user=other, application=application, findings="代签"
        )


def test_assignment_notifies_the_inspector_and_names_them_on_the_event(cast):
    application = prepared(S.ACCEPTED, cast)
    services.application_assign_survey(
        acting_user=cast["lucheng"], application=application, inspector=cast["inspector"]
    )
    event = application.events.get()
    assert event.handled_by == cast["inspector"]
    assert Notification.objects.filter(recipient=cast["inspector"], channel="in_app").exists()
    with pytest.raises(ValidationError):
        services.application_assign_survey(
            acting_user=cast["lucheng"],
            application=prepared(S.ACCEPTED, cast),
            inspector=cast["ruian"],
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_exactly_one_wins(cast):
    """Two reviewers accept the same application at the same moment: the row lock
    serializes them; the second sees "accepted" and is refused."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes whole transactions; the row lock is PostgreSQL's")
    application = prepared(S.SUBMITTED, cast)
    barrier = threading.Barrier(2)
    results = []

    def worker(user):
        from django.db import connections

        try:
            barrier.wait()
            services.application_accept(acting_user=user, application=application)
            results.append("ok")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(cast["stations"],)),
        threading.Thread(target=worker, args=(cast["lucheng"],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["invalid_transition", "ok"]
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    assert application.events.filter(to_status=S.ACCEPTED).count() == 1
