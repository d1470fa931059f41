"""Liability insurance at a glance: coverage today, expiry windows, badges, scope."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.stations import selectors
from fucai.stations.cover import station_cover_on
from fucai.stations.models import Station
from fucai.stations.tests.factories import InsurancePolicyFactory, StationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def world():
    lucheng, ruian = region("330302"), region("330381")
    insured = StationFactory(region=lucheng, name="长期有保")
    InsurancePolicyFactory(station=insured, starts_on=days(-100), ends_on=days(300))
    soon = StationFactory(region=lucheng, name="月内到期")
    InsurancePolicyFactory(station=soon, starts_on=days(-300), ends_on=days(20))
    renewed = StationFactory(region=lucheng, name="已续保")
    InsurancePolicyFactory(station=renewed, starts_on=days(-300), ends_on=days(10))
    InsurancePolicyFactory(station=renewed, starts_on=days(11), ends_on=days(375))
    lapsed = StationFactory(region=lucheng, name="已过期")
    InsurancePolicyFactory(station=lapsed, starts_on=days(-400), ends_on=days(-1))
    future_only = StationFactory(region=ruian, name="明天才起保")
    InsurancePolicyFactory(station=future_only, starts_on=days(1), ends_on=days(365))
    in_75 = StationFactory(region=ruian, name="七十五天")
    InsurancePolicyFactory(station=in_75, starts_on=days(-200), ends_on=days(75))
    StationFactory(region=ruian, name="从未投保")
    closed = StationFactory(region=ruian, name="已关停", status="closed")  # not counted
    InsurancePolicyFactory(station=closed, starts_on=days(-10), ends_on=days(5))
    return locals()


def test_coverage_counts_active_stations_insured_today(world, cast):
    rows, total = selectors.insurance_coverage(cast["leader"], TODAY)
    by_region = {row.region: (row.active, row.insured) for row in rows}
    assert by_region == {"鹿城": (4, 3), "瑞安": (3, 1)}
    assert (total.active, total.insured, total.uninsured) == (7, 4, 3)
    assert total.rate == pytest.approx(4 / 7)


def test_expiry_windows(world, cast):
    def names(n):
        return [p.station.name for p in selectors.expiring_policies(cast["leader"], n, TODAY)]

    assert names(30) == ["已续保", "月内到期"]
    assert names(60) == ["已续保", "月内到期"]
    assert names(90) == ["已续保", "月内到期", "七十五天"]
    renewed = {p.station.name: p.renewed for p in selectors.expiring_policies(cast["leader"], 90)}
    assert renewed == {"已续保": True, "月内到期": False, "七十五天": False}


def test_uninsured_and_badges_in_one_query(world, cast, django_assert_num_queries):
    uninsured = {s.name for s in selectors.uninsured_stations(cast["leader"], TODAY)}
    assert uninsured == {"已过期", "明天才起保", "从未投保"}
    with django_assert_num_queries(1):  # the cover kept on the station (cover.py)
        states = {
            s.name: selectors.insurance_state(*station_cover_on(s, TODAY), TODAY)
            for s in Station.objects.active()
        }
    assert states == {
        "长期有保": "ok",
        "月内到期": "expiring",
        "已续保": "ok",  # the renewal continues the cover
        "已过期": "missing",
        "明天才起保": "missing",
        "七十五天": "ok",
        "从未投保": "missing",
    }


def test_the_list_and_the_detail_page_show_the_badge(world, client, cast):
    client.force_login(cast["leader"])
    body = client.get(reverse("stations:list")).content.decode()
    assert body.count('data-insurance="missing"') == 3
    assert body.count('data-insurance="expiring"') == 1
    assert "未投保" in body and "即将到期" in body
    page = client.get(world["lapsed"].get_absolute_url()).content.decode()
    assert 'data-insurance="missing"' in page and "未投保" in page
    page = client.get(world["insured"].get_absolute_url()).content.decode()
    assert "data-insurance" not in page


def test_a_district_sees_only_its_own_stations(world, client, cast):
    client.force_login(cast["lucheng"])
    response = client.get(reverse("stations:insurance"), {"days": 90})
    assert response.status_code == 200
    body = response.content.decode()
    assert "月内到期" in body and "已过期" in body
    assert "七十五天" not in body and "从未投保" not in body and "瑞安" not in body
    assert [(r.region, r.active) for r in response.context["coverage"]] == [("鹿城", 4)]
    assert response.context["total"].insured == 3


def test_the_page_and_its_export(world, client, cast):
    client.force_login(cast["leader"])
    body = client.get(reverse("stations:insurance")).content.decode()
    assert "57.1%" in body  # 4 of 7
    response = client.get(reverse("stations:insurance"), {"days": 90, "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "90 天内到期"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows] == ["已续保", "月内到期", "七十五天"]
    assert rows[0][5] == 1_000_000 and rows[0][7] == 10 and rows[0][8] == "是"
    assert rows[0][9] == 0  # the premium


def test_a_bad_window_is_a_400_in_chinese(client, cast):
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:insurance"), {"days": "7"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
