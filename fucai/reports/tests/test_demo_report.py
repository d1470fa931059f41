"""The demo's 2019 annual report reads the seed's figures — sales over 20亿, welfare
fund over 5亿, 1,275 stations, 260 provincial star stations, 48 charity activities,
3,263 people helped, 743.9万元 — all computed from the loaded records, in the HTML that
WeasyPrint turns into the PDF and in the workbook's cells. Built at full scale (the
station counts need it) without the recruitment step, which no figure here reads."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction

from fucai.core.models import AuditEntry, User
from fucai.demo.builder import _county_regions, build_demo, flush_demo

from ..documents import report_html, report_xlsx
from ..periods import ANNUAL, ReportPeriod
from ..selectors import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        build_demo(flush=True, recruitment=False)
        leader = User.objects.get(username="leader")
        report = build_report(leader, ReportPeriod(ANNUAL, 2019))
        yield report, report_html(report), report_xlsx(report)
        with transaction.atomic():
            flush_demo(_county_regions())
            AuditEntry.objects.filter(pk__gt=first_entry or 0).delete()


@pytest.fixture
def demo(loaded, db):
    return loaded


def _fact(report, key: str, label: str):
    return next(f for s, f in report.facts() if s.key == key and f.label == label)


def test_the_pdf_reads_the_seeds_figures(demo):
    report, html, _xlsx = demo
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


def test_the_workbook_cells_carry_the_same_figures(demo):
    _report, _html, xlsx = demo
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    rows = {(r[1]): r[2] for r in book[book.sheetnames[0]].iter_rows(min_row=4, values_only=True)}
    assert rows["销量"] > 2_000_000_000 and rows["筹集公益金"] > 500_000_000
    assert rows["期末在营站点"] == 1275
    assert rows["省级星级站点"] == 260
    assert rows["公益活动"] == 48
    assert rows["受助人数"] == 3263
    assert Decimal(str(rows["公益支出"])) == Decimal("7439000")
