"""The station edit form shows personal values only masked; unchanged masks keep the
stored values, new values replace them; the full value is the audited reveal."""

import re

import pytest
from django.urls import reverse

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import id_number, region
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db

OWNER_PHONE, CONTACT_PHONE = "13812345678", "13799998888"


@pytest.fixture
def station():
    owner = StationOwnerFactory(phone=OWNER_PHONE, id_number=id_number(31))
    return StationFactory(owner=owner, contact_phone=CONTACT_PHONE, region=region("330302"))


def _form_values(html: str) -> dict:
    """Every input's name -> value as the browser would submit it."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            values[name.group(1)] = value.group(1) if value else ""
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        values[select.group(1)] = chosen.group(1) if chosen else ""
    return values


def test_the_edit_page_shows_no_full_personal_value(client, cast, station):
    client.force_login(cast["lucheng"])
    html = client.get(reverse("stations:edit", args=[station.code])).content.decode()
    assert OWNER_PHONE not in html
    assert CONTACT_PHONE not in html
    assert id_number(31) not in html
    values = _form_values(html)
    assert values["owner_phone"] == "138****5678"
    assert values["contact_phone"] == "137****8888"


def test_saving_the_form_unchanged_keeps_the_stored_values(client, cast, station):
    client.force_login(cast["lucheng"])
    url = reverse("stations:edit", args=[station.code])
    values = _form_values(client.get(url).content.decode())
    values["name"] = "福彩·改名站"
    response = client.post(url, values)
    assert response.status_code == 302, response.content.decode()[:3000]
    station = Station.objects.select_related("owner").get(pk=station.pk)
    assert station.name == "福彩·改名站"
    assert station.owner.phone == OWNER_PHONE
    assert station.contact_phone == CONTACT_PHONE
    assert station.owner.id_number == id_number(31)


def test_typing_a_new_number_replaces_it(client, cast, station):
    client.force_login(cast["lucheng"])
    url = reverse("stations:edit", args=[station.code])
    values = _form_values(client.get(url).content.decode())
    values.update(owner_phone="139 0000 2222", contact_phone="13600003333")
    assert client.post(url, values).status_code == 302
    station = Station.objects.select_related("owner").get(pk=station.pk)
    assert station.owner.phone == "13900002222"
    assert station.owner.phone_masked == "139****2222"
    assert station.contact_phone == "13600003333"
    assert station.contact_phone_masked == "136****3333"


def test_a_mangled_mask_is_refused_not_stored(client, cast, station):
    client.force_login(cast["lucheng"])
    url = reverse("stations:edit", args=[station.code])
    values = _form_values(client.get(url).content.decode())
    values["contact_phone"] = "137****8889"
    response = client.post(url, values)
    assert response.status_code == 400
    assert "contact_phone" in response.context["form"].errors
    assert CONTACT_PHONE not in response.content.decode()
    assert Station.objects.get(pk=station.pk).contact_phone == CONTACT_PHONE


def test_revealing_the_full_values_is_audited(client, cast, station):
    client.force_login(cast["lucheng"])
    response = client.post(reverse("stations:owner_reveal", args=[station.code]))
    assert OWNER_PHONE in response.content.decode()
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.actor == cast["lucheng"]
    assert entry.object_id == str(station.owner.pk)
    assert station.code in entry.comment


def test_the_django_admin_shows_only_masks(client, station):
    from fucai.core.tests.factories import UserFactory

    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    pages = [
        reverse("admin:stations_station_change", args=[station.pk]),
        reverse("admin:stations_stationowner_changelist"),
        reverse("admin:stations_stationowner_change", args=[station.owner.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert OWNER_PHONE not in html and CONTACT_PHONE not in html, url
    assert "138****5678" in client.get(pages[1]).content.decode()
