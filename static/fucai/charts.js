/* ECharts wiring: each [data-chart] element names a chart built from a json_script.
 * Labels, legends and axes are drawn on the canvas as plain text; tooltips are HTML,
 * so every tooltip formatter goes through fucai.textTooltip (fucai.js), which escapes. */
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
        tooltip: {
          trigger: "item",
          formatter: window.fucai.textTooltip(function (p) {
            return [p.name, p.seriesName + ": " + (p.value || 0)];
          })
        },
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

  // Sales builders: data from the json_script named by data-source, amounts in fen,
  // shown in 万元 (fen ÷ 1,000,000). House palette: welfare-lottery reds and warm tones.
  var PALETTE = ["#d6201f", "#f59f00", "#8f1514", "#f3a19f", "#e8590c", "#ffd666",
                 "#a61e4d", "#868e96", "#fab005", "#5c0f0e"];
  var WAN = 1000000;

  function wan(fen) {
    return (fen / WAN).toLocaleString(undefined, { maximumFractionDigits: 1 });
  }

  function source(element) {
    return readJson(element.dataset.source) || {};
  }

  function unitLabel(element) {
    return element.dataset.unit || "";
  }

  // Category labels are shown whole, every one of them: ECharts' automatic interval
  // skips labels when they crowd, and long names would be cut. Many or long labels
  // are turned on the x axis; names on a y axis wrap within a fixed width.
  function categoryLabels(labels, horizontal) {
    if (horizontal) {
      return { interval: 0, hideOverlap: false, width: 150, overflow: "break" };
    }
    var longest = labels.reduce(function (n, label) { return Math.max(n, String(label).length); }, 0);
    var turn = labels.length > 12 || labels.length * longest > 48;
    return { interval: 0, hideOverlap: false, rotate: turn ? 35 : 0 };
  }

  builders["sales-line"] = function (element) {
    var data = source(element);
    var type = element.dataset.type || "line";
    return {
      color: PALETTE,
      tooltip: {
        trigger: "axis",
        valueFormatter: function (value) { return wan(value) + " " + unitLabel(element); }
      },
      legend: { top: 0 },
      grid: { left: 8, right: 28, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: "category", data: data.labels || [], boundaryGap: type === "bar",
        axisLabel: categoryLabels(data.labels || [], false)
      },
      yAxis: {
        type: "value", name: unitLabel(element),
        axisLabel: { formatter: function (value) { return wan(value); } }
      },
      series: (data.series || []).map(function (serie, index) {
        return {
          name: serie.name, type: type, data: serie.values, smooth: true,
          areaStyle: type === "line" && index === 0 ? { opacity: 0.12 } : undefined,
          lineStyle: index > 0 ? { type: "dashed" } : undefined,
          itemStyle: index > 0 && type === "bar" ? { opacity: 0.45 } : undefined
        };
      })
    };
  };

  builders["sales-pie"] = function (element) {
    var data = readJson(element.dataset.source) || [];
    return {
      color: PALETTE,
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          return [p.name, wan(p.value) + " " + unitLabel(element) + " (" + p.percent + "%)"];
        })
      },
      legend: { bottom: 0, type: "scroll" },
      series: [{
        type: "pie", radius: ["38%", "68%"], center: ["50%", "45%"], data: data,
        label: { formatter: "{b}\n{d}%" },
        itemStyle: { borderColor: "#fff", borderWidth: 2 }
      }]
    };
  };

  builders["sales-bar"] = function (element) {
    var data = readJson(element.dataset.source) || [];
    return {
      color: PALETTE,
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: function (value) { return wan(value) + " " + unitLabel(element); }
      },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: function (value) { return wan(value); } } },
      yAxis: {
        type: "category", inverse: true, data: data.map(function (d) { return d.name; }),
        axisLabel: categoryLabels([], true)
      },
      series: [{
        type: "bar", data: data.map(function (d) { return d.value; }), barMaxWidth: 28,
        label: { show: true, position: "right", formatter: function (p) { return wan(p.value); } }
      }]
    };
  };

  builders["sales-map"] = function (element) {
    var data = readJson(element.dataset.source) || [];
    var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([1]));
    return {
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          return [p.name, (p.value ? wan(p.value) : 0) + " " + unitLabel(element)];
        })
      },
      visualMap: {
        min: 0, max: max, left: "left", bottom: 10, calculable: true,
        formatter: function (value) { return wan(value); },
        inRange: { color: ["#fde8e8", "#f3a19f", "#d6201f", "#8f1514"] }
      },
      series: [{
        name: element.dataset.seriesName || "",
        type: "map", map: "温州", roam: true, data: data,
        label: { show: true, fontSize: 10, color: "#333" },
        emphasis: { label: { color: "#000" }, itemStyle: { areaColor: "#ffd666" } }
      }]
    };
  };

  // Where the welfare fund went (portal): sales → fund → retained → categories →
  // projects → activities. Node names come from the data and are drawn on the canvas as
  // text; the tooltip goes through textTooltip, which escapes.
  builders["welfare-sankey"] = function (element) {
    // Nodes are named by unique keys; ``label`` is what is shown (names may repeat).
    var data = source(element);
    var labels = {};
    (data.nodes || []).forEach(function (n) { labels[n.key] = n.label; });
    return {
      color: PALETTE,
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          var name = p.dataType === "edge"
            ? labels[p.data.source] + " → " + labels[p.data.target]
            : labels[p.name];
          return [name, wan(p.value) + " " + unitLabel(element)];
        })
      },
      series: [{
        type: "sankey", left: 8, right: 120, top: 8, bottom: 8, nodeGap: 10,
        layoutIterations: 32, draggable: false, emphasis: { focus: "adjacency" },
        data: (data.nodes || []).map(function (n) { return { name: n.key, depth: n.depth }; }),
        links: data.links || [],
        label: {
          fontSize: 11, width: 120, overflow: "truncate",
          formatter: function (p) { return labels[p.name] || ""; }
        },
        lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 }
      }]
    };
  };

  // Insurance coverage per month: {labels, rates (0..100 or null), active, insured}.
  builders["coverage-line"] = function (element) {
    var data = source(element);
    return {
      color: PALETTE,
      tooltip: {
        trigger: "axis",
        formatter: window.fucai.textTooltip(function (params) {
          var p = params[0] || {};
          var i = p.dataIndex || 0;
          return [
            p.name || "",
            (p.value == null ? "-" : p.value + "%") + " (" + (data.insured || [])[i] + " / " +
              (data.active || [])[i] + ")"
          ];
        })
      },
      grid: { left: 8, right: 20, top: 24, bottom: 8, containLabel: true },
      xAxis: {
        type: "category", data: data.labels || [], boundaryGap: false,
        axisLabel: categoryLabels(data.labels || [], false)
      },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{
        name: element.dataset.seriesName || "", type: "line", data: data.rates || [],
        smooth: true, areaStyle: { opacity: 0.12 }, connectNulls: false
      }]
    };
  };

  // The public station finder: district shapes with each station as a point
  // ({name, value: [lng, lat], kind, stars}); names reach the tooltip escaped.
  builders["station-points"] = function (element) {
    var data = source(element);
    var points = data.points || [];
    var servicePoints = data.service_points || [];
    return {
      color: PALETTE,
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          var d = p.data || {};
          if (!d.value) { return [p.name || ""]; }
          return [d.name, d.kind + (d.stars ? " · " + "★".repeat(d.stars) : "")];
        })
      },
      geo: {
        map: "温州", roam: true, label: { show: true, fontSize: 10, color: "#666" },
        itemStyle: { areaColor: "#fdf3f3", borderColor: "#d9a0a0" },
        emphasis: { itemStyle: { areaColor: "#ffe8a3" } }
      },
      series: [{
        name: element.dataset.seriesName || "", type: "scatter", coordinateSystem: "geo",
        data: points, symbolSize: function (value, p) { return 5 + ((p.data && p.data.stars) || 0); },
        itemStyle: { color: "#d6201f", opacity: 0.8 }
      }].concat(servicePoints.length ? [{
        // The county service stations: a layer of their own (blue pins above the dots).
        name: element.dataset.serviceName || "", type: "scatter", coordinateSystem: "geo",
        data: servicePoints, symbol: "pin", symbolSize: 26, z: 3,
        itemStyle: { color: "#206bc4" }
      }] : [])
    };
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
