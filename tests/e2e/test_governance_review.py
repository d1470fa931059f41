"""The annual review and station visits, as the leader, station management and a
department clerk on a phone meet them."""

import datetime
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.choices import ReviewStatus
from fucai.governance.models import AnnualReview, Visit
from fucai.governance.services.reviews import annual_reviews_compute
from fucai.stations.tests.factories import InsurancePolicyFactory, StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _reviews_2019(cast):
    for code, name in (("330302", "鹿城"), ("330381", "瑞安")):
        for n in range(2):
            station = StationFactory(region=region(code), name=f"{name}{n}号站")
            if n == 0:  # insured all year; still conditional (no annual inspection)
                InsurancePolicyFactory(
                    station=station,
                    starts_on=datetime.date(2018, 7, 1),
                    ends_on=datetime.date(2020, 6, 30),
                )
    StationFactory(
        region=region("330381"),
        name="瑞安关停站",
        status="closed",
        closed_on=datetime.date(2019, 9, 1),
        close_reason="经营不善主动退出",
    )
    annual_reviews_compute(year=2019, acting_user=cast["stations"])


def test_the_leader_reads_the_2019_summary_by_district_and_downloads_it(page, cast):
    _reviews_2019(cast)
    login(page, "leader", PASSWORD)
    page.goto("/governance/reviews/")
    page.get_by_test_id("summary-link").click()
    expect(page.locator("h2.page-title")).to_contain_text("2019")
    table = page.get_by_test_id("summary-table")
    expect(table.locator("tr[data-region='330302']")).to_contain_text("鹿城")
    # 瑞安: three reviewed, two conditional, one failed (the closed station), one exit.
    ruian = table.locator("tr[data-region='330381'] td")
    expect(ruian.nth(1)).to_have_text("3")
    expect(ruian.nth(3)).to_have_text("2")
    expect(ruian.nth(4)).to_have_text("1")
    expect(ruian.nth(7)).to_have_text("1")
    expect(page.get_by_test_id("summary-total")).to_contain_text("5")

    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.startswith("annual-review-summary-2019")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("区县", "参审站点", "通过", "有条件通过", "不通过")
    assert rows[-1][0] == "合计" and rows[-1][1] == 5


def test_station_management_confirms_a_review_with_an_override_reason(page, cast):
    _reviews_2019(cast)
    review = AnnualReview.objects.get(station__name="鹿城0号站")
    login(page, "stations", PASSWORD)
    page.goto("/governance/reviews/?year=2019&region=330302")
    page.get_by_role("link", name=review.station.code).click()
    expect(page.get_by_test_id("breakdown")).to_contain_text("尚未纳入")  # certification
    expect(page.get_by_test_id("breakdown")).to_contain_text("本年度未提交年检")
    page.get_by_test_id("confirm-review").click()
    modal = page.locator("#modal")
    expect(modal.get_by_test_id("confirm-form")).to_be_visible()
    modal.locator("#id_outcome").select_option("pass")
    modal.locator("#id_decision").select_option("continue")
    modal.get_by_test_id("modal-submit").click()
    expect(modal).to_contain_text("请说明理由")  # the override needs its reason
    modal.locator("#id_override_reason").fill("年检因门店装修顺延至2020年1月，已补检合格")
    modal.get_by_test_id("modal-submit").click()
    expect(page.get_by_test_id("review-status")).to_have_text("已确认")
    expect(page.get_by_test_id("outcome")).to_have_text("通过")
    expect(page.get_by_test_id("override-reason")).to_contain_text("顺延至2020年1月")
    expect(page.get_by_test_id("history")).to_contain_text("顺延至2020年1月")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED


def test_a_clerk_logs_a_visit_on_a_phone(browser, live_server, cast):
    station = StationFactory(region=region("330302"), name="鹿城走访站")
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
    login(page, "marketing", PASSWORD)
    page.goto(f"/stations/{station.code}/?tab=supervision")
    page.get_by_role("link", name="登记走访").click()
    expect(page.locator("#id_station")).to_have_value(station.code)
    page.get_by_test_id("purposes").get_by_text("助力销售").click()
    page.locator("#id_findings").fill("即开票陈列不足")
    page.locator("#id_help_given").fill("协助调整陈列，讲解新票种")
    page.locator("#id_follow_up_0").fill("补充即开票库存")
    due = datetime.date.today() + datetime.timedelta(days=14)
    page.locator("#id_follow_up_0_due").fill(due.isoformat())
    page.get_by_test_id("save-visit").click()
    expect(page.get_by_test_id("visit-purposes")).to_contain_text("助力销售")
    expect(page.get_by_test_id("follow-ups")).to_contain_text("补充即开票库存")
    # Nothing is wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    visit = Visit.objects.get(station=station)
    assert visit.visitor == cast["marketing"] and visit.findings == "即开票陈列不足"
    phone.close()
    assert errors == []
