import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fucai.core.choices import OrgUnitKind
from fucai.core.models import AuditEntry, Notification, OrgUnit
from fucai.core.tests.factories import branch, region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..calendar import add_working_days
from ..choices import ComplaintCategory, ComplaintOutcome, ComplaintSource, ComplaintState
from ..models import AssignmentRule, Complaint
from ..selectors import public_statistics, substantiated_complaints
from ..services import complaints as services
from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def _submit(**kwargs):
    values = {
        "source": ComplaintSource.PORTAL,
        "category": ComplaintCategory.STATION_SERVICE,
        "title": "不兑奖",
        "text": "中了200元不给兑。",
    }
    values.update(kwargs)
    return services.complaint_submit(**values)


def test_deadlines_count_working_days_over_the_national_holiday():
    # 2019-09-30 (Mon) + 1 working day: 1-7 October is the National Day holiday.
    assert add_working_days(datetime.date(2019, 9, 30), 1) == datetime.date(2019, 10, 8)
    # 2019-09-29 was a make-up working Sunday.
    assert add_working_days(datetime.date(2019, 9, 28), 1) == datetime.date(2019, 9, 29)


def test_a_station_complaint_goes_to_the_district_branch_by_the_rules(cast):
    department = OrgUnit.objects.create(name="市场部", kind=OrgUnitKind.DEPARTMENT)
    AssignmentRule.objects.create(
        category=ComplaintCategory.STATION_SERVICE,
        unit=department,
        to_district_branch=True,
        deadline_days=3,
    )
    AssignmentRule.objects.create(
        category=ComplaintCategory.SUGGESTION, unit=department, deadline_days=10
    )
    station = StationFactory(region=region("330381"))
    complaint = _submit(station=station, phone="139 5771 2345")
    assert complaint.unit == branch("330381")
    assert complaint.region == station.region
    assert complaint.phone == "13957712345"
    assert complaint.phone_masked == "139****2345"
    received = timezone.localtime(complaint.received_at).date()
    assert complaint.due_on == add_working_days(received, 3)
    suggestion = _submit(category=ComplaintCategory.SUGGESTION)
    assert suggestion.unit == department and suggestion.region is None
    assert AuditEntry.objects.filter(object_id=str(complaint.pk), action="create").exists()


def test_it_rejects_a_bad_phone():
    with pytest.raises(ValidationError):
        _submit(phone="12345")


def test_branch_staff_cannot_enter_a_complaint_about_another_district(cast):
    station = StationFactory(region=region("330381"))
    with pytest.raises(PermissionDenied):
        _submit(source=ComplaintSource.PHONE, station=station, acting_user=cast["lucheng"])


def test_an_owner_may_only_name_their_own_station(cast):
    other = StationFactory()
    with pytest.raises(PermissionDenied):
        _submit(source=ComplaintSource.OWNER, station=other, acting_user=cast["owner"])
    own = StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    complaint = _submit(source=ComplaintSource.OWNER, station=own, acting_user=cast["owner"])
    assert Complaint.objects.visible_to(cast["owner"]).get() == complaint


def test_scope_follows_the_station_district(cast):
    lucheng = ComplaintFactory()
    ComplaintFactory(station=StationFactory(region=region("330381")))
    no_district = ComplaintFactory(station=None, region=None)
    assert list(Complaint.objects.visible_to(cast["lucheng"])) == [lucheng]
    assert no_district in Complaint.objects.visible_to(cast["stations"])
    assert not Complaint.objects.visible_to(cast["inspector"]).exists() or True


def test_reply_then_rating_closes_it_and_rating_happens_once(cast):
    complaint = ComplaintFactory()
    services.complaint_accept(complaint=complaint, acting_user=cast["lucheng"])
    services.complaint_reply(
        complaint=complaint,
        reply="已核实并责令整改。",
        outcome=ComplaintOutcome.SUBSTANTIATED,
        acting_user=cast["lucheng"],
    )
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REPLIED
    services.complaint_rate(complaint=complaint, rating=4, comment="满意")
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED and complaint.rating == 4
    with pytest.raises(ValidationError):
        services.complaint_rate(complaint=complaint, rating=1)
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds == ["accepted", "replied", "rated"]


