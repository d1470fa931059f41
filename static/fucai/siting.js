/* The siting map: districts coloured by stations per 10,000 residents, townships with a
 * centroid as points (size: residents; colour: under-served or not). Every label and
 * tooltip is plain text: tooltips go through fucai.textTooltip, which escapes. */
(function () {
  "use strict";

  function init() {
    var element = document.getElementById("siting-map");
    var node = document.getElementById("siting-map-data");
    if (!element || !node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    // The colour scale spans the districts' own range, so small differences show.
    var values = data.districts.map(function (d) { return d.value; })
      .filter(function (v) { return v != null; });
    var max = values.length ? Math.max.apply(null, values) : 1;
    var min = values.length ? Math.min.apply(null, values) : 0;
    if (max - min < 0.01) { min = 0; }
    var biggest = Math.max.apply(null, data.points.map(function (p) { return p.population || 0; }).concat([1]));
    var chart = window.echarts.init(element);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          var d = p.data || {};
          if (p.seriesType === "scatter") {
            return [d.name, element.dataset.pointsName + ": " + d.value[2],
                    element.dataset.residents + ": " + d.population,
                    element.dataset.stations + ": " + d.stations];
          }
          return [p.name, p.seriesName + ": " + (d.value == null ? "-" : d.value),
                  element.dataset.residents + ": " + (d.population || "-"),
                  element.dataset.stations + ": " + (d.stations || 0)];
        })
      },
      visualMap: {
        min: Math.floor(min * 10) / 10, max: Math.ceil(max * 10) / 10, precision: 2,
        left: "left", bottom: 10, calculable: true, seriesIndex: 0,
        inRange: { color: ["#fde8e8", "#f3a19f", "#d6201f", "#8f1514"] }
      },
      geo: {
        map: "温州", roam: true, label: { show: true, fontSize: 10, color: "#333" },
        itemStyle: { borderColor: "#d9a0a0" }
      },
      series: [
        {
          name: element.dataset.seriesName || "", type: "map", geoIndex: 0,
          data: data.districts
        },
        {
          name: element.dataset.pointsName || "", type: "scatter", coordinateSystem: "geo",
          data: data.points,
          symbolSize: function (value, p) {
            return 5 + 13 * Math.sqrt(((p.data && p.data.population) || 0) / biggest);
          },
          itemStyle: {
            color: function (p) { return p.data && p.data.under_served ? "#f59f00" : "#206bc4"; },
            opacity: 0.85, borderColor: "#fff", borderWidth: 1
          }
        }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
