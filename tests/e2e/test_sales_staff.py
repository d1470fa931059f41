"""Sales staff on a phone: an owner registers a seller at their station, the station
shows the seller (uncertified: flagged); once certified, anyone confirms the
certificate on the public verification page."""

import datetime

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, id_number, region
from fucai.stations.choices import CertificateSource
from fucai.stations.models import SalesStaff
from fucai.stations.services import certificate_issue
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and "status of 40" not in m.text else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_an_owner_registers_a_seller_and_the_public_verifies_the_certificate(phone, cast):
    owner = StationOwnerFactory(user=cast["owner"])
    station = StationFactory(region=region("330381"), name="瑞安福彩一号站", owner=owner)
    phone.goto("/accounts/login/")
    phone.fill("#id_username", "owner")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url("**/")

    phone.goto(f"/stations/{station.code}/?tab=staff")
    expect(phone.get_by_test_id("no-certified-seller")).to_be_visible()
    phone.get_by_test_id("register-seller").click()
    form = phone.get_by_test_id("staff-form")
    expect(form.locator("#id_station")).to_have_value(station.code)
    form.locator("#id_name").fill("陈小燕")
    form.locator("#id_id_number").fill(id_number(9100, "330381"))
    form.locator("#id_phone").fill("13700002222")
    form.locator("#id_starts_on").fill("2019-06-01")
    form.get_by_role("button", name="登记").click()

    expect(phone.get_by_test_id("staff-current")).to_contain_text("陈小燕")
    expect(phone.get_by_test_id("staff-current")).to_contain_text("137****2222")
    expect(phone.get_by_test_id("no-certified-seller")).to_be_visible()
    staff = SalesStaff.objects.get()
    assert staff.user is not None  # the invitation went out with a login

    # She passes the exam (the training app issues the certificate).
    certificate = certificate_issue(
        acting_user=cast["stations"],
        holder=staff,
        valid_from=datetime.date.today(),
        source=CertificateSource.EXAM,
    )
    phone.reload()
    expect(phone.get_by_test_id("staff-current")).to_contain_text(certificate.number)
    expect(phone.get_by_test_id("no-certified-seller")).to_have_count(0)

    # Anyone, signed out, checks the number on the portal.
    phone.context.clear_cookies()
    phone.goto("/public/certificates/verify/")
    phone.fill("#id_number", certificate.number)
    phone.get_by_role("button", name="查询").click()
    result = phone.get_by_test_id("verify-result")
    expect(result.get_by_test_id("verify-status")).to_have_text("有效")
    expect(result.get_by_test_id("verify-holder")).to_have_text("陈**")
    expect(result).to_contain_text("瑞安福彩一号站")
    expect(result).not_to_contain_text("137")

    phone.fill("#id_number", "ZJFC2019999999")
    phone.get_by_role("button", name="查询").click()
    expect(phone.get_by_test_id("verify-error")).to_be_visible()


def test_a_district_clerk_transfers_a_seller_and_revokes_a_certificate(page, cast):
    from fucai.stations.tests.factories import (
        CertificateFactory,
        SalesStaffFactory,
        StaffAssignmentFactory,
    )

    today = datetime.date.today()
    first = StationFactory(region=region("330302"), name="鹿城甲站")
    second = StationFactory(region=region("330302"), name="鹿城乙站")
    staff = SalesStaffFactory(name="周晓梅")
    StaffAssignmentFactory(staff=staff, station=first)
    certificate = CertificateFactory(
        holder=staff,
        valid_from=today - datetime.timedelta(days=1000),
        valid_to=today + datetime.timedelta(days=20),
    )

    login(page, "lucheng", PASSWORD)
    page.goto("/stations/staff/")
    # 乙站 has nobody: flagged.
    expect(page.get_by_test_id("flagged-stations")).to_be_visible()
    page.select_option("#id_certificate", "expiring")
    expect(page.get_by_test_id("staff-table")).to_contain_text("周晓梅")
    page.get_by_test_id("staff-table").get_by_role("link", name="周晓梅").click()

    page.get_by_test_id("transfer").click()
    modal = page.locator("#modal")
    expect(modal).to_be_visible()
    modal.locator("#id_to_station").fill(second.code)
    modal.locator("button[type=submit]").click()
    expect(page.get_by_test_id("assignments")).to_contain_text("鹿城乙站")
    expect(page.get_by_test_id("assignments")).to_contain_text("调往其他投注站")

    page.get_by_test_id("certificates").get_by_role("link", name=certificate.number).click()
    expect(page.get_by_test_id("renewable")).to_be_visible()
    page.get_by_test_id("revoke").click()
    modal.locator("#id_reason").fill("向未成年人售彩")
    modal.locator("button[type=submit]").click()
    expect(page.locator("h2.page-title")).to_contain_text("已吊销")
    page.goto("/stations/certificates/?status=revoked")
    expect(page.get_by_test_id("certificate-table")).to_contain_text(certificate.number)


def test_a_seller_sets_a_password_from_the_invitation_and_sees_their_certificate(page, cast):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from fucai.stations.services import seller_account_invite, seller_invite_tokens
    from fucai.stations.tests.factories import (
        CertificateFactory,
        SalesStaffFactory,
        StaffAssignmentFactory,
    )

    staff = SalesStaffFactory(name="吴晓丽")
    StaffAssignmentFactory(staff=staff, station=StationFactory(region=region("330302")))
    certificate = CertificateFactory(
        holder=staff,
        valid_from=datetime.date.today(),
        valid_to=datetime.date.today().replace(year=datetime.date.today().year + 3)
        - datetime.timedelta(days=1),
    )
    user = seller_account_invite(acting_user=cast["lucheng"], staff=staff)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page.goto(f"/stations/welcome/{uid}/{seller_invite_tokens.make_token(user)}/")
    welcome = page.get_by_test_id("seller-welcome")
    expect(welcome).to_contain_text(user.username)
    welcome.locator("#id_new_password1").fill("Wenzhou-seller-2019")
    welcome.locator("#id_new_password2").fill("Wenzhou-seller-2019")
    welcome.locator("button[type=submit]").click()
    expect(welcome).to_contain_text("密码已设置")
    login(page, user.username, "Wenzhou-seller-2019")
    page.goto("/stations/certificates/mine/")
    expect(page.get_by_test_id("my-certificates")).to_contain_text(certificate.number)
