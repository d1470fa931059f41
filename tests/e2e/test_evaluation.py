"""The public evaluation and the supervisors: someone answers the survey on a phone from
a station's QR address; the party office reads the month's result, records the rank the
evaluating body published, registers a supervisor and answers their remark."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD
from fucai.feedback.models import Supervisor, SurveyResponse
from fucai.feedback.tests.factories import SurveyQuestionFactory
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_phone_answers_from_a_station_and_the_office_follows_up(browser, live_server, cast):
    question = SurveyQuestionFactory(text="您对投注站服务的满意度")
    survey = question.survey
    station = StationFactory(name="江滨路福彩站")
    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = phone.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"/public/evaluation/{survey.pk}/?station={station.code}")
    expect(page.get_by_test_id("survey-station")).to_contain_text("江滨路福彩站")
    page.fill("#id_phone", "13957700042")
    page.check(f"input[name=q{question.pk}][value='5']")
    page.locator("[data-testid=survey-form] button[type=submit]").click()
    expect(page.get_by_test_id("flash-success")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert SurveyResponse.objects.get().station == station
    phone.close()

    staff_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    staff = staff_context.new_page()
    staff.set_default_timeout(30_000)
    login(staff, "party", PASSWORD)
    staff.goto(f"/feedback/surveys/{survey.pk}/")
    month = timezone.localdate().replace(day=1)
    expect(staff.get_by_test_id("month-results")).to_contain_text(f"{month:%Y-%m}")
    staff.fill("#id_month", f"{month:%Y-%m}")
    staff.fill("#id_rank", "2")
    staff.fill("#id_out_of", "24")
    staff.fill("#id_body", "市民政局作风效能示范岗评议")
    staff.locator("[data-testid=rank-form] button[type=submit]").click()
    expect(staff.get_by_test_id("month-results")).to_contain_text("2 / 24")

    staff.goto("/feedback/supervisors/")
    staff.fill("#id_name", "陈建国")
    staff.fill("#id_organisation", "市人大代表")
    staff.fill("#id_phone", "13805770001")
    today = timezone.localdate()
    staff.fill("#id_term_starts_on", f"{today - datetime.timedelta(days=30):%Y-%m-%d}")
    staff.fill("#id_term_ends_on", f"{today + datetime.timedelta(days=300):%Y-%m-%d}")
    staff.locator("[data-testid=supervisor-form] button[type=submit]").click()
    expect(staff.get_by_role("heading", name="陈建国")).to_be_visible()
    feedback_form = staff.locator("form[action$='/feedback/']")
    expect(feedback_form.locator("input[type=date]")).to_have_value(f"{today:%Y-%m-%d}")
    feedback_form.locator("textarea").fill("建议公示兑奖流程")
    feedback_form.locator("button[type=submit]").click()
    answer_form = staff.locator("form[action$='/answer/']")
    answer_form.locator("textarea").fill("已在兑奖大厅公示")
    answer_form.locator("button[type=submit]").click()
    expect(staff.get_by_text("已在兑奖大厅公示")).to_be_visible()
    assert Supervisor.objects.get().feedback.get().answered_at is not None
    staff_context.close()
