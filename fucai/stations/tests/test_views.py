import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fucai.core.tests.factories import id_number, region
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(cast):
    lucheng = [StationFactory(region=region("330302")) for _ in range(3)]
    ruian = [
        StationFactory(region=region("330381"), kind="instant", status="suspended")
        for _ in range(2)
    ]
    return {"lucheng": lucheng, "ruian": ruian}


def _codes(response) -> set[str]:
    return {station.code for station in response.context["object_list"]}


def test_leader_sees_every_district_and_lucheng_only_its_own(client, cast, network):
    client.force_login(cast["leader"])
    everything = _codes(client.get(reverse("stations:list")))
    assert everything == {s.code for s in network["lucheng"] + network["ruian"]}
    client.force_login(cast["lucheng"])
    assert _codes(client.get(reverse("stations:list"))) == {s.code for s in network["lucheng"]}


def test_a_branch_user_cannot_widen_scope_by_filter(client, cast, network):
    client.force_login(cast["lucheng"])
    response = client.get(reverse("stations:list"), {"region": "330381"})
    # 瑞安 is not even a valid choice for them: the filter is ignored, scope still applies.
    assert _codes(response) <= {s.code for s in network["lucheng"]}
    choices = response.context["filter_form"].fields["region"].queryset
    assert list(choices.values_list("code", flat=True)) == ["330302"]


def test_a_station_owner_sees_only_their_station(client, cast, network):
    mine = StationFactory(owner=StationOwnerFactory(user=cast["owner"]), region=region("330381"))
    client.force_login(cast["owner"])
    assert _codes(client.get(reverse("stations:list"))) == {mine.code}
    assert (
        client.get(reverse("stations:detail", args=[network["lucheng"][0].code])).status_code == 404
    )


def test_filters_combine(client, cast, network):
    client.force_login(cast["leader"])
    response = client.get(
        reverse("stations:list"), {"region": "330381", "kind": "instant", "status": "suspended"}
    )
    assert _codes(response) == {s.code for s in network["ruian"]}
    response = client.get(reverse("stations:list"), {"region": "330381", "status": "active"})
    assert _codes(response) == set()


def test_search_by_name_code_and_owner_id_number(client, cast):
    owner = StationOwnerFactory(id_number=id_number(4242))
    target = StationFactory(name="福彩·五马街站", owner=owner)
    StationFactory(name="福彩·人民路站")
    client.force_login(cast["leader"])
    assert _codes(client.get(reverse("stations:list"), {"q": "五马"})) == {target.code}
    assert _codes(client.get(reverse("stations:list"), {"q": target.code})) == {target.code}
    lower_x = id_number(4242).lower()
    assert _codes(client.get(reverse("stations:list"), {"q": lower_x})) == {target.code}


def test_sorting_and_pagination(client, cast):
    for n in range(55):
        StationFactory(name=f"站{n:02d}")
    client.force_login(cast["leader"])
    page1 = client.get(reverse("stations:list"), {"sort": "-name"})
    names = [s.name for s in page1.context["object_list"]]
    assert names[0] == "站54" and len(names) == 50
    page2 = client.get(reverse("stations:list"), {"sort": "-name", "page": 2})
    assert [s.name for s in page2.context["object_list"]][-1] == "站00"
    # an unknown sort key is ignored rather than passed to the ORM
    assert client.get(reverse("stations:list"), {"sort": "owner__id_number"}).status_code == 200


def test_the_list_costs_a_fixed_number_of_queries(client, cast):
    client.force_login(cast["leader"])
    for _ in range(5):
        StationFactory()
    client.get(reverse("stations:list"))  # the filter's districts read once, then cached
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("stations:list"))
    for _ in range(40):
        StationFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("stations:list"))
    assert len(many) == len(few) <= 8


def test_htmx_requests_get_only_the_table(client, cast, network):
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'data-testid="station-table"' in body and "<html" not in body


def test_export_honours_filters_and_scope(client, cast, network):
    client.force_login(cast["lucheng"])
    response = client.get(reverse("stations:list"), {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    codes = {row[0] for row in rows[1:]}
    assert codes == {s.code for s in network["lucheng"]}
    # personal data is masked in exports too
    assert all("****" in row[9] for row in rows[1:])
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"), {"export": "xlsx", "region": "330381"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {row[0] for row in list(workbook.active.iter_rows(values_only=True))[1:]} == {
        s.code for s in network["ruian"]
    }


def test_the_detail_page_masks_personal_data(client, cast):
    station = StationFactory(contact_phone="13912345678")
    client.force_login(cast["leader"])
    body = client.get(reverse("stations:detail", args=[station.code])).content.decode()
    assert station.owner.id_number not in body and "13912345678" not in body
    assert station.owner.id_number_masked in body and "139****5678" in body


def _create_payload(**overrides):
    data = {
        "code": "33031234",
        "name": "福彩·江滨路站",
        "kind": "computer",
        "station_class": "dedicated",
        "region": region("330302").pk,
        "address": "鹿城区江滨路1号",
        "premises_area": "28",
        "terminal_count": "1",
        "owner_kind": "person",
        "owner_name": "林华",
        "owner_id_number": id_number(99),
        "owner_phone": "13900001111",
    }
    data.update(overrides)
    return data


def test_creating_a_station_through_the_form(client, cast):
    client.force_login(cast["lucheng"])
    response = client.post(reverse("stations:create"), _create_payload())
    assert response.status_code == 302
    station = Station.objects.get(code="33031234")
    assert station.status == "preparing" and station.owner.name == "林华"


def test_form_errors_are_specific_and_in_chinese(client, cast):
    client.force_login(cast["stations"])
    bad_id = id_number(99)[:-1] + ("0" if id_number(99)[-1] != "0" else "1")
    response = client.post(
        reverse("stations:create"),
        _create_payload(owner_id_number=bad_id, owner_phone="12345", code="12"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"owner_id_number", "owner_phone", "code"}
    body = response.content.decode()
    assert "校验码" in body, "the ID-number error should be shown in Chinese"
    assert not Station.objects.exists()


def test_the_transition_form_changes_status(client, cast):
    station = StationFactory(region=region("330302"))
    client.force_login(cast["lucheng"])
    url = reverse("stations:transition", args=[station.code])
    assert "suspended" in client.get(url).content.decode()
    response = client.post(
        url, {"to_status": "suspended", "effective_on": "2019-05-01", "reason": "暂停整顿"}
    )
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.status == "suspended"
    response = client.post(
        url, {"to_status": "preparing", "effective_on": "2019-05-01", "reason": "x"}
    )
    assert response.status_code == 400


def test_revealing_the_owner_identity_is_post_only(client, cast):
    station = StationFactory(region=region("330302"))
    client.force_login(cast["lucheng"])
    url = reverse("stations:owner_reveal", args=[station.code])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert station.owner.id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_registering_with_another_districts_owner_id_shows_a_clear_error(client, cast):
    owner = StationOwnerFactory(name="瑞安业主", id_number=id_number(4242), phone="13700004242")
    StationFactory(region=region("330381"), owner=owner)
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("stations:create"),
        _create_payload(owner_id_number=id_number(4242), owner_name="冒名者"),
    )
    assert response.status_code == 400
    assert "owner_id_number" in response.context["form"].errors
    assert "该身份证号已登记为其他辖区投注站的业主" in response.content.decode()
    owner.refresh_from_db()
    assert (owner.name, owner.phone) == ("瑞安业主", "13700004242")
    assert not Station.objects.filter(code="33031234").exists()
