"""The public portal: pages anyone can read, with no personal data on them, and the
applicant's own area, where any other applicant's application is a 404."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.core.validators import make_id_number
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import Application, Objection
from fucai.recruitment.tests.factories import (
    LAT,
    LNG,
    ApplicantFactory,
    ApplicationFactory,
    CallFactory,
    SchoolFactory,
)
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID_NUMBER = make_id_number("330302", datetime.date(1985, 4, 12), 123)


def _form_data(**overrides) -> dict:
    data = {
        "name": "陈明",
        "id_number": ID_NUMBER,
        "education": "college",
        "phone": "13800001234",
        "email": "",
        "region": "330302",
        "address": "鹿城区五马街88号",
        "latitude": str(LAT),
        "longitude": str(LNG),
        "area": "32.5",
        "tenure": "owned",
        "intended_class": "dedicated",
        "experience": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def call(db):
    return CallFactory(required_documents=["id_card"])


@pytest.fixture
def in_notice(call):
    return ApplicationFactory(
        call=call,
        name="张三丰",
        address="鹿城区五马街88号2楼",
        status=S.IN_NOTICE,
        notice_starts_on=timezone.localdate(),
        notice_ends_on=timezone.localdate() + datetime.timedelta(days=6),
    )


def test_public_pages_answer_without_an_account(client, call, in_notice):
    for name, args in [
        ("portal:home", []),
        ("portal:call_list", []),
        ("portal:call_detail", [call.pk]),
        ("portal:notices", []),
        ("portal:draws", []),
        ("portal:track", []),
        ("portal:sign_in", []),
        ("portal:sign_up", []),
        ("portal:objection", [in_notice.tracking_code]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_the_call_page_shows_conditions_places_and_documents(client, call):
    ApplicationFactory(call=call, status=S.APPROVED)
    body = client.get(reverse("portal:call_detail", args=[call.pk])).content.decode()
    assert "18" in body and "60" in body
    quotas = re.search(r'data-testid="quotas".*?</table>', body, re.S).group(0)
    # 鹿城: 2 places, one held by an approved application.
    assert re.search(r">2</td><td[^>]*>1</td>", quotas)


def test_a_draft_call_is_not_public(client):
    draft = CallFactory(status="draft")
    assert client.get(reverse("portal:call_detail", args=[draft.pk])).status_code == 404


def test_notices_mask_the_name_and_hide_the_house_number_id_and_phone(client, in_notice):
    body = client.get(reverse("portal:notices")).content.decode()
    assert "张**" in body and "张三丰" not in body
    assert "鹿城区五马街" in body and "88号" not in body
    assert in_notice.id_number not in body and in_notice.phone not in body
    assert in_notice.id_number[-4:] not in body


def test_anyone_can_object_during_the_notice(client, in_notice, cast):
    url = reverse("portal:objection", args=[in_notice.tracking_code])
    response = client.post(
        url, {"raised_by": "王五", "contact": "13900000000", "content": "该门店距离学校太近"}
    )
    assert response.status_code == 302
    objection = Objection.objects.get(application=in_notice)
    assert objection.raised_by.startswith("王五") and objection.upheld is None
    assert objection.recorded_by is None
    # Reviewers in scope hear about it; the 瑞安 branch does not.
    assert cast["lucheng"].notifications.filter(application=in_notice).exists()
    assert not cast["ruian"].notifications.exists()


def test_an_objection_needs_the_application_to_be_in_notice(client, call):
    draft = ApplicationFactory(call=call)
    url = reverse("portal:objection", args=[draft.tracking_code])
    assert client.get(url).status_code == 404


def test_track_shows_progress_but_no_personal_data(client, call, cast):
    application = ApplicationFactory(call=call, name="李四光", applicant=cast["applicant"])
    services.application_document_add(
        acting_user=cast["applicant"],
        application=application,
        kind="id_card",
        file=SimpleUploadedFile("id.png", PNG),
    )
    services.application_submit(acting_user=cast["applicant"], application=application)
    response = client.get(reverse("portal:track"), {"code": application.tracking_code.lower()})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="track-result"' in body
    assert "李" not in body and application.address not in body
    assert application.phone not in body
    assert client.get(reverse("portal:track"), {"code": "ZZZZZZZZZZ"}).status_code == 404


def test_map_points_give_coordinates_and_kind_only(client):
    StationFactory(region=region("330302"), latitude=LAT, longitude=LNG, status="active")
    SchoolFactory()
    data = client.get(reverse("portal:map_points"), {"lat": str(LAT), "lng": str(LNG)}).json()
    assert data["stations"] == [[float(LNG), float(LAT), "computer"]]
    assert data["schools"] == [[float(LNG), float(LAT)]]
    assert client.get(reverse("portal:map_points"), {"lat": "x"}).status_code == 400


def test_the_draw_page_verifies_the_draw(client, call, cast):
    apps = [
        ApplicationFactory(call=call, region=region("330381"), status=S.NOTICE_PASSED)
        for _ in range(3)
    ]
    draw = services.draw_run(
        acting_user=cast["stations"], call=call, region=region("330381"), seed="20191101"
    )
    body = client.get(reverse("portal:draw_detail", args=[draw.pk]), {"verify": "1"})
    text = body.content.decode()
    assert 'data-testid="verified"' in text and "alert-success" in text
    for application in apps:
        assert application.tracking_code in text and application.name not in text


# The applicant's area ----------------------------------------------------------


def test_the_applicant_area_needs_a_sign_in(client, call):
    response = client.get(reverse("portal:my_applications"))
    assert response.status_code == 302 and reverse("portal:sign_in") in response["Location"]


def test_staff_cannot_use_the_applicant_area(client, cast):
    client.force_login(cast["stations"])
    assert client.get(reverse("portal:my_applications")).status_code == 403


def test_sign_up_and_sign_in_with_a_one_time_code(client, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms",
        lambda self, phone, body: sent.append(body),
    )
    settings.DEBUG = False
    response = client.post(
        reverse("portal:otp_send"), {"phone": "13912345678", "purpose": "sign_up"}, follow=True
    )
    code = re.search(r"\d{6}", sent[-1]).group(0)
    assert code not in response.content.decode()  # never shown when DEBUG is off
    response = client.post(
        reverse("portal:sign_up"),
        {"phone": "13912345678", "code": code, "name": "赵六", "password": "lottery-2019!"},
    )
    assert response.status_code == 302
    client.post(reverse("portal:sign_out"))
    # Sign in again with a new code (the minimum interval is waived by moving time).
    from fucai.recruitment.models import PhoneVerification

    PhoneVerification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    settings.DEBUG = True
    response = client.post(
        reverse("portal:otp_send"), {"phone": "13912345678", "purpose": "sign_in"}, follow=True
    )
    code = re.search(r"\d{6}", sent[-1]).group(0)
    assert code in response.content.decode()  # shown in development only
    response = client.post(reverse("portal:sign_in"), {"phone": "13912345678", "code": code})
    assert response.status_code == 302
    assert client.get(reverse("portal:my_applications")).status_code == 200


def test_the_code_request_is_rate_limited_and_says_so(client):
    client.post(reverse("portal:otp_send"), {"phone": "13912345678"})
    response = client.post(reverse("portal:otp_send"), {"phone": "13912345678"}, follow=True)
    assert 'data-testid="flash-error"' in response.content.decode()


def test_a_wrong_code_does_not_sign_in(client):
    ApplicantFactory()
    client.post(reverse("portal:otp_send"), {"phone": "13912345678", "purpose": "sign_up"})
    response = client.post(
        reverse("portal:sign_up"),
        {"phone": "13912345678", "code": "000000", "name": "赵六", "password": "lottery-2019!"},
    )
    assert response.status_code == 400


def test_apply_upload_submit_and_follow(client, call, cast, media):
    client.force_login(cast["applicant"])
    response = client.post(reverse("portal:apply", args=[call.pk]), _form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(applicant=cast["applicant"])
    assert application.status == S.DRAFT and application.area == Decimal("32.50")
    code = application.tracking_code
    # Submitting without the required document is refused with the reason.
    response = client.post(reverse("portal:application_submit", args=[code]), follow=True)
    assert 'data-testid="flash-error"' in response.content.decode()
    response = client.post(
        reverse("portal:document_add", args=[code]),
        {"kind": "id_card", "file": SimpleUploadedFile("id.png", PNG, "image/png")},
    )
    assert response.status_code == 302
    response = client.post(reverse("portal:application_submit", args=[code]))
    assert response["Location"] == reverse("portal:receipt", args=[code])
    receipt = client.get(response["Location"]).content.decode()
    assert code in receipt
    status = client.get(reverse("portal:application", args=[code])).content.decode()
    assert 'data-testid="timeline-step"' in status


def test_html_disguised_as_a_jpeg_is_refused(client, call, cast, media):
    client.force_login(cast["applicant"])
    application = ApplicationFactory(call=call, applicant=cast["applicant"])
    response = client.post(
        reverse("portal:document_add", args=[application.tracking_code]),
        {
            "kind": "id_card",
            "file": SimpleUploadedFile("photo.jpg", b"<html><script>x</script>", "image/jpeg"),
        },
    )
    assert response.status_code == 400
    assert 'data-testid="upload-error"' in response.content.decode()
    assert not application.documents.exists()


def test_the_form_checks_the_id_number_age_and_map_point(client, call, cast):
    client.force_login(cast["applicant"])
    young = make_id_number("330302", timezone.localdate().replace(year=2010), 5)
    response = client.post(
        reverse("portal:apply", args=[call.pk]),
        _form_data(id_number=young, latitude="", longitude=""),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "id_number" in form.errors and form.non_field_errors()
    response = client.post(
        reverse("portal:apply", args=[call.pk]), _form_data(id_number="330302198504121230")
    )
    assert "id_number" in response.context["form"].errors


def test_a_returned_application_is_corrected_and_resubmitted(client, call, cast, media):
    applicant = cast["applicant"]
    application = ApplicationFactory(call=call, applicant=applicant)
    services.application_document_add(
        acting_user=applicant,
        application=application,
        kind="id_card",
        file=SimpleUploadedFile("id.png", PNG),
    )
    services.application_submit(acting_user=applicant, application=application)
    services.application_return_for_correction(
        acting_user=cast["lucheng"], application=application, reasons="面积证明不清晰"
    )
    client.force_login(applicant)
    code = application.tracking_code
    page = client.get(reverse("portal:application", args=[code])).content.decode()
    assert "面积证明不清晰" in page
    edit = client.get(reverse("portal:application_edit", args=[code]))
    assert edit.status_code == 200 and application.id_number not in edit.content.decode()
    data = _form_data(id_number="", phone=application.phone_masked, area="40")
    assert client.post(reverse("portal:application_edit", args=[code]), data).status_code == 302
    application.refresh_from_db()
    assert application.area == Decimal("40.00") and application.phone.startswith("139")
    response = client.post(reverse("portal:application_submit", args=[code]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_another_applicants_application_is_a_404_everywhere(client, call, cast):
    other = ApplicationFactory(call=call)
    client.force_login(cast["applicant"])
    code = other.tracking_code
    for name, method in [
        ("portal:application", "get"),
        ("portal:application_edit", "get"),
        ("portal:application_edit", "post"),
        ("portal:document_add", "post"),
        ("portal:application_submit", "post"),
        ("portal:receipt", "get"),
        ("portal:application_withdraw", "post"),
    ]:
        response = getattr(client, method)(reverse(name, args=[code]))
        assert response.status_code == 404, name
    other.refresh_from_db()
    assert other.status == S.DRAFT


def test_my_applications_lists_only_mine(client, call, cast):
    mine = ApplicationFactory(call=call, applicant=cast["applicant"])
    other = ApplicationFactory(call=call)
    client.force_login(cast["applicant"])
    body = client.get(reverse("portal:my_applications")).content.decode()
    assert mine.tracking_code in body and other.tracking_code not in body


def test_every_form_carries_a_csrf_token(client, call, in_notice, cast):
    for url in [
        reverse("portal:sign_in"),
        reverse("portal:sign_up"),
        reverse("portal:objection", args=[in_notice.tracking_code]),
    ]:
        body = client.get(url).content.decode()
        assert body.count('<form method="post"') == body.count("csrfmiddlewaretoken") or (
            "csrfmiddlewaretoken" in body
        )
