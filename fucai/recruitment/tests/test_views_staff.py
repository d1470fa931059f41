"""The recruitment back office: queue, application page and its actions, documents,
calls, draws, schools, service times and notifications."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import region
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import Draw, RecruitmentCall, School

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def call(db):
    return CallFactory()


@pytest.fixture
def submitted(call, cast, media):
    application = ApplicationFactory(call=call, applicant=cast["applicant"], name="陈明亮")
    services.application_document_add(
        acting_user=cast["applicant"],
        application=application,
        kind="id_card",
        file=SimpleUploadedFile("id.png", PNG),
    )
    services.application_submit(acting_user=cast["applicant"], application=application)
    return application


def test_the_queue_shows_my_scope_masked_and_flags_overdue(client, cast, call, submitted):
    ruian = ApplicationFactory(call=call, region=region("330381"), status=S.SUBMITTED)
    late = ApplicationFactory(call=call, status=S.SUBMITTED, due_on=datetime.date(2019, 1, 2))
    client.force_login(cast["lucheng"])
    body = client.get(reverse("recruitment:queue")).content.decode()
    assert submitted.tracking_code in body and late.tracking_code in body
    assert ruian.tracking_code not in body
    assert "陈明亮" not in body and "陈**" in body
    assert body.count('data-testid="overdue"') == 1


def test_the_queue_filters_by_state_and_answers_htmx_with_the_table(client, cast, call, submitted):
    ApplicationFactory(call=call, status=S.ACCEPTED)
    client.force_login(cast["stations"])
    response = client.get(
        reverse("recruitment:application_list"), {"status": "accepted"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and submitted.tracking_code not in body
    assert body.count('data-testid="application-row"') == 1


def test_the_inspector_queue_holds_only_their_surveys(client, cast, call, submitted):
    services.application_accept(acting_user=cast["lucheng"], application=submitted)
    services.application_assign_survey(
        acting_user=cast["lucheng"], application=submitted, inspector=cast["inspector"]
    )
    ApplicationFactory(call=call, status=S.SUBMITTED)
    client.force_login(cast["inspector"])
    body = client.get(reverse("recruitment:queue")).content.decode()
    assert body.count('data-testid="application-row"') == 1 and submitted.tracking_code in body


def test_the_detail_page_masks_and_offers_the_allowed_actions(client, cast, submitted):
    client.force_login(cast["lucheng"])
    url = reverse("recruitment:application_detail", args=[submitted.tracking_code])
    body = client.get(url).content.decode()
    assert submitted.id_number not in body and submitted.id_number_masked in body
    for action in ("return", "accept", "reject"):
        assert f'data-testid="action-{action}"' in body
    assert 'data-testid="action-approve"' not in body
    assert f'hx-get="/recruitment/applications/{submitted.tracking_code}/accept/"' in body
    assert 'id="map-data"' in body


def test_revealing_the_identity_is_audited(client, cast, submitted):
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("recruitment:application_reveal", args=[submitted.tracking_code])
    )
    assert submitted.id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action=AuditAction.REVEAL, actor=cast["lucheng"]).exists()


def test_documents_are_downloads_never_inline(client, cast, submitted):
    document = submitted.documents.get()
    client.force_login(cast["lucheng"])
    response = client.get(
        reverse("recruitment:document_download", args=[submitted.tracking_code, document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    client.force_login(cast["ruian"])
    response = client.get(
        reverse("recruitment:document_download", args=[submitted.tracking_code, document.pk])
    )
    assert response.status_code == 404


def test_return_in_the_modal_shows_errors_then_redirects(client, cast, submitted):
    client.force_login(cast["lucheng"])
    url = reverse("recruitment:action_return", args=[submitted.tracking_code])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(url, {"reasons": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    response = client.post(url, {"reasons": "请补充租赁合同"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"].endswith(
        f"/{submitted.tracking_code}/"
    )
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED and submitted.return_reasons == "请补充租赁合同"


def test_a_wrong_transition_is_a_form_error_not_a_500(client, cast, submitted):
    client.force_login(cast["stations"])
    url = reverse("recruitment:action_approve", args=[submitted.tracking_code])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 400


def test_the_whole_staff_flow_through_the_views(client, cast, submitted):
    code = submitted.tracking_code

    def act(user, name, data=None):
        client.force_login(cast[user])
        response = client.post(reverse(f"recruitment:action_{name}", args=[code]), data or {})
        assert response.status_code == 302, (name, response.content.decode()[:3000])

    act("lucheng", "accept")
    act("lucheng", "assign_survey", {"inspector": cast["inspector"].pk})
    client.force_login(cast["inspector"])
    response = client.post(
        reverse("recruitment:action_record_survey", args=[code]),
        {"findings": "临街一楼", "photos": SimpleUploadedFile("p.png", PNG, "image/png")},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    act("lucheng", "review", {"decision": "approve"})
    act("lucheng", "start_notice", {"starts_on": "2019-01-07"})
    submitted.refresh_from_db()
    objection = services.objection_record(
        acting_user=None, application=submitted, content="有异议", raised_by="路人"
    )
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("recruitment:objection_resolve", args=[code, objection.pk]),
        {"upheld": "0", "resolution": "经核实不成立"},
    )
    assert response.status_code == 302
    act("lucheng", "pass_notice")
    act("lucheng", "approve")
    when = timezone.localtime() + datetime.timedelta(days=2)
    act("lucheng", "schedule", {"appointment_at": when.strftime("%Y-%m-%dT%H:%M"), "place": "中心"})
    act("lucheng", "sign")
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("recruitment:action_station", args=[code]),
        {"code": "33039901", "contract_number": "WZ-2019-1"},
    )
    assert response.status_code == 302 and response["Location"] == "/stations/33039901/"
    submitted.refresh_from_db()
    assert submitted.status == S.STATION_CREATED
    assert submitted.documents.filter(kind="photos").count() == 1
    page = client.get(reverse("recruitment:application_detail", args=[code])).content.decode()
    assert 'data-testid="station-link"' in page and 'data-testid="survey-check"' in page


def test_call_create_edit_publish_close(client, cast):
    client.force_login(cast["stations"])
    data = {
        "title": "2020年公开征召",
        "body": "",
        "opens_on": "2019-01-01",
        "closes_on": "",
        "min_age": 18,
        "max_age": 55,
        "min_education": "high_school",
        "min_area_dedicated": "10",
        "min_area_combined": "20",
        "min_area_flagship": "60",
        "min_distance_station_m": 150,
        "min_distance_combined_m": 300,
        "min_distance_school_m": 200,
        "residency_rule": "",
        "notice_days": 7,
        "deposit_fen": 2000000,
        "contract_years": 3,
        "required_documents": ["id_card", "premises_proof"],
        "sla_days": '{"submitted": 2}',
        "quota_330302": 3,
        "quota_330381": 1,
    }
    response = client.post(reverse("recruitment:call_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    call = RecruitmentCall.objects.get(title="2020年公开征召")
    assert call.sla_days == {"submitted": 2} and call.quotas.count() == 2
    assert client.get(reverse("recruitment:call_edit", args=[call.pk])).status_code == 200
    client.post(reverse("recruitment:call_publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == "published"
    response = client.post(
        reverse("recruitment:call_edit", args=[call.pk]), {**data, "title": "改名"}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "改名" and call.max_age == 55
    client.post(reverse("recruitment:call_close", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == "closed"


def test_the_draw_view_runs_a_draw(client, cast, call):
    for _ in range(3):
        ApplicationFactory(call=call, region=region("330381"), status=S.NOTICE_PASSED)
    client.force_login(cast["ruian"])
    response = client.post(
        reverse("recruitment:draw_run"), {"call": call.pk, "region": "330381", "seed": "x1"}
    )
    draw = Draw.objects.get()
    assert response["Location"] == reverse("portal:draw_detail", args=[draw.pk])
    assert len(draw.winners) == 1
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("recruitment:draw_run"), {"call": call.pk, "region": "330381", "seed": "x1"}
    )
    assert response.status_code == 400  # 瑞安 is not in 鹿城's choices


def test_school_import_and_list(client, cast):
    client.force_login(cast["stations"])
    csv = "名称,区县代码,纬度,经度\n五马小学,330302,27.99,120.65\n".encode()
    response = client.post(
        reverse("recruitment:school_import"), {"file": SimpleUploadedFile("s.csv", csv)}
    )
    assert response.status_code == 302 and School.objects.count() == 1
    bad = "名称,区县代码,纬度,经度\n坏,999999,x,y\n".encode()
    response = client.post(
        reverse("recruitment:school_import"), {"file": SimpleUploadedFile("s.csv", bad)}
    )
    assert response.status_code == 400 and School.objects.count() == 1
    assert "五马小学" in client.get(reverse("recruitment:school_list")).content.decode()


def test_sla_page_and_notifications(client, cast, submitted):
    services.application_accept(acting_user=cast["lucheng"], application=submitted)
    client.force_login(cast["stations"])
    body = client.get(reverse("recruitment:sla"), {"call": str(submitted.call_id)})
    assert body.status_code == 200 and 'data-testid="sla-table"' in body.content.decode()
    services.application_assign_survey(
        acting_user=cast["lucheng"], application=submitted, inspector=cast["inspector"]
    )
    client.force_login(cast["inspector"])
    body = client.get(reverse("core:notifications")).content.decode()
    assert 'data-testid="unread">1<' in body
    client.post(reverse("core:notifications"))
    body = client.get(reverse("core:notifications")).content.decode()
    assert 'data-testid="unread"' not in body


def test_leadership_reads_applications_but_acts_on_nothing(client, cast):
    application = ApplicationFactory(region=region("330302"), status=S.SUBMITTED)
    client.force_login(cast["leader"])
    response = client.get(reverse("recruitment:queue"))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:application_list")
    listing = client.get(reverse("recruitment:application_list"))
    assert application.tracking_code in listing.content.decode()
    detail = client.get(reverse("recruitment:application_detail", args=[application.tracking_code]))
    assert detail.status_code == 200
    assert detail.context["actions"] == []
    assert client.get(reverse("recruitment:sla")).status_code == 200
    action = reverse("recruitment:action_accept", args=[application.tracking_code])
    assert client.post(action).status_code == 403
