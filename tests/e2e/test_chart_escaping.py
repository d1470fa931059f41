"""Hostile names (stations, games, districts) are shown as text in every chart tooltip
and page: nothing a user typed runs as script. The CSP is switched off here on purpose,
so the test proves the escaping itself (the CSP would block an inline handler anyway)."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from fucai.core.models import Region
from fucai.core.tests.factories import PASSWORD
from fucai.sales.models import Game
from fucai.sales.tests.test_selectors import build_world

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GAME_IMG = '<img src=x onerror="window.__xss=1">'
GAME_SCRIPT = '"><script>window.__xss=2</script>'
STATION = '<img src=x onerror="window.__xss=3">'
DISTRICT = '"><img src=x onerror="window.__xss=4">'

# Shows the tooltip of every data item of every chart on the page; returns its text and
# whether it holds any element (it should be text and <br> only).
SHOW_EVERY_TOOLTIP = """() => {
  const shown = [];
  document.querySelectorAll("[data-chart]").forEach((element) => {
    const chart = window.echarts.getInstanceByDom(element);
    chart.getOption().series.forEach((serie, seriesIndex) => {
      (serie.data || []).forEach((_item, dataIndex) => {
        chart.dispatchAction({ type: "showTip", seriesIndex, dataIndex });
        const tip = element.querySelector('div[style*="z-index: 9999999"]');
        if (!tip || !tip.textContent) { return; }
        shown.push({
          chart: element.dataset.chart,
          text: tip.textContent,
          elements: [...tip.querySelectorAll("*")].map((e) => e.tagName)
            .filter((tag) => tag !== "BR" && tag !== "DIV" && tag !== "SPAN"),
        });
        chart.dispatchAction({ type: "hideTip" });
      });
    });
  });
  return shown;
}"""


def _tooltips(page) -> list[dict]:
    page.wait_for_function("() => document.querySelectorAll('[data-chart] canvas').length > 0")
    return page.evaluate(SHOW_EVERY_TOOLTIP)


def _assert_no_script_ran(page):
    page.wait_for_timeout(300)  # an <img onerror> fires once the image fails to load
    assert page.evaluate("() => window.__xss") is None
    injected = "body img[src=x], body script:not([src]):not([type='application/json'])"
    assert page.locator(injected).count() == 0


@override_settings(CSP_ENABLED=False)
def test_hostile_names_show_as_text_in_every_chart(page, cast):
    world = build_world(cast)  # SSQ sold by 鹿城 and 瑞安, GGL by 鹿城 (2019)
    Game.objects.filter(code="SSQ").update(name=GAME_IMG)
    Game.objects.filter(code="GGL").update(name=GAME_SCRIPT)
    world["l1"].name = STATION
    world["l1"].save()
    Region.objects.filter(code="330381").update(name=DISTRICT)
    login(page, "leader", PASSWORD)

    home = _tooltips(page)
    assert any(tip["chart"] == "region-map" and "鹿城区" in tip["text"] for tip in home)
    _assert_no_script_ran(page)

    page.goto("/sales/?year=2019")
    overview = _tooltips(page)
    pie = [tip for tip in overview if tip["chart"] == "sales-pie"]
    for name in (GAME_IMG, GAME_SCRIPT):  # the name itself, as text, then the amount
        assert any(tip["text"].startswith(name) for tip in pie), pie
    assert any(tip["chart"] == "sales-map" and "鹿城区" in tip["text"] for tip in overview)
    assert {tip["chart"] for tip in overview} >= {"sales-line", "sales-bar"}
    assert all(tip["elements"] == [] for tip in overview), overview
    expect(page.get_by_test_id("region-table")).to_contain_text(DISTRICT)
    _assert_no_script_ran(page)

    page.goto("/sales/welfare/?year=2019")
    welfare = _tooltips(page)
    assert sum(GAME_IMG in tip["text"] for tip in welfare) >= 1
    assert all(tip["elements"] == [] for tip in welfare), welfare
    _assert_no_script_ran(page)

    page.goto("/sales/ranking/?year=2019")
    expect(page.locator("body")).to_contain_text(STATION)
    _assert_no_script_ran(page)

    page.goto(f"/stations/{world['l1'].code}/?tab=sales")
    expect(page.locator("h1, h2, .page-title").first).to_contain_text(STATION)
    station = _tooltips(page)
    assert station and all(tip["elements"] == [] for tip in station), station
    _assert_no_script_ran(page)
