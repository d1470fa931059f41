"""The rectification and violation pages: list filters and Excel, the order's page and
the owner's reply with a photo, the inspector's decision, the owner's home, the PDF,
the penalty table."""

import datetime
import io
import re
import zlib

import openpyxl
import pytest
from django.urls import reverse

from fucai.core.models import Notification
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import RectificationStatus as S
from ..choices import Severity
from ..models import PenaltyRule, RectificationOrder, Violation
from .factories import RectificationOrderFactory, ViolationFactory, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(cast):
    return StationFactory(
        region=region("330302"), owner=StationOwnerFactory(user=cast["owner"]), name="五马站"
    )


@pytest.fixture
def orders(station):
    ruian = StationFactory(region=region("330381"), name="瑞安站")
    return [
        RectificationOrderFactory(station=station, severity=Severity.CRITICAL),
        RectificationOrderFactory(station=station, status=S.OVERDUE),
        RectificationOrderFactory(station=station, status=S.VERIFIED),
        RectificationOrderFactory(station=ruian, status=S.OVERDUE),
    ]


def _numbers(response) -> set[str]:
    body = response.content.decode()
    return {o.number for o in RectificationOrder.objects.all() if o.number in body}


def test_the_list_filters_and_is_scoped(client, cast, orders, django_assert_max_num_queries):
    client.force_login(cast["stations"])
    url = reverse("governance:rectifications")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert _numbers(response) == {o.number for o in orders}
    assert _numbers(client.get(url, {"status": "overdue"})) == {orders[1].number, orders[3].number}
    assert _numbers(client.get(url, {"region": "330381"})) == {orders[3].number}
    assert _numbers(client.get(url, {"severity": "critical"})) == {orders[0].number}
    assert _numbers(client.get(url, {"q": "瑞安"})) == {orders[3].number}
    window = {"deadline_from": "2019-06-18", "deadline_to": "2019-06-18"}
    assert len(_numbers(client.get(url, window))) == 4
    assert _numbers(client.get(url, {"deadline_from": "2019-06-19"})) == set()
    assert client.get(url, {"deadline_from": "notadate", "status": "bogus"}).status_code == 200
    client.force_login(cast["inspector"])
    assert _numbers(client.get(url)) == {o.number for o in orders[:3]}
    client.force_login(cast["owner"])
    assert _numbers(client.get(url)) == {o.number for o in orders[:3]}


