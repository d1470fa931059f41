"""Station numbering: the suggested next code, the rule check, uniqueness (also under a
race), the JSON endpoint and the create form's pre-filled code."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from fucai.core.tests.factories import id_number, region
from fucai.stations import numbering, services
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def _create(user, code, where="330302"):
    return services.station_create(
        acting_user=user,
        owner={"kind": "person", "name": "陈明", "id_number": id_number(7), "phone": "13800001234"},
        code=code,
        name="福彩·人民路站",
        kind="computer",
        station_class="dedicated",
        region=region(where),
        address="人民路88号",
        premises_area=Decimal("30"),
        terminal_count=1,
    )


def test_next_code_is_the_highest_city_serial_plus_one():
    lucheng, ruian = region("330302"), region("330381")
    assert numbering.next_code(lucheng) == "33030001"
    StationFactory(code="33035276", region=ruian)
    StationFactory(code="33030012", region=lucheng)
    StationFactory(code="330300999999", region=lucheng)  # a legacy 12-digit code: not a serial
    # Serials are city-wide: 鹿城's next code follows 瑞安's highest.
    assert numbering.next_code(lucheng) == numbering.next_code(ruian) == "33035277"
    StationFactory(code="33039999", region=ruian)
    assert numbering.next_code(lucheng) is None


@pytest.mark.parametrize("code", ["3303527", "330352761", "33045276", "3303ABCD", "33030000"])
def test_a_code_off_the_rule_is_refused_in_chinese(cast, code):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        _create(cast["stations"], code)
    message = error.value.message_dict["code"][0]
    assert "3303" in message and "4 位" in message, message
    assert not Station.objects.exists()


def test_a_used_code_is_refused_with_the_next_free_one(cast):
    StationFactory(code="33030007", region=region("330381"))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        _create(cast["stations"], "33030007")
    assert error.value.message_dict["code"] == [
        "站点编码 33030007 已被使用，下一个可用编码为 33030008。"
    ]
    assert _create(cast["stations"], "33030008").code == "33030008"


def test_a_code_taken_by_a_concurrent_registration_is_a_form_error_not_a_500(cast):
    """Both registrations passed the check; the unique constraint decides, and the loser
    gets the same field error (simulated: the check sees the code free, the row exists)."""
    StationFactory(code="33030005")
    with (
        mock.patch.object(numbering, "validate_new_code", side_effect=lambda code, *a, **k: code),
        mock.patch.object(Station, "validate_unique"),
        pytest.raises(ValidationError) as error,
    ):
        _create(cast["stations"], "33030005")
    assert "code" in error.value.message_dict
    assert Station.objects.filter(code="33030005").count() == 1


def test_an_unrelated_integrity_error_is_not_disguised(cast):
    with (
        mock.patch.object(Station, "save", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        _create(cast["stations"], "33030001")


def test_existing_codes_may_stay_but_a_changed_code_follows_the_rule(cast):
    station = StationFactory(code="330300999999", region=region("330302"))
    services.station_update(
        acting_user=cast["stations"], station=station, version=station.version, name="新名字"
    )
    station.refresh_from_db()
    with pytest.raises(ValidationError):
        services.station_update(
            acting_user=cast["stations"], station=station, version=station.version, code="123"
        )


def test_the_next_code_endpoint(client, cast):
    StationFactory(code="33030041", region=region("330381"))
    client.force_login(cast["lucheng"])
    url = reverse("stations:next_code")
    response = client.get(url, {"region": region("330302").pk})
    assert response.status_code == 200 and response.json() == {"code": "33030042"}
    # Another district is not in 鹿城's scope; a malformed one is a bad request.
    assert client.get(url, {"region": region("330381").pk}).status_code == 404
    for bad in ("", "abc", "9" * 30, "-1"):
        assert client.get(url, {"region": bad}).status_code == 400


def test_the_create_form_is_prefilled_for_a_one_district_user(client, cast):
    StationFactory(code="33030041", region=region("330381"))
    client.force_login(cast["lucheng"])
    response = client.get(reverse("stations:create"))
    form = response.context["form"]
    assert form["code"].value() == "33030042"
    assert str(form["region"].value()) == str(region("330302").pk)
    body = response.content.decode()
    assert 'x-data="stationCode"' in body and reverse("stations:next_code") in body
    # The city-wide department picks a district first: nothing is guessed.
    client.force_login(cast["stations"])
    assert not client.get(reverse("stations:create")).context["form"]["code"].value()