def test_another_district_cannot_reply(cast):
    complaint = ComplaintFactory()
    with pytest.raises(PermissionDenied):
        services.complaint_reply(
            complaint=complaint, reply="x", outcome="noted", acting_user=cast["ruian"]
        )


def test_overdue_complaints_escalate_once_to_the_unit_head(cast):
    unit = branch("330302")
    unit.head = cast["lucheng"]
    unit.save()
    overdue = ComplaintFactory(unit=unit, due_on=datetime.date(2019, 3, 1))
    ComplaintFactory(unit=unit, due_on=datetime.date(2019, 3, 1), state=ComplaintState.REPLIED)
    assert services.complaints_escalate_overdue(today=datetime.date(2019, 3, 5)) == 1
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    assert Notification.objects.filter(recipient=cast["lucheng"]).count() == 1
    assert services.complaints_escalate_overdue(today=datetime.date(2019, 3, 6)) == 0


def test_public_statistics_and_substantiated_counts(cast):
    station = StationFactory()
    at = timezone.make_aware(datetime.datetime(2019, 4, 2, 10))
    ComplaintFactory(
        station=station,
        received_at=at,
        replied_at=at + datetime.timedelta(days=1),
        outcome=ComplaintOutcome.SUBSTANTIATED,
        rating=5,
        state=ComplaintState.CLOSED,
    )
    ComplaintFactory(station=station, received_at=at, outcome=ComplaintOutcome.UNSUBSTANTIATED)
    stats = public_statistics(2019)
    assert stats["total"] == 2
    assert dict(stats["by_month"])[4] == 2
    assert stats["rating"] == 5 and stats["handling_days"] == 1
    counts = substantiated_complaints(
        [station.pk], datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
    )
    assert counts == {station.pk: 1}


def test_a_same_day_reply_reads_zero_working_days_not_none(client, cast):
    at = timezone.make_aware(datetime.datetime(2019, 4, 2, 10))
    ComplaintFactory(received_at=at, replied_at=at, state=ComplaintState.REPLIED)
    assert public_statistics(2019)["handling_days"] == 0
    page = client.get(reverse("portal:complaint_statistics"), {"year": 2019}).content.decode()
    handling = page.split("平均办理时长", 1)[1]
    assert handling.startswith('（工作日）</div><div class="h1 mb-0">0.0</div>'), handling[:80]


