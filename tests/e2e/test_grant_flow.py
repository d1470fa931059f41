"""One grant from a phone to the bank (助圆大学梦): a student signs up with a one-time
code, applies on a phone, uploads the admission letter and the hardship certificate and
submits; staff verify, rank against the quota and publish the list; the public notice
shows the masked name, school and amount only; staff approve, export the payment batch
for the bank and load the bank's return file; the student sees the grant paid.

The live server runs in this process, so the SMS backend is patched to capture the
code. The objection window is not waited out: once the list is published, the test
moves its start ten days back, as if the week had passed.
"""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from fucai.charity.models import CharityActivity, GrantProgramme
from fucai.charity.tests.factories import ProgrammeFactory, series
from fucai.core.tests.factories import PASSWORD, region
from fucai.core.validators import make_id_number
from fucai.welfare.tests.factories import funded_project

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = "13812345670"
ID_NUMBER = make_id_number("330302", datetime.date(2001, 3, 9), 128)
PDF = b"%PDF-1.4\n%grant\n"


@pytest.fixture
def sms(monkeypatch):
    sent: list[str] = []
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms",
        lambda self, phone, body: sent.append(body),
    )
    return sent


@pytest.fixture
def programme(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    project = funded_project(cast, allocate_fen=5_000_000, name="助圆大学梦")
    programme = ProgrammeFactory(
        name="助圆大学梦",
        year=2019,
        project=project,
        quota=300,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=30),
    )
    CharityActivity.objects.create(
        series=series(),
        project=project,
        programme=programme,
        title="助圆大学梦资助仪式",
        held_on=today,
        region=region("330302"),
        place="市民政局",
        organizers="市福彩中心",
        created_by=cast["charity"],
        status="held",
    )
    return programme


def test_a_student_applies_on_a_phone_and_is_paid(browser, live_server, cast, programme, sms):
    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = phone.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The programme on the portal; applying asks to sign in, then sign up by code.
    page.goto("/public/grants/")
    page.get_by_test_id("grant-programme").first.click()
    page.get_by_test_id("apply").click()
    page.get_by_test_id("to-sign-up").click()
    page.get_by_test_id("otp-phone").fill(PHONE)
    page.get_by_test_id("send-code").click()
    code = re.search(r"\d{6}", sms[-1]).group(0)
    page.fill("#id_code", code)
    page.fill("#id_name", "陈晓明")
    page.fill("#id_password", "grant-2019!")
    page.get_by_test_id("sign-up-submit").click()

    # The form, on a phone.
    expect(page.get_by_test_id("grant-form")).to_be_visible()
    page.fill("#id_name", "陈晓明")
    page.fill("#id_id_number", ID_NUMBER)
    page.fill("#id_phone", PHONE)
    page.fill("#id_school", "浙江大学")
    page.fill("#id_admission_year", "2019")
    page.select_option("#id_household_region", str(region("330302").pk))
    page.select_option("#id_hardship", "dibao")
    page.fill("#id_bank_account", "6222021234567890123")
    page.get_by_test_id("save").click()
    tracking = page.get_by_test_id("tracking-code").inner_text().strip()
    for kind in ("admission", "hardship"):
        page.select_option("#id_kind", kind)
        page.set_input_files(
            "#id_file",
            files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        page.get_by_test_id("upload").click()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("grant-state")).to_contain_text("已提交")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    # Staff: close the call, verify, rank, publish the list.
    staff_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    staff = staff_context.new_page()
    staff.set_default_timeout(30_000)
    login(staff, "charity", PASSWORD)
    staff.goto(f"/charity/grants/{programme.pk}/")
    staff.get_by_test_id("step-close").click()
    staff.goto(f"/charity/grants/applications/{tracking}/")
    staff.get_by_test_id("verify").click()
    expect(staff.get_by_test_id("application-state")).to_have_text("材料已核实")
    staff.goto(f"/charity/grants/{programme.pk}/")
    staff.get_by_test_id("step-rank").click()
    staff.get_by_test_id("step-notice").click()
    expect(staff.get_by_test_id("programme-status")).to_have_text("公示")

    # The public notice: masked name, school, amount; no ID number, no phone.
    page.goto(f"/public/grants/{programme.pk}/")
    notice = page.get_by_test_id("notice-list")
    expect(notice).to_contain_text("陈*")
    expect(notice).to_contain_text("浙江大学")
    expect(notice).to_contain_text("8,000")
    html = page.content()
    assert ID_NUMBER not in html and PHONE not in html and "陈晓明" not in html

    # The week of objections passes; staff approve and send the batch to the bank.
    GrantProgramme.objects.filter(pk=programme.pk).update(
        notice_starts_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    staff.reload()
    staff.get_by_test_id("step-approve").click()
    staff.get_by_test_id("step-batch").click()
    with staff.expect_download() as download:
        staff.get_by_test_id("export-bank").click()
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["序号", "户名", "账号", "金额(元)", "用途", "备注"]
    assert rows[1][1:3] == ["陈晓明", "6222021234567890123"]

    # The bank's return file marks it paid.
    workbook = Workbook()
    workbook.active.append([*rows[0], "处理结果", "失败原因"])
    workbook.active.append([*rows[1], "成功", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    staff.set_input_files(
        "#id_file",
        files=[{"name": "return.xlsx", "mimeType": "application/octet-stream",
                "buffer": buffer.getvalue()}],
    )  # fmt: skip
    staff.get_by_test_id("upload-return").click()
    expect(staff.locator(".alert-success")).to_contain_text("回单已导入")
    expect(staff.get_by_test_id("settled")).not_to_have_text("—")
    staff_context.close()

    # The student sees the outcome.
    page.goto(f"/public/my/grants/{tracking}/")
    expect(page.get_by_test_id("grant-state")).to_contain_text("已支付")
    expect(page.get_by_test_id("grant-steps")).to_contain_text("已支付")
    assert errors == []
    phone.close()
