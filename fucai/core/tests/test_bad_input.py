"""Bad input to the pages is a 4xx with a clear message in Chinese, never a 500: NUL
characters (refused by PostgreSQL and its driver), malformed multipart bodies, huge page
numbers, far-off dates and amounts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fucai.sales.models import SalesDay, SalesImport
from fucai.sales.tests.factories import csv_bytes, ensure_games
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

BIG = str(10**20)


@pytest.fixture
def leader(client, cast):
    client.force_login(cast["leader"])
    return client


@pytest.fixture
def finance(client, cast):
    ensure_games()
    StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))
    client.force_login(cast["finance"])
    return client


def _refused_page(response, phrase: str) -> str:
    assert response.status_code == 400, response.status_code
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert phrase in page
    return page


@pytest.mark.parametrize(
    "url",
    [
        "/stations/?q=%00",
        "/stations/?region=%00",
        "/stations/%00/",
        "/stations/3303%0001/edit/",
        "/sales/?year=2020%00",
        "/public/track/?code=A%00B",
        "/public/notices/%00/objection/",
    ],
)
def test_a_nul_character_in_the_address_is_a_400_page_in_chinese(leader, url):
    page = _refused_page(leader.get(url), "网址中含有非法字符")
    assert "请求被拒绝" in page


def test_a_nul_character_in_a_form_field_is_a_400_page(client, db):
    response = client.post(
        reverse("portal:sign_in"), {"phone": "1380000\x000000", "code": "123456"}
    )
    _refused_page(response, "表单中某个字段含有非法字符")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"no boundary at all", "multipart/form-data"),
        (b"--x\r\n", "multipart/form-data; boundary="),
        (b"\xff\xfe", "multipart/form-data; boundary=\x7f"),
    ],
)
def test_a_malformed_multipart_upload_is_a_400_page(finance, body, content_type):
    response = finance.post(reverse("sales:import_upload"), body, content_type=content_type)
    _refused_page(response, "上传的内容不完整或格式错误")
    assert not SalesImport.objects.exists()


def test_a_future_sales_date_on_the_upload_page_is_listed_with_row_and_column(finance):
    rows = [
        ("33030001", "SSQ", "2024-05-01", "100", "1"),
        ("33030001", "SSQ", "2099-01-01", "100", "1"),
        ("33030001", "QLC", "9999-12-31", "100", "1"),
    ]
    upload = SimpleUploadedFile("s.csv", csv_bytes(rows))
    response = finance.post(reverse("sales:import_upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    for row, value in ((3, "2099-01-01"), (4, "9999-12-31")):
        assert f'data-row="{row}"' in page and value in page
    assert "日期晚于今天" in page
    assert not SalesDay.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/stations/?page={BIG}",
        f"/sales/games/?page={BIG}",
        f"/accounts/notifications/?page={BIG}",
        f"/public/calls/?page={BIG}",
        "/sales/daily/?start=9999-12-01&end=9999-12-31",
        "/sales/daily/?start=0001-01-01&end=0001-01-31",
        f"/sales/?year={BIG}",
        f"/sales/targets/?year={BIG}&month_from=13",
    ],
)
def test_huge_numbers_and_far_dates_in_filters_are_not_errors(leader, url):
    StationFactory()
    assert leader.get(url).status_code == 200


def test_an_unknown_page_is_the_chinese_404(leader):
    response = leader.get("/stations/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_a_server_error_is_the_plain_500_page(cast, monkeypatch):
    from fucai.stations import views

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.StationListView, "get_queryset", broken)
    client = Client(raise_request_exception=False)
    client.force_login(cast["leader"])
    response = client.get("/stations/")
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()


def test_a_date_filter_outside_2000_to_next_year_is_a_form_error(leader):
    response = leader.get("/sales/daily/?start=9999-12-01&end=9999-12-31")
    assert response.status_code == 200
    assert "请输入 2000-01-01 至" in response.content.decode()


def test_an_audit_filter_outside_the_range_is_ignored_not_an_error(client, cast):
    client.force_login(cast["admin"])
    assert client.get("/accounts/audit/?since=9999-12-31&until=0001-01-01").status_code == 200
