"""Pages of the sales staff registry and certificates: lists with filters and masks,
registering from the form, the station's tab and flag, the invitation link, exports,
revoking, a seller's own certificates."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fucai.core.tests.factories import id_number, region
from fucai.stations.models import SalesStaff, StaffAssignment
from fucai.stations.services import seller_account_invite, seller_invite_tokens

from .factories import (
    CertificateFactory,
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
    StationOwnerFactory,
)

pytestmark = pytest.mark.django_db


def _wrong_check_digit(valid: str) -> str:
    return valid[:-1] + ("1" if valid[-1] == "0" else "0")


def _today():
    return timezone.localdate()


def _certified(station, days_left=500, **staff):
    assignment = StaffAssignmentFactory(station=station, staff=SalesStaffFactory(**staff))
    valid_to = _today() + datetime.timedelta(days=days_left)
    CertificateFactory(
        holder=assignment.staff,
        valid_from=valid_to - datetime.timedelta(days=1000),
        valid_to=valid_to,
    )
    return assignment


def test_the_staff_list_shows_masks_and_filters_by_certificate(client, cast):
    lucheng = StationFactory(region=region("330302"))
    ok = _certified(lucheng, name="王小丽")
    expiring = _certified(lucheng, days_left=20, name="李一")
    _certified(StationFactory(region=region("330381")), name="瑞安人")
    client.force_login(cast["lucheng"])
    page = client.get(reverse("stations:staff_list")).content.decode()
    assert "王小丽" in page and "李一" in page and "瑞安人" not in page
    assert ok.staff.id_number_masked in page and ok.staff.id_number not in page
    assert ok.staff.phone not in page
    page = client.get(reverse("stations:staff_list"), {"certificate": "expiring"}).content.decode()
    assert "李一" in page and "王小丽" not in page
    assert expiring.staff.name in page


def test_the_staff_list_costs_a_few_queries(client, cast, django_assert_max_num_queries):
    station = StationFactory(region=region("330302"))
    for _ in range(30):
        _certified(station)
    client.force_login(cast["stations"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("stations:staff_list"))
    assert response.status_code == 200


def test_registering_a_seller_from_the_form_shows_them_on_the_station(client, cast):
    station = StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    client.force_login(cast["owner"])
    form = client.get(reverse("stations:staff_create"), {"station": station.code})
    assert form.status_code == 200
    response = client.post(
        reverse("stations:staff_create"),
        {
            "station": station.code,
            "role": "seller",
            "name": "陈小燕",
            "id_number": id_number(8100, "330381"),
            "phone": "13700001111",
            "starts_on": "2019-05-01",
            "invite": "on",
        },
    )
    assert response.status_code == 302
    staff = SalesStaff.objects.get()
    assert staff.user is not None
    page = client.get(response["Location"]).content.decode()
    assert "陈小燕" in page and 'data-testid="no-certified-seller"' in page


def test_a_bad_id_number_is_a_form_error(client, cast):
    station = StationFactory(region=region("330302"))
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("stations:staff_create"),
        {
            "station": station.code,
            "role": "seller",
            "name": "陈小燕",
            "id_number": _wrong_check_digit(id_number(8200)),
            "phone": "13700001111",
            "starts_on": "2019-05-01",
        },
    )
    assert response.status_code == 400
    assert not SalesStaff.objects.exists()


def test_the_station_page_flags_a_station_without_a_certified_seller(client, cast):
    station = StationFactory(region=region("330302"))
    client.force_login(cast["lucheng"])
    page = client.get(reverse("stations:detail", args=[station.code])).content.decode()
    assert 'data-testid="no-certified-seller-badge"' in page
    _certified(station, name="持证人")
    page = client.get(reverse("stations:detail", args=[station.code]), {"tab": "staff"})
    text = page.content.decode()
    assert 'data-testid="no-certified-seller-badge"' not in text and "持证人" in text
    listed = client.get(reverse("stations:list"), {"staffing": "uncertified"}).content.decode()
    assert station.code not in listed


def test_transfer_and_leaving_from_the_modals(client, cast):
    first, second = StationFactory(region=region("330302")), StationFactory(region=region("330302"))
    assignment = _certified(first)
    client.force_login(cast["lucheng"])
    url = reverse("stations:assignment_transfer", args=[assignment.pk])
    bad = client.post(url, {"to_station": "99999999", "on": _today().isoformat()})
    assert bad.status_code == 400
    response = client.post(url, {"to_station": second.code, "on": _today().isoformat()})
    assert response.status_code == 302
    current = StaffAssignment.objects.get(ends_on=None)
    assert current.station == second
    response = client.post(
        reverse("stations:assignment_end", args=[current.pk]),
        {"reason": "left", "ends_on": _today().isoformat()},
    )
    assert response.status_code == 302
    assert StaffAssignment.objects.filter(ends_on=None).count() == 0


def test_the_invitation_link_sets_a_password_once(client, cast):
    assignment = _certified(StationFactory(region=region("330302")))
    user = seller_account_invite(acting_user=cast["lucheng"], staff=assignment.staff)
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse("stations:seller_welcome", args=[uid, seller_invite_tokens.make_token(user)])
    response = client.get(url)
    assert response.status_code == 302  # the token leaves the URL
    form_url = response["Location"]
    response = client.post(
        form_url, {"new_password1": "Fucai-seller-2019", "new_password2": "Fucai-seller-2019"}
    )
    assert response.status_code == 200 and user.username in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Fucai-seller-2019")
    again = client.get(url)
    assert 'data-testid="seller-welcome"' in again.content.decode()
    assert 'name="new_password1"' not in again.content.decode()
    assert client.login(username=user.username, password="Fucai-seller-2019")
    mine = client.get(reverse("stations:certificate_mine")).content.decode()
    assert assignment.staff.certificates.get().number in mine


def test_the_certificate_list_filters_exports_and_revokes(client, cast):
    station = StationFactory(region=region("330302"))
    valid = _certified(station, name="有效人").staff.certificates.get()
    expired = _certified(station, days_left=-5, name="过期人").staff.certificates.get()
    client.force_login(cast["stations"])
    page = client.get(reverse("stations:certificate_list"), {"status": "expired"})
    text = page.content.decode()
    assert expired.number in text and valid.number not in text
    export = client.get(reverse("stations:certificate_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    numbers = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {valid.number, expired.number} <= numbers
    response = client.post(
        reverse("stations:certificate_revoke", args=[valid.number]), {"reason": "违规售彩"}
    )
    assert response.status_code == 302
    valid.refresh_from_db()
    assert valid.revoked_reason == "违规售彩"
    detail = client.get(reverse("stations:certificate_detail", args=[valid.number]))
    assert "违规售彩" in detail.content.decode()


def test_the_public_page_verifies_a_certificate_without_personal_data(client):
    staff = SalesStaffFactory(name="张三丰")
    station = StationFactory(name="福彩鹿城一号站")
    StaffAssignmentFactory(staff=staff, station=station)
    certificate = CertificateFactory(
        holder=staff,
        valid_from=_today() - datetime.timedelta(days=30),
        valid_to=_today() + datetime.timedelta(days=900),
    )
    url = reverse("portal:certificate_verify")
    response = client.get(url, {"number": certificate.number.lower()})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in text and "张**" in text and "福彩鹿城一号站" in text
    assert "张三丰" not in text and staff.id_number not in text and staff.phone not in text
    assert staff.id_number_masked not in text and staff.phone_masked not in text
    unknown = client.get(url, {"number": "ZJFC2019999999"})
    assert unknown.status_code == 404 and 'data-testid="verify-error"' in unknown.content.decode()
    assert client.get(url, {"number": "<script>"}).status_code == 400


def test_the_public_page_is_throttled(client, settings):
    settings.CERTIFICATE_VERIFY_LIMIT_PER_IP = 3
    url = reverse("portal:certificate_verify")
    statuses = [client.get(url, {"number": f"ZJFC2019{n:06d}"}).status_code for n in range(5)]
    assert statuses[:3] == [404, 404, 404] and statuses[3:] == [429, 429]


def test_the_certificate_list_costs_a_few_queries(client, cast, django_assert_max_num_queries):
    station = StationFactory(region=region("330302"))
    for days in range(-10, 290, 10):
        _certified(station, days_left=days)
    client.force_login(cast["lucheng"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("stations:certificate_list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-certificate="expired"') >= 1


def test_an_owner_sees_the_staff_of_their_own_stations_only(client, cast):
    own = StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    _certified(own, name="本站人")
    _certified(StationFactory(region=region("330381")), name="别站人")
    client.force_login(cast["owner"])
    page = client.get(reverse("stations:staff_list")).content.decode()
    assert "本站人" in page and "别站人" not in page
