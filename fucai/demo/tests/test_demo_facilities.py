"""The facilities demo reproduces the seed: four service stations opened in 2019 (洞头,
瑞安, 苍南, 平阳) and five premises purchases started in 2019 with 2,100万元 — every
figure read back from the rows."""

import pytest
from django.db.models import Sum
from django.urls import reverse

from fucai.core.choices import OrgUnitKind
from fucai.core.models import OrgUnit, User
from fucai.core.tests.factories import ensure_regions
from fucai.demo.facilities import flush_demo_facilities, load_demo_facilities
from fucai.facilities.models import Premises, PurchasePayment, PurchaseProject, ServiceStation
from fucai.facilities.selectors import project_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(cast):
    ensure_regions()
    return load_demo_facilities()


def test_four_service_stations_opened_in_2019(demo):
    stations = ServiceStation.objects.select_related("region", "unit")
    assert {s.region.code for s in stations} == {"330305", "330381", "330327", "330326"}
    assert all(s.opened_on.year == 2019 for s in stations)
    assert all(s.unit.kind == OrgUnitKind.SERVICE_STATION for s in stations)
    for station in stations:
        assert station.address and station.opening_hours and station.services
        assert station.latitude is not None
        staff = User.objects.filter(org_unit=station.unit)
        assert staff.count() >= 2 and station.unit.head in staff
        assert not any(u.has_usable_password() for u in staff)
        assert Premises.objects.filter(unit=station.unit).exists()


def test_five_purchases_started_in_2019_with_2100_wan(demo, cast):
    projects = PurchaseProject.objects.all()
    assert projects.count() == 5
    assert all(p.started_on.year == 2019 for p in projects)
    assert "330302" in {p.region.code for p in projects}  # 鹿城等 5 县（市、区）
    assert not {p.region.code for p in projects} & {"330305", "330381", "330327", "330326"}
    assert projects.aggregate(total=Sum("budget_fen"))["total"] == 21_000_000_00
    assert len({p.budget_fen for p in projects}) == 5  # unequal budgets
    payments = PurchasePayment.objects.all()
    assert all(p.payments.exists() for p in projects)
    assert {p.paid_on.year for p in payments} == {2019, 2020}
    for project in PurchaseProject.objects.with_paid():
        assert 0 < project.paid_fen <= project.budget_fen
    totals = project_totals(PurchaseProject.objects.all())
    assert totals["count"] == 5 and totals["budget_wan"] == "2,100"
    assert totals["paid_fen"] == demo.paid_fen
    assert demo.budget_fen == 21_000_000_00


def test_the_pages_show_the_figures_from_the_rows(demo, client, cast):
    client.force_login(cast["leader"])
    html = client.get(reverse("facilities:premises")).content.decode()
    assert "5 个购置项目 · 预算 2,100万元" in html
    html = client.get(reverse("portal:station_finder")).content.decode()
    assert html.count('data-testid="finder-service-station"') == 4


def test_flush_removes_the_facilities_rows_units_and_staff(demo):
    flush_demo_facilities()
    assert not ServiceStation.objects.exists() and not PurchaseProject.objects.exists()
    assert not OrgUnit.objects.filter(kind=OrgUnitKind.SERVICE_STATION).exists()
    assert not User.objects.filter(username__startswith="svc_").exists()


def test_build_demo_loads_and_flushes_the_facilities_step(db):
    from fucai.demo.builder import _county_regions, build_demo, flush_demo
    from fucai.demo.report import render

    ensure_regions()
    result = build_demo(
        stations=5,
        sales=False,
        recruitment=False,
        governance=False,
        welfare=False,
        charity=False,
        monitoring=False,
        party=False,
        notices=False,
    )
    assert result.facilities.service_stations == 4 and result.facilities.projects == 5
    assert "5 premises purchases started with 2,100 (10k yuan)" in render(result)
    flush_demo(_county_regions())
    assert not ServiceStation.objects.exists()
    assert not OrgUnit.objects.filter(kind=OrgUnitKind.SERVICE_STATION).exists()
