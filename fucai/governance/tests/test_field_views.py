import base64
import datetime
import io
import json
import re
import uuid
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..choices import InspectionKind, InspectionResult, InspectionStatus
from ..models import InspectionAnswer, InspectionPhoto
from ..services import inspection_media
from ..services import inspections as svc
from .factories import InspectionFactory, field_checklist, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    template, items = field_checklist()
    station = StationFactory(
        region=region("330302"), latitude=Decimal("28.0"), longitude=Decimal("120.65")
    )
    inspection = InspectionFactory(station=station, template=template, inspector=cast["inspector"])
    return inspection, items


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's compressed streams, inflated (where the font names are)."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(inflated)


def _post_json(client, name, inspection, data):
    return client.post(
        reverse(name, args=[inspection.pk]), json.dumps(data), content_type="application/json"
    )


def test_check_in_far_away_is_flagged_in_the_answer(client, cast, world):
    inspection, _ = world
    client.force_login(cast["inspector"])
    response = _post_json(
        client,
        "governance:inspection_check_in",
        inspection,
        {"latitude": 28.02, "longitude": 120.65, "accuracy": 15},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["far"] is True
    assert body["distance"] == pytest.approx(2224, abs=5)
    assert body["located"] is True


def test_check_in_without_location_is_allowed(client, cast, world):
    inspection, _ = world
    client.force_login(cast["inspector"])
    response = _post_json(client, "governance:inspection_check_in", inspection, {})
    assert response.status_code == 200
    assert response.json() | {"version": 0} == {
        "version": 0,
        "status": "in_progress",
        "distance": None,
        "far": False,
        "located": False,
    }


def test_a_resent_answer_batch_is_idempotent(client, cast, world):
    inspection, items = world
    client.force_login(cast["inspector"])
    batch = {
        "answers": [
            {"item": items["licence"].pk, "passed": True, "answered_at": "2019-06-03T09:00:00Z"},
            {"item": items["tidy"].pk, "score": "7.5", "answered_at": "2019-06-03T09:01:00Z"},
        ]
    }
    first = _post_json(client, "governance:inspection_answers", inspection, batch).json()
    again = _post_json(client, "governance:inspection_answers", inspection, batch).json()
    assert (first["saved"], again["saved"], again["unchanged"]) == (2, 0, 2)
    assert first["version"] == again["version"]
    assert InspectionAnswer.objects.filter(inspection=inspection).count() == 2


def test_bad_json_and_bad_answers_are_400_with_a_message(client, cast, world):
    inspection, items = world
    client.force_login(cast["inspector"])
    url = reverse("governance:inspection_answers", args=[inspection.pk])
    response = client.post(url, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "请求不是有效的 JSON。"
    response = _post_json(
        client,
        "governance:inspection_answers",
        inspection,
        {"answers": [{"item": items["tidy"].pk, "score": 99}]},
    )
    assert response.status_code == 400
    assert "分数必须在 0 到 10 之间" in response.json()["error"]


def test_html_renamed_jpg_is_refused_with_a_message(client, cast, world):
    inspection, _ = world
    client.force_login(cast["inspector"])
    page = SimpleUploadedFile(
        "photo.jpg", b"<!doctype html><script>alert(1)</script>", content_type="image/jpeg"
    )
    response = client.post(
        reverse("governance:inspection_photo_add", args=[inspection.pk]),
        {"photo": page, "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "该文件不是 JPEG 或 PNG 图片，请上传照片。"
    assert not InspectionPhoto.objects.exists()


def test_a_photo_resent_is_one_photo(client, cast, world):
    inspection, items = world
    client.force_login(cast["inspector"])
    client_id = str(uuid.uuid4())
    url = reverse("governance:inspection_photo_add", args=[inspection.pk])
    for expected in (True, False):
        photo = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
        response = client.post(
            url, {"photo": photo, "client_id": client_id, "item": items["front"].pk}
        )
        assert response.status_code == 200
        assert response.json()["created"] is expected
    assert InspectionPhoto.objects.filter(inspection=inspection).count() == 1
    shown = client.get(response.json()["url"])
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert shown["X-Content-Type-Options"] == "nosniff"


def test_a_refusal_is_json_403_and_out_of_scope_is_404(client, cast, world):
    inspection, items = world
    data = {"answers": [{"item": items["licence"].pk, "passed": True}]}
    client.force_login(cast["leader"])  # reads supervision, does not inspect
    response = _post_json(client, "governance:inspection_answers", inspection, data)
    assert response.status_code == 403
    assert "error" in response.json()
    client.force_login(cast["ruian"])
    response = _post_json(client, "governance:inspection_answers", inspection, data)
    assert response.status_code == 404
    assert response.json() == {"error": "没有这次检查。"}


def _complete(inspection, items, user):
    svc.inspection_check_in(inspection=inspection, acting_user=user)
    svc.inspection_save_answers(
        inspection=inspection,
        answers=[
            {"item": items["licence"].pk, "passed": False, "comment": "未悬挂"},
            {"item": items["notice"].pk, "passed": True},
            {"item": items["tidy"].pk, "score": 9},
            {"item": items["terminals"].pk, "number": 2},
            {"item": items["remarks"].pk, "text": "无"},
        ],
        acting_user=user,
    )
    inspection_media.inspection_photo_add(
        inspection=inspection,
        file=SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg"),
        client_id=uuid.uuid4(),
        item_id=items["front"].pk,
        acting_user=user,
    )
    inspection_media.inspection_sign(
        inspection=inspection,
        signed_by="王店主",
        file=SimpleUploadedFile("s.png", image_bytes("PNG"), content_type="image/png"),
        acting_user=user,
    )
    inspection.refresh_from_db()


def test_submit_through_the_endpoint_with_a_stale_version_is_409(client, cast, world):
    inspection, items = world
    _complete(inspection, items, cast["inspector"])
    client.force_login(cast["inspector"])
    stale = _post_json(client, "governance:inspection_submit", inspection, {"version": 1})
    assert stale.status_code == 409
    response = _post_json(
        client, "governance:inspection_submit", inspection, {"version": inspection.version}
    )
    assert response.status_code == 200
    assert response.json()["result"] == InspectionResult.FAILED  # the licence is critical
    again = _post_json(client, "governance:inspection_answers", inspection, {"answers": []})
    assert again.status_code == 400
    assert "不能再修改" in again.json()["error"]
    # The field form of a submitted inspection opens its (read-only) detail page.
    form = client.get(reverse("governance:inspection_field", args=[inspection.pk]))
    assert form.status_code == 302
    assert form["Location"] == reverse("governance:inspection", args=[inspection.pk])


def test_detail_and_pdf_show_answers_photos_signature_and_orders(client, cast, world):
    inspection, items = world
    _complete(inspection, items, cast["inspector"])
    svc.inspection_submit(inspection=inspection, acting_user=cast["inspector"])
    client.force_login(cast["leader"])
    page = client.get(reverse("governance:inspection", args=[inspection.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "未悬挂" in html  # the failed item's note, now its order's problem
    assert reverse("governance:inspection_signature", args=[inspection.pk]) in html
    assert 'data-testid="fill"' not in html  # leadership reads, never fills in
    pdf = client.get(reverse("governance:inspection_pdf", args=[inspection.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    # The photo and the signature are embedded images; Chinese text has its font.
    assert pdf.content.count(b"/Subtype /Image") >= 2
    assert b"Noto-Sans-CJK" in _pdf_objects(pdf.content)


def test_the_pdf_embeds_data_urls_and_fetches_nothing_else():
    from fucai.core.pdf import html_to_pdf

    photo = "data:image/jpeg;base64," + base64.b64encode(image_bytes()).decode()
    assert b"/Subtype /Image" in html_to_pdf(f'<p>检查</p><img src="{photo}">')
    # A file on the server or an address on the network is never read.
    refused = html_to_pdf('<img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x">')
    assert refused.startswith(b"%PDF-")
    assert b"/Subtype /Image" not in refused


def test_today_lists_my_open_inspections_due_or_planned_by_today(client, cast):
    today = timezone.localdate()
    template, _ = field_checklist()
    mine = {"template": template, "inspector": cast["inspector"]}
    lucheng = region("330302")
    day = datetime.timedelta(days=1)
    shown = [
        InspectionFactory(
            station=StationFactory(region=lucheng, name="今日站"),
            planned_on=today,
            due_on=today + 9 * day,
            **mine,
        ),
        InspectionFactory(
            station=StationFactory(region=lucheng, name="逾期站"),
            planned_on=today - 9 * day,
            due_on=today - day,
            **mine,
        ),
    ]
    InspectionFactory(
        station=StationFactory(region=lucheng, name="明日站"),
        planned_on=today + day,
        due_on=today + 9 * day,
        **mine,
    )
    InspectionFactory(
        station=StationFactory(region=lucheng, name="已交站"),
        planned_on=today,
        status=InspectionStatus.SUBMITTED,
        result="passed",
        **mine,
    )
    InspectionFactory(
        station=StationFactory(region=lucheng, name="别人站"), planned_on=today, template=template
    )
    client.force_login(cast["inspector"])
    page = client.get(reverse("governance:today"))
    assert page.status_code == 200
    listed = [i.pk for i in page.context["inspections"]]
    assert listed == [shown[1].pk, shown[0].pk]  # the overdue one first
    assert [i.station.name for i in page.context["upcoming"]] == ["明日站"]


def test_the_list_filters_scopes_and_exports(client, cast, django_assert_max_num_queries):
    template, _ = field_checklist()
    for n in range(6):
        InspectionFactory(
            station=StationFactory(region=region("330302")),
            template=template,
            inspector=cast["inspector"],
            kind=InspectionKind.ANNUAL if n % 2 else InspectionKind.ROUTINE,
        )
    InspectionFactory(station=StationFactory(region=region("330381")), template=template)
    client.force_login(cast["lucheng"])
    url = reverse("governance:inspections")
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.context["paginator"].count == 6  # 瑞安's is outside 鹿城's scope
    page = client.get(url, {"kind": "annual", "year": 2019, "inspector": cast["inspector"].pk})
    assert page.context["paginator"].count == 3
    export = client.get(url, {"kind": "routine", "export": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    assert rows[0][0] == "站点编号"


def test_an_owner_sees_only_submitted_inspections_of_their_station(client, cast):
    from fucai.stations.tests.factories import StationOwnerFactory

    station = StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    template, _ = field_checklist()
    planned = InspectionFactory(station=station, template=template, kind=InspectionKind.MYSTERY)
    done = InspectionFactory(
        station=station, template=template, status=InspectionStatus.SUBMITTED, result="passed"
    )
    client.force_login(cast["owner"])
    page = client.get(reverse("governance:inspections"))
    assert [r["station_code"] for r in page.context["rows"]] == [station.code]
    assert client.get(reverse("governance:inspection", args=[done.pk])).status_code == 200
    assert client.get(reverse("governance:inspection", args=[planned.pk])).status_code == 404


def test_the_detail_page_and_the_field_form_take_few_queries(
    client, cast, world, django_assert_max_num_queries
):
    inspection, items = world
    _complete(inspection, items, cast["inspector"])
    client.force_login(cast["inspector"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("governance:inspection", args=[inspection.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        form = client.get(reverse("governance:inspection_field", args=[inspection.pk]))
    assert form.status_code == 200
    state = form.context["state"]
    assert state["located"] is False and state["checkedIn"] is True
    assert set(state["answers"]) == {
        str(items[k].pk) for k in ("licence", "notice", "tidy", "terminals", "remarks")
    }
    assert len(state["photos"][str(items["front"].pk)]) == 1
