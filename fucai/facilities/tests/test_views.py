"""The facilities pages: scoped lists with totals from rows, a project's payments and
the record-payment form (bad input and over budget are form errors), the profile edit,
a few queries per page; the portal's finder shows the service stations, never staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fucai.core.models import User

from .. import services
from ..models import PurchasePayment, PurchaseProject, ServiceStation
from .factories import make_project, make_station

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_stations_in_scope_and_the_projects_headline(client, cast):
    make_station("330302")
    make_station("330381")
    make_project("330302", budget_fen=5_200_000_00, paid=(1_560_000_00,))
    make_project("330303", budget_fen=4_600_000_00)
    client.force_login(cast["leader"])
    html = client.get(reverse("facilities:service_stations")).content.decode()
    assert html.count('data-testid="service-station"') == 2
    assert "2 个购置项目 · 预算 980万元" in html
    assert "已支付 156万元" in html
    client.force_login(cast["lucheng"])
    html = client.get(reverse("facilities:service_stations")).content.decode()
    assert html.count('data-testid="service-station"') == 1
    assert "鹿城" in html and "瑞安综合服务站" not in html
    assert "1 个购置项目 · 预算 520万元" in html


def test_the_lists_take_a_few_queries_whatever_the_rows(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast["finance"])
    for code in ("330302", "330381", "330305", "330326", "330327"):
        make_station(code)
        make_project(code, paid=(1_00, 2_00))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("facilities:service_stations")).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("facilities:premises"))
    assert response.content.decode().count('data-testid="project-row"') == 5
    project = PurchaseProject.objects.first()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("facilities:project", args=[project.pk])).status_code == 200


def test_the_detail_lists_staff_and_premises(client, cast):
    station = make_station("330302", staff=3)
    client.force_login(cast["lucheng"])
    html = client.get(reverse("facilities:service_station", args=[station.pk])).content.decode()
    assert html.count("员工") >= 3 and "用房" in html and "征召咨询" in html
    client.force_login(cast["ruian"])
    response = client.get(reverse("facilities:service_station", args=[station.pk]))
    assert response.status_code == 404


def test_finance_records_a_payment_and_sees_the_paid_total_move(client, cast):
    project = make_project(budget_fen=100_000_00, paid=(20_000_00,))
    client.force_login(cast["finance"])
    url = reverse("facilities:project", args=[project.pk])
    today = timezone.localdate().isoformat()
    data = {"amount_fen": "30000.50", "paid_on": today, "payee": "某公司", "voucher_no": "FC1"}
    response = client.post(url, data)
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "¥50,000.50" in html  # paid
    assert "¥49,999.50" in html  # left


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"amount_fen": "abc"}, "输入一个数字"),
        ({"amount_fen": "-5"}, "大于或等于0.01"),
        ({"amount_fen": "1", "paid_on": "2999-01-01"}, "付款日期不能晚于今天"),
        ({"amount_fen": "80000.01"}, "超出预算"),
    ],
)
def test_bad_input_and_over_budget_are_form_errors(client, cast, data, field_text):
    project = make_project(budget_fen=100_000_00, paid=(20_000_00,))
    client.force_login(cast["finance"])
    payload = {"paid_on": timezone.localdate().isoformat(), "payee": "某公司", "voucher_no": "F"}
    response = client.post(reverse("facilities:project", args=[project.pk]), payload | data)
    assert response.status_code == 400
    assert field_text in response.content.decode()
    assert PurchasePayment.objects.filter(project=project).count() == 1


def test_others_cannot_record_a_payment(client, cast):
    project = make_project("330302")
    data = {"amount_fen": "1", "paid_on": "2019-09-01", "payee": "x", "voucher_no": "x"}
    for role in ("leader", "lucheng"):
        client.force_login(cast[role])
        response = client.post(reverse("facilities:project", args=[project.pk]), data)
        assert response.status_code == 403
    client.force_login(cast["ruian"])
    assert client.post(reverse("facilities:project", args=[project.pk]), data).status_code == 403
    assert not PurchasePayment.objects.filter(project=project).exists()


def test_a_payment_is_reversed_from_its_row(client, cast):
    project = make_project(paid=(5_00,))
    payment = project.payments.get()
    client.force_login(cast["finance"])
    url = reverse("facilities:payment_reverse", args=[project.pk, payment.pk])
    response = client.post(url, {"reason": "重复录入", "paid_on": "2019-09-02"})
    assert response.status_code == 302
    assert project.payments.get(reverses=payment).amount_fen == -5_00
    html = client.get(reverse("facilities:project", args=[project.pk])).content.decode()
    assert "重复录入" in html and "已冲销" in html
    assert 'data-testid="history"' in html and f"{payment.voucher_no}-R" in html


def test_station_management_edits_the_profile(client, cast):
    station = make_station("330326")
    client.force_login(cast["stations"])
    url = reverse("facilities:service_station_edit", args=[station.pk])
    assert client.get(url).status_code == 200
    data = {
        "address": "平阳县昆阳镇城东大道 1021 号",
        "opening_hours": "周一至周六 8:30–17:00",
        "phone": "0577-63712019",
        "latitude": "27.662",
        "longitude": "120.565",
        "services": ["recruitment", "complaints", "training"],
        "opened_on": "2019-12-12",
        "head": str(station.unit.head_id),
    }
    assert client.post(url, data).status_code == 302
    station = ServiceStation.objects.get(pk=station.pk)
    assert station.address.startswith("平阳县") and len(station.services) == 3
    response = client.post(url, data | {"latitude": ""})
    assert response.status_code == 400
    assert "请同时填写纬度和经度" in response.content.decode()


def test_the_portal_finder_shows_service_stations_without_staff(client, cast):
    station = make_station("330305")
    make_station("330381")
    names = list(User.objects.filter(org_unit=station.unit).values_list("display_name", flat=True))
    html = client.get(reverse("portal:station_finder")).content.decode()
    assert html.count('data-testid="finder-service-station"') == 2
    assert "洞头" in html and "0577-88880000" in html and "投诉受理" in html
    assert "service_points" in html
    for name in names:
        assert name not in html
    html = client.get(reverse("portal:station_finder"), {"district": "330305"}).content.decode()
    assert html.count('data-testid="finder-service-station"') == 1


def test_finance_forms_speak_chinese(client, cast):
    """The no-English crawl renders as leadership; the finance forms, here."""
    from fucai.core.tests.test_no_english import english_words

    cast["finance"].display_name = "李晓红"  # shown as who recorded the payment
    cast["finance"].save(update_fields=["display_name"])
    project = make_project(paid=(5_00,))
    services.payment_record(
        acting_user=cast["finance"],
        project=project,
        amount_fen=1_00,
        paid_on=project.started_on,
        payee="某公司",
        voucher_no="V9",
    )
    client.force_login(cast["finance"])
    for url in (
        reverse("facilities:project", args=[project.pk]),
        reverse("facilities:project_create"),
        reverse("facilities:premises"),
    ):
        assert english_words(client.get(url).content.decode()) == set(), url
    data = {"amount_fen": "x", "paid_on": "", "payee": "", "voucher_no": ""}
    response = client.post(reverse("facilities:project", args=[project.pk]), data)
    assert english_words(response.content.decode()) == set()
    cast["stations"].display_name = "王海燕"  # the header shows the signed-in user
    cast["stations"].save(update_fields=["display_name"])
    client.force_login(cast["stations"])
    station = make_station("330302")
    url = reverse("facilities:service_station_edit", args=[station.pk])
    assert english_words(client.get(url).content.decode()) == set()


def test_finance_registers_premises_and_a_lease_needs_its_end(client, cast):
    station = make_station("330327")
    client.force_login(cast["finance"])
    url = reverse("facilities:premises_create")
    data = {
        "name": "苍南综合服务站二楼",
        "region": str(station.region_id),
        "unit": str(station.unit_id),
        "address": "苍南县灵溪镇人民大道 915 号二楼",
        "floor_area_m2": "120.5",
        "tenure": "leased",
        "lease_ends_on": "",
        "acquired_on": "2019-10-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "租赁用房须填写租期截止日期" in response.content.decode()
    other = make_station("330326")
    response = client.post(url, data | {"lease_ends_on": "2024-10-31", "unit": other.unit_id})
    assert response.status_code == 400 and "另一" in response.content.decode()
    assert client.post(url, data | {"lease_ends_on": "2024-10-31"}).status_code == 302
    html = client.get(reverse("facilities:premises")).content.decode()
    assert "苍南综合服务站二楼" in html and "租期至 2024-10-31" in html


def test_station_management_opens_a_service_station_in_a_district(client, cast):
    from fucai.core.choices import OrgUnitKind
    from fucai.core.models import AuditEntry
    from fucai.core.tests.factories import region

    client.force_login(cast["stations"])
    listing = client.get(reverse("facilities:service_stations")).content.decode()
    url = reverse("facilities:service_station_create")
    assert url in listing
    data = {
        "name": "鹿城综合服务站",
        "region": str(region("330302").pk),
        "address": "鹿城区车站大道 577 号",
        "opening_hours": "周一至周五 8:30–17:00",
        "services": ["recruitment", "training"],
        "latitude": "28.01",
        "longitude": "120.67",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    station = ServiceStation.objects.get(unit__name="鹿城综合服务站")
    assert station.unit.kind == OrgUnitKind.SERVICE_STATION
    assert list(station.unit.regions.values_list("code", flat=True)) == ["330302"]
    assert station.region.code == "330302" and station.services == ["recruitment", "training"]
    assert AuditEntry.objects.filter(object_id=str(station.pk), action="create").exists()
    # The same name again is refused with the reason; so is half a position.
    again = client.post(url, data)
    assert again.status_code == 400 and "已存在" in again.content.decode()
    half = client.post(url, data | {"name": "另一站", "longitude": ""})
    assert half.status_code == 400
    # A district's staff may not open one; finance neither.
    client.force_login(cast["finance"])
    assert client.post(url, data | {"name": "第三站"}).status_code == 403
