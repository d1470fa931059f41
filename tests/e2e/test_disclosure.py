"""阳光福彩 in a browser: a visitor reads the published announcement (and its PDF link)
and follows a year's money from sales to activities as a Sankey chart and a table; a
project or payment named with markup is shown as text (chart labels and tooltips)."""

import datetime

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from fucai.sales.tests.test_selectors import build_world
from fucai.welfare import services
from fucai.welfare.tests.factories import funded_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOSTILE = '<img src=x onerror="window.__xss=1">敬老院'


def _year_with_spending(cast):
    build_world(cast)
    services.accrual_book_year(
        acting_user=cast["finance"], year=2019, until=datetime.date(2020, 1, 1)
    )
    project = funded_project(cast, name=HOSTILE, summary="资助敬老院改善条件")
    services.disbursement_record_approved(
        acting_user=cast["charity"],
        project=project,
        amount_fen=1_200_000,
        payee="敬老院",
        paid_on=datetime.date(2019, 6, 1),
        purpose="重阳节慰问<b>活动</b>",
        source="activity:1",
    )
    disclosure = services.disclosure_generate(
        acting_user=cast["finance"],
        year=2019,
        reach={"people": 40, "projects": {project.pk: {"people": 40, "activities": 1}}},
    )
    for user, action in (("finance", "submit"), ("leader", "approve"), ("leader", "publish")):
        services.disclosure_transition(acting_user=cast[user], disclosure=disclosure, action=action)
    return project


@override_settings(CSP_ENABLED=True)
def test_a_visitor_reads_the_announcement_and_follows_the_money(page, cast):
    _year_with_spending(cast)
    page.goto("/public/disclosures/")
    page.get_by_test_id("disclosure").first.click()
    expect(page.get_by_test_id("disclosure-header")).to_contain_text("筹集公益金")
    projects = page.get_by_test_id("disclosure-projects")
    expect(projects).to_contain_text(HOSTILE)  # shown as text
    expect(projects).to_contain_text("40")
    expect(page.get_by_test_id("pdf-link")).to_be_visible()

    page.goto("/public/where-the-money-went/?year=2019")
    page.wait_for_function("() => document.querySelectorAll('[data-chart] canvas').length > 0")
    table = page.get_by_test_id("flow-table")
    expect(table).to_contain_text("重阳节慰问<b>活动</b>")
    expect(page.get_by_test_id("flow-total")).to_have_text("1.2")
    # Every node's tooltip is text; nothing injected ran.
    shown = page.evaluate(
        """() => {
          const element = document.querySelector("[data-chart]");
          const chart = window.echarts.getInstanceByDom(element);
          const out = [];
          chart.getOption().series[0].data.forEach((_d, dataIndex) => {
            chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex });
            const tip = element.querySelector('div[style*="z-index: 9999999"]');
            if (tip) { out.push([tip.textContent, tip.querySelectorAll("img,b,script").length]); }
          });
          return out;
        }"""
    )
    assert any(HOSTILE in text for text, _ in shown)
    assert all(count == 0 for _, count in shown)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None


def test_the_year_picker_on_a_phone(page, cast):
    _year_with_spending(cast)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/where-the-money-went/")
    expect(page.locator("#flow-year-select")).to_have_value("2019")
    expect(page.get_by_test_id("sankey")).to_be_visible()
    box = page.get_by_test_id("sankey").bounding_box()
    assert box["width"] <= 390
