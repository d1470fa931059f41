/* ECharts wiring: each [data-chart] element names a chart built from a json_script. */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var builders = {
    "region-map": function (element) {
      var data = readJson("region-map-data") || [];
      var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([1]));
      return {
        tooltip: { trigger: "item", formatter: "{b}<br/>{a}: {c}" },
        visualMap: {
          min: 0, max: max, left: "left", bottom: 10, calculable: true,
          inRange: { color: ["#fde8e8", "#f3a19f", "#d6201f", "#8f1514"] }
        },
        series: [{
          name: element.dataset.seriesName || "",
          type: "map", map: "温州", roam: true, data: data,
          label: { show: true, fontSize: 10, color: "#333" },
          emphasis: { label: { color: "#000" }, itemStyle: { areaColor: "#ffd666" } }
        }]
      };
    }
  };

  function init() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var build = builders[element.dataset.chart];
      if (!build) { return; }
      var chart = window.echarts.init(element);
      chart.setOption(build(element));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
