"""A newcomer's path: the front door at ``/``, applicants sent to the portal, the station
owner's home, and KPIs that compare the same days of last year and say which period
they cover."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fucai.core.models import Notification
from fucai.core.tests.factories import region
from fucai.sales.models import SalesDay
from fucai.sales.rollups import recompute_months
from fucai.sales.tests.factories import SalesDayFactory, game
from fucai.stations.models import AgencyContract, InsurancePolicy
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _days(station, amounts: dict[datetime.date, int]) -> None:
    ssq = game("SSQ")
    for day, fen in amounts.items():
        SalesDayFactory(station=station, game=ssq, date=day, sales_fen=fen)


def _month_days(year: int, month: int, last_day: int, fen: int) -> dict:
    return {D(year, month, d): fen for d in range(1, last_day + 1)}


@pytest.fixture
def days_world(cast):
    """鹿城 L1 (owned by ``owner``) and 瑞安 R1, SSQ only; the data stop on 2019-03-15.

    | station | 01-10 | 02-10 | 2018-03 daily | 01-10 | 02-10 | 2019-03-01..15 daily |
    | L1      | 10,000 | 10,000 | 1,000 × 31  | 10,000 | 10,000 | 2,000 × 15        |
    | R1      |        |        | 3,000 × 31  |        |        | 3,000 × 15        |
    (the first two columns are 2018, the next two 2019)
    """
    l1 = StationFactory(
        region=region("330302"),
        code="33030001",
        name="鹿城一站",
        owner=StationOwnerFactory(user=cast["owner"]),
    )
    r1 = StationFactory(region=region("330381"), code="33038101", name="瑞安一站")
    _days(l1, {D(2018, 1, 10): 10_000, D(2018, 2, 10): 10_000})
    _days(l1, _month_days(2018, 3, 31, 1_000))
    _days(l1, {D(2019, 1, 10): 10_000, D(2019, 2, 10): 10_000})
    _days(l1, _month_days(2019, 3, 15, 2_000))
    _days(r1, _month_days(2018, 3, 31, 3_000))
    _days(r1, _month_days(2019, 3, 15, 3_000))
    keys = {
        (row.station_id, row.game_id, row.date.replace(day=1)) for row in SalesDay.objects.all()
    }
    recompute_months(keys)
    return {"l1": l1, "r1": r1}


# The front door ------------------------------------------------------------------


def test_an_anonymous_visitor_gets_the_public_services_and_the_staff_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="front-public"' in body and 'data-testid="front-staff"' in body
    for name in ("portal:home", "portal:call_list", "portal:notices", "portal:draws"):
        assert f'href="{reverse(name)}"' in body
    assert f'action="{reverse("core:login")}"' in body
    assert "公众服务" in body and "工作人员登录" in body
    assert "即将开放" in body  # disclosures and complaints: announced, not linked


def test_an_applicant_signing_in_at_the_staff_page_lands_in_the_portal(client, cast):
    cast["applicant"].set_password("pw-123456")
    cast["applicant"].save()
    response = client.post(
        reverse("core:login"), {"username": "applicant", "password": "pw-123456"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:my_applications")
    assert response.status_code == 200
    assert "您的申请在公众服务门户" in response.content.decode()


@pytest.mark.parametrize("name", ["dashboard:home", "stations:list", "sales:overview"])
def test_an_applicant_on_a_staff_page_is_sent_to_the_portal_not_a_403(client, cast, name):
    client.force_login(cast["applicant"])
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_applications")


def test_other_roles_still_get_a_403(client, cast):
    client.force_login(cast["owner"])
    assert client.get(reverse("sales:overview")).status_code == 403


# KPIs: like days, labelled ------------------------------------------------------------


def test_home_kpis_compare_the_same_days_of_last_year(client, cast, days_world):
    client.force_login(cast["leader"])
    response = client.get(reverse("dashboard:home"))
    totals = response.context["sales_totals"]
    # 2019 to 03-15: L1 10,000 + 10,000 + 15 × 2,000; R1 15 × 3,000.
    assert totals["sales_fen"] == 50_000 + 45_000
    # 2018 to 03-15 (not all of March 2018): L1 20,000 + 15 × 1,000; R1 15 × 3,000.
    assert totals["last_sales_fen"] == 35_000 + 45_000
    assert totals["yoy_sales_fen"] == Decimal("18.8")  # 95,000 / 80,000 − 1
    # SSQ raises 36% for the welfare fund: the same days' sales, at the day's rate.
    assert totals["last_welfare_fen"] == 80_000 * 36 // 100
    body = response.content.decode()
    assert 'data-testid="kpi-sales-period">2019年1–3月<' in body
    assert "数据截至 2019-03-15" in body


def test_a_complete_latest_month_compares_whole_months(client, cast, days_world):
    _days(days_world["l1"], {D(2019, 3, d): 2_000 for d in range(16, 32)})
    recompute_months({(days_world["l1"].pk, game("SSQ").pk, D(2019, 3, 1))})
    client.force_login(cast["leader"])
    totals = client.get(reverse("dashboard:home")).context["sales_totals"]
    assert totals["last_sales_fen"] == 20_000 + 31_000 + 93_000
    assert "数据截至 2019-03-31" in client.get(reverse("dashboard:home")).content.decode()


def test_the_overview_kpis_carry_their_period_and_like_days(client, cast, days_world):
    client.force_login(cast["lucheng"])
    response = client.get(reverse("sales:overview"))
    totals = response.context["totals"]
    assert (totals["sales_fen"], totals["last_sales_fen"]) == (50_000, 35_000)
    body = response.content.decode()
    assert 'data-testid="kpi-sales-period">2019年1–3月<' in body
    assert 'data-testid="kpi-sales-until">数据截至 2019-03-15<' in body


# The station owner's home -------------------------------------------------------------


def test_the_owner_home_shows_their_stations_figures_and_tasks_only(client, cast, days_world):
    l1, r1 = days_world["l1"], days_world["r1"]
    today = timezone.localdate()
    AgencyContract.objects.create(
        station=l1,
        number="HT-1",
        starts_on=today - datetime.timedelta(days=1000),
        ends_on=today + datetime.timedelta(days=20),
        deposit_fen=1,
    )
    InsurancePolicy.objects.create(
        station=l1,
        insurer="人保",
        policy_number="BX-1",
        coverage_fen=1,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=5),
    )
    Notification.objects.create(recipient=cast["owner"], subject="年检通知", body="请准备年检")
    Notification.objects.create(recipient=cast["leader"], subject="别人的通知", body="x")
    client.force_login(cast["owner"])
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert l1.code in body and r1.code not in body and "瑞安一站" not in body
    (row,) = response.context["rows"]
    # March 2019 to the 15th against March 2018 to the 15th.
    assert (row["sales"], row["last_sales"]) == (30_000, 15_000)
    assert row["yoy"] == Decimal("100.0")
    assert row["contract_end"] == today + datetime.timedelta(days=20)
    tasks = " ".join(str(t["text"]) for t in response.context["tasks"])
    assert "代销合同" in tasks and "责任险" in tasks
    assert "年检通知" in body and "别人的通知" not in body
    assert response.context["year_totals"]["sales_fen"] == 50_000
    assert "数据截至 2019-03-15" in body


def test_months_asked_for_beyond_the_data_are_not_compared(client, cast, days_world):
    client.force_login(cast["leader"])
    response = client.get(reverse("sales:overview"), {"year": 2019, "month_to": 12})
    totals = response.context["totals"]
    # The data stop on 2019-03-15: April–December 2018 does not count against them.
    assert (totals["sales_fen"], totals["last_sales_fen"]) == (95_000, 80_000)
    assert "数据截至 2019-03-15" in response.content.decode()
