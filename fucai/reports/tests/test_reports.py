"""The annual and month reports over a small hand-counted world: every figure counted
from the records, over the reader's data scope; made in the background, kept while the
data are unchanged, downloaded from the page and the API."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from fucai.charity.tests.factories import ActivityFactory
from fucai.core import audit
from fucai.core.choices import AuditAction, JobStatus
from fucai.core.jobs import run_job
from fucai.core.models import Job
from fucai.stations.choices import StationKind, StationStatus

from .. import jobs
from ..documents import report_html, report_xlsx
from ..periods import ANNUAL, MONTHLY, BadPeriod, ReportPeriod, available
from ..selectors import build_report
from .factories import lucheng_station, ruian_station, sales_month

pytestmark = pytest.mark.django_db

M = datetime.date


@pytest.fixture
def world(cast):
    """鹿城: L1 (computer, opened 2015, provincial star 2019), L2 (instant, opened
    2019-05), L3 (closed 2019-08); 瑞安: R1 (video). Sales in 2018 and 2019; one held
    鹿城 charity activity in June 2019 spending 1,000 yuan."""
    l1 = lucheng_station(code="33030001", provincial_star_year=2019)
    l2 = lucheng_station(code="33030002", kind=StationKind.INSTANT, opened_on=M(2019, 5, 2))
    lucheng_station(
        code="33030003",
        status=StationStatus.CLOSED,
        closed_on=M(2019, 8, 31),
        close_reason="合同到期",
    )
    r1 = ruian_station(code="33038101", kind=StationKind.VIDEO)
    sales_month(l1, M(2018, 3, 1), 1_000_000_00, 36_000_00)
    sales_month(l1, M(2019, 3, 1), 1_200_000_00, 43_200_00)
    sales_month(l2, M(2019, 6, 1), 300_000_00, 60_000_00, code="GGL")
    sales_month(r1, M(2019, 3, 1), 500_000_00, 100_000_00, code="ZFZX")
    ActivityFactory(held_on=M(2019, 6, 1), spending_fen=100_000)
    return cast


def facts(report) -> dict[str, str]:
    return {f"{section.key}:{fact.label}": fact.text for section, fact in report.facts()}


def value_of(report, section_key: str, label: str):
    for section, fact in report.facts():
        if section.key == section_key and fact.label == label:
            return fact.value
    raise KeyError(label)


def test_the_annual_report_counts_the_citys_records(world):
    report = build_report(world["leader"], ReportPeriod(ANNUAL, 2019))
    assert report.scope == "全市"
    assert value_of(report, "sales", "销量") == 2_000_000_00
    assert value_of(report, "sales", "上年同期销量") == 1_000_000_00
    assert value_of(report, "sales", "同比增长") == Decimal("100.0")
    assert value_of(report, "welfare", "筹集公益金") == 203_200_00
    assert value_of(report, "stations", "期末在营站点") == 3  # L1, L2, R1
    assert value_of(report, "stations", "新开站点") == 1
    assert value_of(report, "stations", "关停站点") == 1
    assert value_of(report, "stations", "省级星级站点") == 1
    assert value_of(report, "charity", "公益活动") == 1
    assert value_of(report, "charity", "公益支出") == 100_000
    text = facts(report)
    assert text["sales:销量"] == "200.0万元"
    assert text["stations:期末在营站点"] == "3"


def test_a_branch_reads_its_districts_report_only(world):
    report = build_report(world["ruian"], ReportPeriod(ANNUAL, 2019))
    assert report.scope == "瑞安"
    assert value_of(report, "sales", "销量") == 500_000_00
    assert value_of(report, "stations", "期末在营站点") == 1
    assert value_of(report, "stations", "省级星级站点") == 0
    assert value_of(report, "charity", "公益活动") == 0  # the activity was in 鹿城


def test_the_month_report_reads_the_month(world):
    report = build_report(world["leader"], ReportPeriod(MONTHLY, 2019, 6))
    assert value_of(report, "sales", "销量") == 300_000_00
    assert value_of(report, "stations", "期末在营站点") == 4  # L3 closes in August
    assert value_of(report, "stations", "新开站点") == 0
    assert value_of(report, "charity", "公益活动") == 1


def test_periods_with_data_and_bad_keys(world):
    periods = available(world["leader"])
    assert [p.key for p in periods[ANNUAL]] == ["2019", "2018"]
    assert periods[MONTHLY][0].key == "2019-06" and periods[MONTHLY][-1].key == "2018-03"
    for kind, key in [("annual", "19"), ("monthly", "2019-13"), ("weekly", "2019")]:
        with pytest.raises(BadPeriod):
            ReportPeriod.parse(kind, key)


def test_the_pdf_html_carries_escaped_charts_and_the_figures(world):
    report = build_report(world["leader"], ReportPeriod(ANNUAL, 2019))
    report.sections[0].charts[0].labels[0] = "<script>alert(1)</script>"
    html = report_html(report)
    assert "200.0万元" in html and "2019年度报告" in html
    assert "data:image/svg+xml;base64," in html
    assert "<script" not in html
    from ..charts import render_svg

    svg = render_svg(report.sections[0].charts[0])
    assert "&lt;script&gt;" in svg and "<script" not in svg


def test_the_workbook_keeps_numbers_and_neutralizes_formulas(world):
    report = build_report(world["leader"], ReportPeriod(ANNUAL, 2019))
    report.sections[0].tables[0].rows[0][0] = '=HYPERLINK("http://x","y")'
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    overview = book[book.sheetnames[0]]
    rows = {(r[0], r[1]): r[2] for r in overview.iter_rows(min_row=4, values_only=True)}
    assert rows[("销量与增长", "销量")] == 2_000_000
    assert rows[("投注站", "期末在营站点")] == 3
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)


def _run(job: Job) -> Job:
    run_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_report_is_made_once_and_again_after_a_change(world):
    period = ReportPeriod(ANNUAL, 2019)
    job, ready = jobs.report_request(acting_user=world["leader"], period=period)
    assert not ready
    again, ready = jobs.report_request(acting_user=world["leader"], period=period)
    assert again == job and not ready  # the running job, not a second one
    job = _run(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert default_storage.open(job.result["pdf"]).read(5) == b"%PDF-"
    # Same scope, same data: another city-wide reader gets the same files at once.
    cached, ready = jobs.report_request(acting_user=world["finance"], period=period)
    assert ready and cached == job
    # Another scope never does.
    assert jobs.cached_report(world["lucheng"], period) is None
    with transaction.atomic():
        audit.record(actor=world["stations"], action=AuditAction.UPDATE, obj=world["leader"])
    fresh, ready = jobs.report_request(acting_user=world["leader"], period=period)
    assert not ready and fresh != job
    _run(fresh)
    assert not default_storage.exists(job.result["pdf"])  # superseded files go


def test_the_page_generates_and_downloads(world, client):
    client.force_login(world["leader"])
    page = client.get("/reports/")
    assert page.status_code == 200
    assert 'data-testid="report-annual-2019"' in page.content.decode()
    response = client.post("/reports/generate/", {"kind": "annual", "key": "2019"})
    job = Job.objects.get(kind=jobs.REPORT_JOB)
    assert response.url == f"/accounts/jobs/{job.pk}/"
    assert client.get("/reports/annual/2019.pdf").status_code == 302  # not made yet
    _run(job)
    pdf = client.get("/reports/annual/2019.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert "fucai-annual-2019.pdf" in pdf["Content-Disposition"]
    xlsx = client.get("/reports/annual/2019.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.sheetnames[0] == "概览"
    assert "download-pdf" in client.get("/reports/").content.decode()


def test_generating_a_period_without_data_says_so(world, client):
    client.force_login(world["ruian"])
    response = client.post("/reports/generate/", {"kind": "monthly", "key": "2019-06"}, follow=True)
    assert "没有 2019-06 的数据" in response.content.decode()
    assert not Job.objects.exists()


def test_the_api_answers_202_then_the_file(world, client):
    client.force_login(world["leader"])
    first = client.get("/api/reports/annual/2019.xlsx")
    assert first.status_code == 202
    body = first.json()
    assert body["status"] == "pending" and body["job_url"] == f"/accounts/jobs/{body['job']}/"
    _run(Job.objects.get(pk=body["job"]))
    second = client.get("/api/reports/annual/2019.xlsx")
    assert second.status_code == 200
    assert second["Content-Type"].startswith("application/vnd.openxmlformats")
    missing = client.get("/api/reports/annual/2012.pdf")
    assert missing.status_code == 404 and re.search("2012", missing.json()["detail"])
    assert client.get("/api/reports/annual/1999.pdf").status_code == 422
    client.force_login(world["owner"])
    assert client.get("/api/reports/annual/2019.pdf").status_code == 403


def test_the_openapi_schema_documents_the_files_and_the_job(world, client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/reports/annual/{year}.pdf"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]
    assert "202" in operation["responses"] and "404" in operation["responses"]


def test_the_index_reads_a_few_queries_whatever_the_reports(
    world, client, django_assert_max_num_queries
):
    client.force_login(world["leader"])
    for key in ("2019", "2018"):
        _run(
            jobs.report_request(
                acting_user=world["leader"], period=ReportPeriod.parse(ANNUAL, key)
            )[0]
        )
    with django_assert_max_num_queries(14):
        page = client.get("/reports/")
    assert page.content.decode().count('data-testid="download-pdf"') == 2


def test_a_report_job_refuses_a_scope_that_changed_meanwhile(world):
    lucheng = world["lucheng"]
    job, _ready = jobs.report_request(acting_user=lucheng, period=ReportPeriod(ANNUAL, 2019))
    lucheng.org_unit = world["ruian"].org_unit
    lucheng.save()
    job = _run(job)
    assert job.status == JobStatus.FAILED and "pdf" not in job.result