def test_the_excel_export_follows_the_filters(client, cast, orders):
    client.force_login(cast["lucheng"])
    response = client.get(reverse("governance:rectifications"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 4  # header + the three 鹿城 orders
    assert {r[0] for r in rows[1:]} == {o.number for o in orders[:3]}
    assert "五马站" in {r[2] for r in rows[1:]}


def test_the_owner_replies_with_a_photo_and_the_inspector_verifies(client, cast, station):
    order = RectificationOrderFactory(station=station)
    client.force_login(cast["owner"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="/governance/rectifications/{order.pk}/"' in home
    page = client.get(reverse("governance:rectification_detail", args=[order.pk])).content.decode()
    assert 'data-testid="reply-form"' in page and 'data-testid="decision-form"' not in page
    url = reverse("governance:rectification_reply", args=[order.pk])
    response = client.post(url, {"text": "", "version": order.version})
    assert response.status_code == 400
    response = client.post(
        url, {"text": "已公示", "photos": [png_upload()], "version": order.version}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.REPLIED
    photo = order.replies.get().photos.get()
    image = client.get(reverse("governance:rectification_photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"

    client.force_login(cast["inspector"])
    page = client.get(reverse("governance:rectification_detail", args=[order.pk])).content.decode()
    assert 'data-testid="decision-form"' in page and 'data-testid="reply-photo"' in page
    decide = reverse("governance:rectification_decide", args=[order.pk])
    assert client.post(decide, {"decision": "reject", "comment": ""}).status_code == 400
    stale = client.post(decide, {"decision": "verify", "version": 1})
    assert stale.status_code == 400 and "Reload" not in stale.content.decode()
    assert client.post(decide, {"decision": "verify", "version": 2}).status_code == 302
    order.refresh_from_db()
    assert order.status == S.VERIFIED
    client.force_login(cast["owner"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert f"/governance/rectifications/{order.pk}/" not in home


def test_the_pdf_notice_has_cjk_text_and_the_photos(client, cast, station):
    order = RectificationOrderFactory(station=station, status=S.REPLIED)
    reply = order.replies.create(text="已整改", author=cast["owner"])
    from django.core.files.base import ContentFile

    from .factories import PNG_BYTES

    photo = reply.photos.model(reply=reply, content_type="image/png", size=len(PNG_BYTES))
    photo.file.save("p.png", ContentFile(PNG_BYTES), save=True)
    client.force_login(cast["lucheng"])
    response = client.get(reverse("governance:rectification_pdf", args=[order.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    content = _inflated(response.content)
    assert b"NotoSansCJK" in content or b"NotoSerifCJK" in content  # the CJK font embedded
    assert b"/Image" in content  # the reply's photo


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (names hide in object streams)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_notifications_page_lists_every_apps_messages(client, cast, station):
    RectificationOrderFactory(station=station)
    from ..services.rectifications import notify_owner_of_new_order

    notify_owner_of_new_order(RectificationOrder.objects.get())
    client.force_login(cast["owner"])
    body = client.get(reverse("core:notifications")).content.decode()
    assert "五马站" in body and 'data-testid="unread">1<' in body
    client.post(reverse("core:notifications"))
    assert not Notification.objects.filter(recipient=cast["owner"], read_at__isnull=True)


def test_recording_a_violation_on_the_page(client, cast, station):
    client.force_login(cast["lucheng"])
    url = reverse("governance:violation_create")
    assert client.get(url, {"station": station.code}).status_code == 200
    data = {
        "station": station.code,
        "violation_type": "credit",
        "source": "report",
        "source_reference": "JB-7",
        "occurred_on": "2019-05-02",
        "description": "赊账售彩",
        "rectification_severity": "major",
        "rectification_requirement": "停止赊销",
        "evidence": [png_upload()],
    }
    response = client.post(url, {**data, "station": "99999999"})
    assert response.status_code == 400
    response = client.post(url, {**data, "evidence": [png_upload()]})
    assert response.status_code == 302, response.context["form"].errors
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert violation.rectification_orders.count() == 1 and violation.evidence.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="penalty"' in page
    listing = client.get(reverse("governance:violations"), {"violation_type": "credit"})
    assert "赊账" not in listing.content.decode() or station.code in listing.content.decode()
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(
                client.get(reverse("governance:violations"), {"export": "xlsx"}).streaming_content
            )
        )
    ).active
    assert list(sheet.values)[1][1] == station.code


def test_the_penalty_table_page(client, cast):
    url = reverse("governance:penalties")
    rule = PenaltyRule.objects.get(violation_type="minors", occurrence=2)
    client.force_login(cast["lucheng"])
    page = client.get(url).content.decode()
    assert 'data-testid="penalty-table"' in page and 'name="penalty"' not in page  # read only
    assert client.post(url, {"rule": rule.pk, "penalty": "warning"}).status_code == 403
    client.force_login(cast["stations"])
    assert 'name="penalty"' in client.get(url).content.decode()
    response = client.post(url, {"rule": rule.pk, "penalty": "fine", "fine_yuan": "3000"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.fine_fen == 300_000
    bad = client.post(url, {"rule": rule.pk, "penalty": "fine", "fine_yuan": "-1"})
    assert bad.status_code == 400
    assert client.post(url, {"rule": "x", "penalty": "fine"}).status_code == 404
    added = client.post(url, {"violation_type": "other", "penalty": "warning"})
    assert added.status_code == 302
    assert PenaltyRule.objects.filter(violation_type="other").count() == 3


def test_a_suspension_penalty_offers_the_station_change(client, cast, station):
    violation = ViolationFactory(
        station=station, penalty="suspension", occurred_on=datetime.date(2019, 5, 1)
    )
    client.force_login(cast["inspector"])  # records violations, cannot change stations
    url = reverse("governance:violation_detail", args=[violation.pk])
    assert 'data-testid="apply-penalty"' not in client.get(url).content.decode()
    client.force_login(cast["lucheng"])
    assert 'data-testid="apply-penalty"' in client.get(url).content.decode()
    client.post(reverse("governance:violation_apply_penalty", args=[violation.pk]))
    station.refresh_from_db()
    assert station.status == "suspended"


def test_a_reply_with_a_file_that_is_not_a_photo_says_why(client, cast, station):
    from django.core.files.uploadedfile import SimpleUploadedFile

    order = RectificationOrderFactory(station=station)
    client.force_login(cast["owner"])
    url = reverse("governance:rectification_reply", args=[order.pk])
    text = SimpleUploadedFile("整改.png", b"not an image at all", content_type="image/png")
    response = client.post(url, {"text": "已整改", "photos": [text], "version": order.version})
    assert response.status_code == 400
    body = response.content.decode()
    # The photos field carries its message, not only a red border.
    feedback = re.search(
        r'id="id_photos"[^>]*>.*?<div class="invalid-feedback d-block">(.+?)</div>', body, re.S
    )
    assert feedback and feedback.group(1).strip(), body[body.find("reply-form") :][:1500]
    order.refresh_from_db()
    assert order.status == S.OPEN and not order.replies.exists()
