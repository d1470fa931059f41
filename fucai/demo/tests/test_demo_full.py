"""The full demo, as `make run` loads it (without the recruitment step and the alerts
and cameras, which nothing here reads), reproduces the seed's 2019 figures from the
loaded records. Built once for all of them: at full scale it is the suite's slowest
fixture.

- Grading and stars: every station of 2019 graded by the engine, confirmed and
  published; the star round completed through every step; the provincial star count —
  260, the seed's figure — read back from the API and the dashboard as the data flow
  left it.
- The 2019 annual report: sales over 20亿, welfare fund over 5亿, 1,275 stations, 260
  provincial star stations, 48 charity activities, 3,263 people helped, 743.9万元 — in
  the HTML that WeasyPrint turns into the PDF and in the workbook's cells.
"""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction

from fucai.core.models import AuditEntry, User
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.governance.choices import GradingStatus, ProvincialStatus, StarStatus
from fucai.governance.models import GradingResult, StarApplication, StarEvent
from fucai.governance.services.reviews import stations_reviewed
from fucai.reports.documents import report_html, report_xlsx
from fucai.reports.periods import ANNUAL, ReportPeriod
from fucai.reports.selectors import build_report
from fucai.stations.models import Station

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        result = build_demo(
            flush=True, recruitment=False, monitoring=False, today=datetime.date(2019, 12, 31)
        )
        leader = User.objects.get(username="leader")
        report = build_report(leader, ReportPeriod(ANNUAL, 2019))
        yield result, (report, report_html(report), report_xlsx(report))
        with transaction.atomic():
            flush_demo(_county_regions())
            # The load's audit entries would outlive it in a reused test database.
            AuditEntry.objects.filter(pk__gt=first_entry or 0).delete()


@pytest.fixture
def demo(loaded, db):
    return loaded[0]


@pytest.fixture
def annual(loaded, db):
    return loaded[1]


def test_every_station_of_2019_is_graded_confirmed_and_published(demo):
    graded = GradingResult.objects.filter(year=2019)
    assert graded.count() == stations_reviewed(2019).count()
    assert set(graded.values_list("status", flat=True)) == {GradingStatus.PUBLISHED}
    assert len(set(graded.values_list("grade", flat=True))) >= 3  # the data tells them apart
    result = graded.select_related("station").first()
    assert result.station.grade == result.grade and result.station.grade_year == 2019
    assert {item["criterion"] for item in result.breakdown} >= {"sales", "inspection"}


def test_the_star_round_went_through_every_step(demo):
    applications = StarApplication.objects.filter(round__year=2019)
    statuses = set(applications.values_list("status", flat=True))
    assert statuses <= {StarStatus.PUBLISHED, StarStatus.REJECTED}
    assert StarEvent.objects.filter(to_status=StarStatus.APPEALED).exists() or not (
        applications.filter(status=StarStatus.REJECTED).exists()
    )
    published = applications.filter(status=StarStatus.PUBLISHED)
    assert published.exists()
    assert not applications.filter(provincial=ProvincialStatus.NOMINATED).exists()  # decided
    for application in published.select_related("station")[:20]:
        assert application.station.stars == application.stars


def test_the_api_and_the_dashboard_read_260_provincial_star_stations(demo, client):
    assert demo.ratings.provincial == Station.objects.filter(provincial_star_year=2019).count()
    client.force_login(User.objects.get(username="leader"))
    api = client.get("/api/star-ratings", {"year": 2019, "level": "provincial", "limit": 1})
    assert api.status_code == 200
    assert api.json()["count"] == 260
    assert api.json()["items"][0]["code"]
    page = client.get("/").content.decode()
    assert 'data-testid="kpi-provincial-stars">260<' in page


def _fact(report, key: str, label: str):
    return next(f for s, f in report.facts() if s.key == key and f.label == label)


def test_the_pdf_reads_the_seeds_figures(annual):
    report, html, _xlsx = annual
    sales = _fact(report, "sales", "销量")
    welfare = _fact(report, "welfare", "筹集公益金")
    assert sales.value > 20 * 10**10 and welfare.value > 5 * 10**10
    for fact in (sales, welfare):
        assert re.fullmatch(r"\d+\.\d\d亿元", fact.text) and fact.text in html
    expected = {
        ("stations", "期末在营站点"): "1,275",
        ("stations", "省级星级站点"): "260",
        ("charity", "公益活动"): "48",
        ("charity", "受助人数"): "3,263",
        ("charity", "公益支出"): "743.9万元",
    }
    for (key, label), text in expected.items():
        assert _fact(report, key, label).text == text
        # The label and its figure side by side in the document.
        assert re.search(
            rf'<div class="label">{label}</div><div class="value">{re.escape(text)}</div>', html
        ), label


def test_the_workbook_cells_carry_the_same_figures(annual):
    _report, _html, xlsx = annual
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    rows = {(r[1]): r[2] for r in book[book.sheetnames[0]].iter_rows(min_row=4, values_only=True)}
    assert rows["销量"] > 2_000_000_000 and rows["筹集公益金"] > 500_000_000
    assert rows["期末在营站点"] == 1275
    assert rows["省级星级站点"] == 260
    assert rows["公益活动"] == 48
    assert rows["受助人数"] == 3263
    assert Decimal(str(rows["公益支出"])) == Decimal("7439000")
