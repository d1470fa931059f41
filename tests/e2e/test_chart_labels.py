"""Chart axis labels are shown whole: every category label is drawn (no automatic
skipping) and long names wrap instead of being cut."""

import pytest

from fucai.core.tests.factories import PASSWORD
from fucai.sales.tests.test_selectors import build_world

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CATEGORY_AXES = """() => {
  const axes = [];
  document.querySelectorAll("[data-chart]").forEach((element) => {
    const option = window.echarts.getInstanceByDom(element).getOption();
    for (const key of ["xAxis", "yAxis"]) {
      (option[key] || []).forEach((axis) => {
        if (axis.type === "category") {
          axes.push({ chart: element.dataset.chart, key, label: axis.axisLabel || {} });
        }
      });
    }
  });
  return axes;
}"""


def test_every_category_label_is_drawn_whole(page, cast):
    world = build_world(cast)
    world["l1"].name = "温州市鹿城区五马街道解放街社区福利彩票第一投注站"
    world["l1"].save()
    login(page, "leader", PASSWORD)
    page.goto("/sales/?year=2019")
    page.wait_for_function("() => document.querySelectorAll('[data-chart] canvas').length > 1")
    axes = page.evaluate(CATEGORY_AXES)
    assert {axis["chart"] for axis in axes} >= {"sales-line", "sales-bar"}, axes
    for axis in axes:
        assert axis["label"].get("interval") == 0, axis
        assert axis["label"].get("overflow") != "truncate", axis
    bar = [axis for axis in axes if axis["chart"] == "sales-bar"]
    assert all(axis["label"].get("overflow") == "break" for axis in bar), bar
