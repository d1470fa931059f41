/* The campaign page's lift chart: participants against their matched controls, weekly.
 * Every label comes from data attributes or the json_script and is drawn as canvas text;
 * the tooltip goes through fucai.textTooltip, which escapes. */
(function () {
  "use strict";

  function init() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-marketing-chart='lift']").forEach(function (element) {
      var node = document.getElementById(element.dataset.source);
      var series = node ? JSON.parse(node.textContent) : null;
      if (!series) { return; }
      var names = [element.dataset.participants, element.dataset.controls];
      var chart = window.echarts.init(element);
      chart.setOption({
        color: ["#d6201f", "#868e96"],
        tooltip: {
          trigger: "axis",
          formatter: window.fucai.textTooltip(function (params) {
            return [params[0].axisValue].concat(params.map(function (p) {
              return p.seriesName + ": " + Number(p.value).toLocaleString();
            }));
          })
        },
        legend: { data: names, top: 0 },
        grid: { left: 60, right: 16, top: 36, bottom: 40 },
        xAxis: { type: "category", data: series.weeks },
        yAxis: { type: "value", name: element.dataset.unit },
        series: [
          {
            name: names[0], type: "line", data: series.participants, smooth: false,
            markLine: {
              silent: true, symbol: "none", label: { formatter: element.dataset.start },
              data: [{ xAxis: series.start }]
            }
          },
          { name: names[1], type: "line", data: series.controls, lineStyle: { type: "dashed" } }
        ]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
