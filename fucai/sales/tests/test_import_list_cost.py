"""The import list counts a batch's errors in the database and costs a fixed number of
queries, however many batches and errors there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.sales.models import SalesImport

pytestmark = pytest.mark.django_db


def _batch(n: int, errors: int = 0, status: str = "succeeded") -> SalesImport:
    return SalesImport.objects.create(
        filename=f"day-{n}.csv",
        checksum=f"{n:064d}",
        status=status,
        errors=[{"row": row, "message": "未知站点"} for row in range(errors)],
    )


def test_the_list_shows_error_counts_without_reading_the_errors(client, cast):
    _batch(1, errors=3000, status="failed")
    _batch(2)
    client.force_login(cast["admin"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sales:import_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<span class="badge bg-red-lt" data-status="failed">失败</span>'
        '<div class="small text-danger">共 3000 处错误</div>'
    ) in body
    assert '<span class="badge bg-green-lt" data-status="succeeded">成功</span>' in body
    page = [q["sql"] for q in queries.captured_queries if 'FROM "sales_salesimport"' in q["sql"]]
    assert page and not any('"sales_salesimport"."errors",' in sql for sql in page)


def test_the_list_costs_the_same_queries_for_3_or_40_batches(client, cast):
    client.force_login(cast["admin"])
    for n in range(3):
        _batch(n, errors=n)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("sales:import_list"))
    for n in range(3, 40):
        _batch(n, errors=n % 4)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("sales:import_list"))
    assert len(few) == len(many)
