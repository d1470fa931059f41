"""Importing an insurer's renewal list: a file with a wrong cell is refused whole with
the row and column named; the corrected file imports, and the coverage chart draws."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.stations.models import InsurancePolicy
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = ["站点编号", "保险公司", "保单号", "保额（元）", "保费（元）", "起保日期", "终止日期"]


def _workbook(rows) -> dict:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return {
        "name": "续保清单.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def test_a_renewal_list_with_an_error_then_fixed(page, cast):
    first = StationFactory(region=region("330302"), name="五马街站")
    second = StationFactory(region=region("330381"), name="瑞安站")
    start = timezone.localdate() + datetime.timedelta(days=5)
    end = start + datetime.timedelta(days=364)

    def row(station, number, ends=end):
        return [station.code, "人保温州", number, 500000, 600, start, ends]

    login(page, "stations", PASSWORD)
    page.goto("/stations/insurance/")
    expect(page.get_by_test_id("coverage-chart").locator("canvas")).to_have_count(1)
    page.get_by_test_id("renewal-import").click()
    page.wait_for_url("**/insurance/import/")
    page.set_input_files(
        "#id_file", _workbook([row(first, "PZ-1"), row(second, "PZ-2", ends="下个月")])
    )
    page.get_by_test_id("renewal-submit").click()
    errors = page.get_by_test_id("renewal-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("3")
    expect(errors.locator("tbody tr").first).to_contain_text("终止日期")
    assert not InsurancePolicy.objects.exists()

    page.set_input_files("#id_file", _workbook([row(first, "PZ-1"), row(second, "PZ-2")]))
    page.get_by_test_id("renewal-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("新增保单 2 份")
    expect(page.get_by_test_id("renewal-imports").locator("tbody tr").first).to_contain_text(
        "续保清单.xlsx"
    )
    assert set(InsurancePolicy.objects.values_list("policy_number", flat=True)) == {"PZ-1", "PZ-2"}
