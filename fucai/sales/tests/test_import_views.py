import csv
import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.choices import JobStatus
from fucai.core.models import Job
from fucai.sales.choices import ImportMode, ImportStatus
from fucai.sales.models import SalesDay, SalesImport
from fucai.sales.tests.factories import csv_bytes, xlsx_file
from fucai.sales.views import imports as import_views
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

GOOD = [
    ("33030001", "SSQ", "2024-05-01", "1234.50", "617"),
    ("33030001", "刮刮乐", "2024-05-01", "50", "5"),
    ("33030001", "双色球", "2024-05-02", "200", "100"),
]


@pytest.fixture
def station(importer):
    return StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))


@pytest.fixture
def finance(client, importer, station):
    client.force_login(importer)
    # Pages in English, so assertions on messages survive the Chinese translation.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _upload(client, content: bytes, name="sales.csv", replace=False, follow=True):
    data = {"file": SimpleUploadedFile(name, content)}
    if replace:
        data["replace"] = "on"
    return client.post(reverse("sales:import_upload"), data, follow=follow)


def test_the_upload_page_explains_replace_mode(finance):
    response = finance.get(reverse("sales:import_upload"))
    assert response.status_code == 200
    assert b'name="replace"' in response.content and b"overwrite" in response.content


def test_a_good_file_is_imported_and_its_batch_shown(finance, importer):
    response = _upload(finance, csv_bytes(GOOD))
    batch = SalesImport.objects.get()
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert batch.created_by == importer
    assert response.redirect_chain[-1][0] == reverse("sales:import_detail", args=[batch.pk])
    assert SalesDay.objects.count() == 3
    page = response.content.decode()
    assert "Imported 3 rows (3 new, 0 replaced)." in page
    assert "¥1,484.50" in page  # the batch's total sales
    listing = finance.get(reverse("sales:import_list")).content.decode()
    assert "sales.csv" in listing and f"#{batch.pk}" in listing


def test_a_bad_file_lists_every_error_with_its_row_and_writes_nothing(finance):
    rows = [
        *GOOD,
        ("99999999", "SSQ", "2024-05-03", "10", "1"),
        ("33030001", "XX", "2024-05-03", "-5", ""),
    ]
    response = _upload(finance, csv_bytes(rows))
    batch = SalesImport.objects.get()
    assert batch.status == ImportStatus.FAILED
    assert SalesDay.objects.count() == 0
    assert response.status_code == 200
    table = response.content.decode()
    assert "rejected with 3 errors" in table
    for row, value in ((5, "99999999"), (6, "XX"), (6, "-5")):
        assert f'data-row="{row}"' in table and value in table


