"""Insurance renewals: 60/30/7-day reminders, the renewal-list import, the coverage KPI
per month and the insurance API."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.models import AuditEntry, Notification
from fucai.core.tests.factories import region
from fucai.stations.models import InsuranceImport, InsurancePolicy, InsuranceReminder
from fucai.stations.selectors.insurance import coverage_by_month
from fucai.stations.services.insurance import insurance_reminders_send, reminder_threshold
from fucai.stations.services.insurance_import import (
    RenewalImportRejected,
    insurance_renewals_import,
)
from fucai.stations.tests.factories import (
    InsurancePolicyFactory,
    StationFactory,
    StationOwnerFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 5, 1)


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_the_nearest_threshold_counts():
    assert [reminder_threshold(n) for n in (61, 60, 31, 30, 8, 7, 0, -1)] == [
        None,
        60,
        60,
        30,
        30,
        7,
        7,
        None,
    ]


@pytest.fixture
def reminded(cast):
    owner = StationOwnerFactory(user=cast["owner"])
    station = StationFactory(region=region("330302"), owner=owner, name="到期站")
    policy = InsurancePolicyFactory(station=station, starts_on=day(-300), ends_on=day(60))
    renewed = StationFactory(region=region("330302"), name="已续保站")
    InsurancePolicyFactory(station=renewed, starts_on=day(-300), ends_on=day(30))
    InsurancePolicyFactory(station=renewed, starts_on=day(31), ends_on=day(400))
    closed = StationFactory(region=region("330302"), status="closed")
    InsurancePolicyFactory(station=closed, starts_on=day(-300), ends_on=day(7))
    return policy


def _recipients(policy):
    return set(
        Notification.objects.filter(target_id=policy.pk).values_list(
            "recipient__username", flat=True
        )
    )


def test_reminders_go_to_owner_and_branch_once_per_threshold(reminded, cast):
    assert insurance_reminders_send(today=TODAY) == {60: 1}
    assert _recipients(reminded) == {"owner", "lucheng"}
    # Run again the same day, and on the days before the next threshold: nothing new.
    assert insurance_reminders_send(today=TODAY) == {}
    assert insurance_reminders_send(today=day(20)) == {}
    assert insurance_reminders_send(today=day(30)) == {30: 1}
    assert insurance_reminders_send(today=day(53)) == {7: 1}
    assert insurance_reminders_send(today=day(54)) == {}
    sent = InsuranceReminder.objects.filter(policy=reminded)
    assert sorted(sent.values_list("days_before", flat=True)) == [7, 30, 60]
    assert Notification.objects.filter(target_id=reminded.pk).count() == 6


def test_a_renewal_covering_the_next_day_stops_reminders(reminded):
    InsurancePolicyFactory(station=reminded.station, starts_on=day(61), ends_on=day(425))
    assert insurance_reminders_send(today=TODAY) == {}


def test_the_branch_head_hears_instead_of_branch_staff(reminded, cast):
    unit = cast["lucheng"].org_unit
    unit.head = cast["inspector"]
    unit.save()
    insurance_reminders_send(today=TODAY)
    assert _recipients(reminded) == {"owner", "inspector"}


HEADER = ["站点编号", "保险公司", "保单号", "保额（元）", "保费（元）", "起保日期", "终止日期"]


def workbook(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("续保清单.xlsx", buffer.getvalue())


@pytest.fixture
def stations():
    return [StationFactory(region=region("330302")) for _ in range(2)] + [
        StationFactory(region=region("330381"))
    ]


def _row(station, number, start="2020-07-01", end="2021-06-30", coverage=500000, premium=600):
    return [station.code, "人保温州", number, coverage, premium, start, end]


def test_an_import_with_errors_saves_nothing_and_names_each_cell(stations, cast):
    upload = workbook(
        [
            _row(stations[0], "P-1"),
            ["99999999", "人保温州", "P-2", 500000, 600, "2020-07-01", "2021-06-30"],
            _row(stations[1], "P-3", coverage="五十万"),
            _row(stations[1], "P-1"),
            _row(stations[1], "P-4", start="2020-07-01", end="2020-06-01"),
        ]
    )
    with pytest.raises(RenewalImportRejected) as rejected:
        insurance_renewals_import(acting_user=cast["stations"], upload=upload, filename="x.xlsx")
    errors = [(e.row, e.column) for e in rejected.value.row_errors]
    assert errors == [
        (3, "站点编号"),
        (4, "保额（元）"),
        (5, "保单号"),
        (6, "终止日期"),
    ]
    assert not InsurancePolicy.objects.exists()
    assert not InsuranceImport.objects.exists()


def test_an_import_creates_policies_once_and_is_audited(stations, cast):
    from django.utils import timezone

    start = timezone.localdate() + datetime.timedelta(days=10)
    end = start + datetime.timedelta(days=364)
    rows = [
        _row(stations[0], "P-1", start=start, end=end.isoformat()),
        _row(stations[2], "P-2", premium="1,234.50"),
    ]
    batch = insurance_renewals_import(
        acting_user=cast["stations"], upload=workbook(rows), filename="a.xlsx"
    )
    assert (batch.rows, batch.created, batch.skipped) == (2, 2, 0)
    policy = InsurancePolicy.objects.get(policy_number="P-2")
    assert (policy.coverage_fen, policy.premium_fen) == (50_000_000, 123_450)
    assert policy.ends_on == datetime.date(2021, 6, 30)
    stations[0].refresh_from_db()
    assert stations[0].insurance_until == end
    assert AuditEntry.objects.filter(action="import").count() == 1
    assert AuditEntry.objects.filter(action="create", object_id=str(policy.pk)).exists()
    again = insurance_renewals_import(
        acting_user=cast["stations"], upload=workbook(rows), filename="a.xlsx"
    )
    assert (again.created, again.skipped) == (0, 2)
    assert InsurancePolicy.objects.count() == 2


def test_a_policy_number_on_file_for_another_period_is_an_error(stations, cast):
    InsurancePolicyFactory(station=stations[0], policy_number="P-1")
    with pytest.raises(RenewalImportRejected) as rejected:
        insurance_renewals_import(
            acting_user=cast["stations"],
            upload=workbook([_row(stations[0], "P-1")]),
            filename="a.xlsx",
        )
    assert [(e.row, e.column) for e in rejected.value.row_errors] == [(2, "保单号")]


def test_import_refuses_what_is_not_a_workbook_and_missing_columns(stations, cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Excel"):
        insurance_renewals_import(
            acting_user=cast["stations"],
            upload=SimpleUploadedFile("a.xlsx", b"station,insurer\n"),
            filename="a.xlsx",
        )
    with pytest.raises(ValidationError, match="保单号"):
        insurance_renewals_import(
            acting_user=cast["stations"],
            upload=workbook([], header=["站点编号", "保险公司"]),
            filename="a.xlsx",
        )


def test_import_page_shows_row_errors_then_imports(stations, client, cast):
    client.force_login(cast["stations"])
    url = reverse("stations:insurance_import")
    bad = workbook([_row(stations[0], "P-1", end="明年")])
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "明年" in response.content.decode()
    good = workbook([_row(stations[0], "P-1")])
    response = client.post(url, {"file": good}, follow=True)
    assert response.status_code == 200
    assert InsurancePolicy.objects.filter(policy_number="P-1").exists()


def test_the_template_downloads_as_a_workbook(client, cast):
    client.force_login(cast["stations"])
    response = client.get(reverse("stations:insurance_import_template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in book.active[1]] == HEADER


def test_only_insurance_managers_import(stations, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        insurance_renewals_import(
            acting_user=cast["lucheng"],
            upload=workbook([_row(stations[0], "P-1")]),
            filename="a.xlsx",
        )


def test_coverage_per_month(cast):
    always = StationFactory(opened_on=datetime.date(2018, 1, 1))
    InsurancePolicyFactory(
        station=always, starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2019, 12, 31)
    )
    late = StationFactory(opened_on=datetime.date(2019, 3, 15))
    InsurancePolicyFactory(
        station=late, starts_on=datetime.date(2019, 6, 1), ends_on=datetime.date(2020, 5, 31)
    )
    closed = StationFactory(
        opened_on=datetime.date(2010, 1, 1), closed_on=datetime.date(2019, 2, 10), status="closed"
    )
    InsurancePolicyFactory(
        station=closed, starts_on=datetime.date(2018, 1, 1), ends_on=datetime.date(2019, 12, 31)
    )
    months = coverage_by_month(cast["leader"], year=2019, today=datetime.date(2020, 3, 1))
    assert [(m.active, m.insured) for m in months][:6] == [
        (2, 2),  # January: the closed one still open
        (1, 1),
        (2, 1),  # the late one opened, not insured yet
        (2, 1),
        (2, 1),
        (2, 2),
    ]
    assert months[-1].month == datetime.date(2019, 12, 1)
    assert months[-1].rate == 1.0


def test_the_insurance_page_draws_the_coverage_chart(client, cast):
    InsurancePolicyFactory(station=StationFactory())
    client.force_login(cast["stations"])
    response = client.get(reverse("stations:insurance"), {"year": "2019"})
    assert response.status_code == 200
    assert b'id="coverage-kpi-data"' in response.content
    assert b"2019-12" in response.content
    assert client.get(reverse("stations:insurance"), {"year": "x"}).status_code == 400


def test_api_insurance_lists_policies_expiring(cast, client):
    station = StationFactory(region=region("330302"))
    from django.utils import timezone

    today = timezone.localdate()
    InsurancePolicyFactory(
        station=station,
        policy_number="SOON",
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=20),
    )
    InsurancePolicyFactory(
        station=StationFactory(region=region("330381")),
        policy_number="LATER",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=200),
    )
    client.force_login(cast["lucheng"])
    body = client.get("/api/insurance").json()
    assert body["count"] == 1  # 瑞安's policy is out of scope
    client.force_login(cast["leader"])
    body = client.get("/api/insurance", {"expiring_days": 30}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["policy_number"] == "SOON"
    assert item["days_left"] == 20
    assert item["coverage_fen"] == 100_000_000 and item["coverage_yuan"] == "1000000.00"
    assert client.get("/api/insurance", {"expiring_days": -1}).status_code == 422


def test_the_daily_task_sends_the_reminders_due(cast):
    from django.conf import settings
    from django.utils import timezone

    from fucai.stations.tasks import insurance_reminders

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "fucai.stations.insurance_reminders" in schedule
    today = timezone.localdate()
    InsurancePolicyFactory(
        station=StationFactory(owner=StationOwnerFactory(user=cast["owner"])),
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=30),
    )
    assert insurance_reminders() == {30: 1}
    assert insurance_reminders() == {}