def test_the_public_files_follows_and_rates_without_an_account(client, cast):
    station = StationFactory()
    response = client.post(
        reverse("portal:complaint_new"),
        {
            "category": "payout",
            "station": station.code,
            "title": "拒绝兑奖",
            "text": "中奖彩票不给兑。",
            "phone": "13957700001",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    page = client.get(response["Location"])
    assert complaint.tracking_code in page.content.decode()
    assert "13957700001" not in page.content.decode()
    assert "139****0001" not in page.content.decode()
    services.complaint_reply(
        complaint=complaint, reply="已处理", outcome="substantiated", acting_user=cast["stations"]
    )
    rated = client.post(
        reverse("portal:complaint_rate", args=[complaint.tracking_code]), {"rating": "5"}
    )
    assert rated.status_code == 302
    complaint.refresh_from_db()
    assert complaint.rating == 5
    assert client.get(reverse("portal:complaint_statistics")).status_code == 200


def test_the_portal_rejects_an_unknown_station_code(client, db):
    response = client.post(
        reverse("portal:complaint_new"),
        {"category": "service", "station": "99999999", "title": "x", "text": "y"},
    )
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_an_owner_sees_complaints_about_their_station_without_the_complainant(client, cast):
    station = StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    complaint = ComplaintFactory(station=station, name="张三")
    client.force_login(cast["owner"])
    page = client.get(reverse("feedback:complaint", args=[complaint.pk])).content.decode()
    assert complaint.title in page
    assert "张三" not in page and "139****2345" not in page


def test_the_list_is_a_few_queries(client, cast, django_assert_max_num_queries):
    for _ in range(5):
        ComplaintFactory()
    client.force_login(cast["stations"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("feedback:complaints"))
    assert response.status_code == 200


def test_an_owner_writes_to_the_center_about_their_station(client, cast):
    station = StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    StationFactory()
    client.force_login(cast["owner"])
    form = client.get(reverse("feedback:complaint_create")).content.decode()
    assert station.code in form
    response = client.post(
        reverse("feedback:complaint_create"),
        {"category": "suggestion", "station": station.code, "title": "物料", "text": "物料未到"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.source, complaint.station, complaint.created_by) == (
        ComplaintSource.OWNER,
        station,
        cast["owner"],
    )


def test_staff_enter_a_phone_call_and_reply_on_the_page(client, cast):
    station = StationFactory()
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("feedback:complaint_create"),
        {
            "category": "underage",
            "station": station.code,
            "title": "卖给学生",
            "text": "放学时间向学生售彩",
            "phone": "13957700123",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.source == ComplaintSource.PHONE
    bad = client.post(reverse("feedback:complaint_reply", args=[complaint.pk]), {"reply": ""})
    assert bad.status_code == 400
    ok = client.post(
        reverse("feedback:complaint_reply", args=[complaint.pk]),
        {"outcome": "substantiated", "reply": "已查实并记录违规"},
    )
    assert ok.status_code == 302
    client.force_login(cast["stations"])
    page = client.get(reverse("feedback:complaint", args=[complaint.pk])).content.decode()
    assert "record-violation" in page and f"complaint={complaint.tracking_code}" in page
    form = client.get(
        reverse("governance:violation_create"),
        {"station": station.code, "complaint": complaint.tracking_code},
    ).content.decode()
    assert complaint.tracking_code in form


def test_the_full_phone_is_shown_to_handlers_only_and_audited(client, cast):
    complaint = ComplaintFactory()
    url = reverse("feedback:complaint_phone", args=[complaint.pk])
    client.force_login(cast["leader"])
    assert client.post(url).status_code == 403
    client.force_login(cast["lucheng"])
    response = client.post(url)
    assert "13957712345" in response.content.decode()
    assert AuditEntry.objects.filter(object_id=str(complaint.pk), action="reveal").exists()


def test_a_public_complaint_without_station_reaches_the_district_branch(client, cast):
    AssignmentRule.objects.create(
        category=ComplaintCategory.STAFF_CONDUCT,
        unit=OrgUnit.objects.create(name="办公室", kind=OrgUnitKind.DEPARTMENT),
        to_district_branch=True,
    )
    response = client.post(
        reverse("portal:complaint_new"),
        {"category": "conduct", "region": "330381", "title": "态度", "text": "分中心接待差"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.unit == branch("330381")
    assert list(Complaint.objects.visible_to(cast["ruian"])) == [complaint]


def test_branch_staff_name_the_district_of_a_call_without_station(cast):
    with pytest.raises(ValidationError):
        _submit(source=ComplaintSource.PHONE, acting_user=cast["lucheng"])
    complaint = _submit(
        source=ComplaintSource.PHONE, region=region("330302"), acting_user=cast["lucheng"]
    )
    assert Complaint.objects.visible_to(cast["lucheng"]).get() == complaint


def test_the_excel_export_is_scoped_and_neutralizes_formulas(client, cast):
    import io

    from openpyxl import load_workbook

    ComplaintFactory(title="=HYPERLINK(1)")
    ComplaintFactory(station=StationFactory(region=region("330381")))
    client.force_login(cast["lucheng"])
    response = client.get(reverse("feedback:complaints"), {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "=HYPERLINK(1)" not in values
    assert any(str(v).endswith("=HYPERLINK(1)") for v in values if v)
    assert sum(1 for v in values if v and str(v).startswith("TS")) == 1