def test_the_error_table_is_paginated(finance, importer):
    rows = [("33030001", "SSQ", f"2024-05-{d:02d}", "bad", "") for d in range(1, 31)]
    rows += [("33030001", "KL8", f"2024-05-{d:02d}", "bad", "") for d in range(1, 31)]
    _upload(finance, csv_bytes(rows), follow=False)
    batch = SalesImport.objects.get()
    assert len(batch.errors) == 60
    url = reverse("sales:import_detail", args=[batch.pk])
    first = finance.get(url).content.decode()
    assert first.count("data-row=") == 50 and 'data-row="2"' in first
    second = finance.get(url, {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert second.count("data-row=") == 10 and 'data-row="61"' in second
    assert "<html" not in second


def test_errors_download_as_csv_with_bom_and_as_excel(finance):
    _upload(finance, csv_bytes([("33030001", "双色球", "2024-13-01", "1", "")]), follow=False)
    batch = SalesImport.objects.get()
    response = finance.get(reverse("sales:import_errors_csv", args=[batch.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Row", "Column", "Value", "Reason"]
    assert lines[1][:3] == ["2", "日期", "2024-13-01"]
    response = finance.get(reverse("sales:import_errors_xlsx", args=[batch.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[1][:3] == (2, "日期", "2024-13-01")


def test_the_same_file_again_says_already_imported(finance):
    _upload(finance, csv_bytes(GOOD))
    response = _upload(finance, csv_bytes(GOOD))
    batch = SalesImport.objects.get()
    assert "Already imported on" in response.content.decode()
    assert f"(batch #{batch.pk}) — nothing changed" in response.content.decode()
    assert SalesDay.objects.count() == 3


def test_replace_mode_overwrites_the_rows_the_file_covers(finance):
    _upload(finance, csv_bytes(GOOD))
    corrected = [("33030001", "SSQ", "2024-05-01", "1000", "500")]
    refused = _upload(finance, csv_bytes(corrected))
    assert "already imported; use replace mode" in refused.content.decode()
    _upload(finance, csv_bytes(corrected), replace=True)
    batch = SalesImport.objects.filter(status=ImportStatus.SUCCEEDED).first()
    assert (batch.mode, batch.inserted, batch.replaced) == (ImportMode.REPLACE, 0, 1)
    assert (
        SalesDay.objects.get(date=datetime.date(2024, 5, 1), game__code="SSQ").sales_fen == 100000
    )


def test_an_xlsx_file_is_imported(finance):
    _upload(finance, xlsx_file(GOOD).getvalue(), name="sales.xlsx")
    assert SalesDay.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n0000", "This is not a sales file"),
        ("report.pdf", b"%PDF-1.4 hello", "This is not a sales file"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1", "Old .xls workbooks are not supported"),
        ("empty.csv", b"", "The file is empty."),
        ("blank.csv", b"\r\n\r\n", "The file is empty."),
        ("cols.csv", "站点编号,日期,销售额\r\n1,2,3\r\n".encode(), "Required column missing"),
    ],
)
def test_unusable_files_get_a_clear_message(finance, name, content, message):
    response = _upload(finance, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SalesDay.objects.count() == 0


def test_a_large_file_runs_as_a_job_and_ends_on_the_job_page(finance, monkeypatch):
    monkeypatch.setattr(import_views, "INLINE_MAX_BYTES", 10)
    with pytest.MonkeyPatch.context() as patch:
        # Jobs start on commit; the test transaction never commits, so run them now.
        from django.db import transaction

        patch.setattr(transaction, "on_commit", lambda func, *a, **k: func())
        response = _upload(finance, csv_bytes(GOOD), follow=False)
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    batch = SalesImport.objects.get()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["url"] == reverse("sales:import_detail", args=[batch.pk])
    assert SalesDay.objects.count() == 3
    page = finance.get(response["Location"]).content.decode()
    assert job.result["url"] in page


def test_a_rejected_large_file_fails_the_job_with_a_link_to_its_errors(finance, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(import_views, "INLINE_MAX_BYTES", 10)
    monkeypatch.setattr(transaction, "on_commit", lambda func, *a, **k: func())
    _upload(finance, csv_bytes([("33030001", "SSQ", "2024-05-01", "x", "")]), follow=False)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "1 errors" in job.error
    assert job.result["url"].endswith(f"/{SalesImport.objects.get().pk}/")


def test_the_list_filters_by_status(finance):
    _upload(finance, csv_bytes(GOOD), name="good.csv")
    _upload(finance, csv_bytes([("1", "SSQ", "2024-05-01", "1", "")]), name="bad.csv")
    page = finance.get(reverse("sales:import_list"), {"status": "failed"}).content.decode()
    assert "bad.csv" in page and "good.csv" not in page
    page = finance.get(reverse("sales:import_list"), {"covers": "2024-05-02"}).content.decode()
    assert "good.csv" in page and "bad.csv" not in page


def test_roles_without_the_import_permission_get_403(client, cast):
    client.force_login(cast["leader"])
    assert client.get(reverse("sales:import_upload")).status_code == 403
    response = client.post(
        reverse("sales:import_upload"), {"file": SimpleUploadedFile("a.csv", b"x")}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("url", "name"),
    [("sales:import_template_csv", "t.csv"), ("sales:import_template_xlsx", "t.xlsx")],
)
def test_the_templates_are_offered_and_import_back_cleanly(finance, url, name):
    page = finance.get(reverse("sales:import_upload")).content.decode()
    assert f'href="{reverse(url)}"' in page
    response = finance.get(reverse(url))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    header = (
        next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        if name.endswith(".csv")
        else [c.value for c in next(openpyxl.load_workbook(io.BytesIO(content)).active.rows)]
    )
    assert header == ["站点编号", "游戏", "日期", "销售额", "票数", "兑奖金额"]
    _upload(finance, content, name=name)
    batch = SalesImport.objects.get()
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert sorted(SalesDay.objects.values_list("sales_fen", "tickets", "payout_fen")) == [
        (125050, 125, 30000),
        (430000, 2150, None),
    ]


def test_a_report_with_a_total_row_says_the_total_was_checked(finance):
    lines = [
        "温州市福利彩票销售日报表",
        "",
        "站点编号,游戏,日期,销售额",
        "33030001,SSQ,2024-05-01,5",
    ]
    response = _upload(finance, "\r\n".join([*lines, "合计,,,5"]).encode("gbk"))
    assert SalesDay.objects.count() == 1
    assert "1 total rows (合计 / 小计) matched their rows" in response.content.decode()


def test_a_report_with_a_year_to_date_row_says_it_was_skipped(finance):
    lines = ["站点编号,游戏,日期,销售额", "33030001,SSQ,2024-05-01,5", "合计,,,5", "本年累计,,,500"]
    response = _upload(finance, "\r\n".join(lines).encode("gbk"))
    assert SalesDay.objects.count() == 1
    page = response.content.decode()
    assert "1 total rows (合计 / 小计) matched their rows" in page
    assert "1 year-to-date rows (本年累计 / 本月累计) include days outside the file" in page
