/* Recruitment maps (ECharts geo on the vendored Wenzhou map, registered as '温州').
 *  [data-map-picker]: the applicant taps the premises; the hidden lat/lng inputs are
 *    set and nearby active stations (coordinates and kind only) and schools are shown.
 *  [data-map-view]: staff see the point, nearby stations and schools from a json_script.
 * No inline scripts (CSP): everything is wired by data attributes. */
(function () {
  "use strict";

  var RED = "#c8161d";

  function baseOption(center, zoom) {
    return {
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) { return [p.seriesName]; })
      },
      legend: { bottom: 4, data: [] },
      geo: {
        map: "温州", roam: true, center: center || undefined, zoom: zoom || 1.1,
        scaleLimit: { min: 1, max: 800 },
        itemStyle: { areaColor: "#f3efe9", borderColor: "#b9b1a6" },
        emphasis: { itemStyle: { areaColor: "#ffe9c7" }, label: { show: false } },
        label: { show: true, fontSize: 10, color: "#777" }
      },
      series: []
    };
  }

  function series(name, data, color, size, symbol) {
    return {
      name: name, type: "scatter", coordinateSystem: "geo", data: data,
      symbol: symbol || "circle", symbolSize: size, itemStyle: { color: color },
      z: symbol === "pin" ? 5 : 3
    };
  }

  function setLayers(chart, el, point, stations, schools) {
    var layers = [
      series(el.dataset.stations || "stations", stations, "#206bc4", 7),
      series(el.dataset.schools || "schools", schools, "#2fb344", 7, "triangle")
    ];
    if (point) { layers.push(series(el.dataset.you || "premises", [point], RED, 34, "pin")); }
    chart.setOption({
      legend: { data: layers.map(function (s) { return s.name; }) },
      series: layers
    }, { replaceMerge: ["series"] });
  }

  function initPicker(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lngInput = document.getElementById(el.dataset.lngInput);
    var status = document.querySelector("[data-map-status]");
    var chart = window.echarts.init(el);
    var point = null;
    if (latInput && lngInput && latInput.value && lngInput.value) {
      point = [parseFloat(lngInput.value), parseFloat(latInput.value)];
    }
    chart.setOption(baseOption(point, point ? 60 : 1.1));

    function showStatus() {
      if (!status) { return; }
      status.textContent = point
        ? status.dataset.marked + " " + point[1].toFixed(6) + ", " + point[0].toFixed(6)
        : status.dataset.empty;
      status.className = "small mt-1 " + (point ? "text-green" : "text-secondary");
    }

    function load() {
      if (!point) { setLayers(chart, el, null, [], []); return; }
      setLayers(chart, el, point, [], []);
      var url = el.dataset.pointsUrl + "?lat=" + point[1].toFixed(6) + "&lng=" + point[0].toFixed(6);
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { stations: [], schools: [] }; })
        .then(function (data) {
          setLayers(chart, el, point,
            data.stations.map(function (s) { return [s[0], s[1]]; }), data.schools);
        })
        .catch(function () { /* the map stays usable without the neighbours */ });
    }

    // Spacing feedback: the distances to the nearest station and school against the
    // call's rules, as sentences the server words ("最近投注站 850 米（要求不少于 500 米）").
    var spacingBox = document.querySelector("[data-map-spacing]");
    var spacingAsked = 0;
    function intendedClass() {
      var field = document.querySelector("[name=intended_class]:checked") ||
        document.querySelector("select[name=intended_class]");
      return field ? field.value : "";
    }
    function spacing() {
      if (!spacingBox || !el.dataset.spacingUrl || !point) { return; }
      var asked = ++spacingAsked;
      var url = el.dataset.spacingUrl + "?lat=" + point[1].toFixed(6) + "&lng=" +
        point[0].toFixed(6) + "&class=" + encodeURIComponent(intendedClass());
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (asked !== spacingAsked) { return; }  // a later tap already answered
          spacingBox.textContent = "";
          if (!data.lines) {
            spacingBox.textContent = data.detail || "";
            spacingBox.className = "small mt-1 text-danger";
            return;
          }
          data.lines.forEach(function (line) {
            var row = document.createElement("div");
            row.className = line.ok ? "text-green" : "text-danger";
            row.textContent = line.text + (line.ok ? " ✓" : " ✗");
            spacingBox.appendChild(row);
          });
          spacingBox.className = "small mt-1";
        })
        .catch(function () { /* feedback is a help; the survey measures again */ });
    }
    document.querySelectorAll("[name=intended_class]").forEach(function (field) {
      field.addEventListener("change", spacing);
    });

    chart.getZr().on("click", function (event) {
      var pixel = [event.offsetX, event.offsetY];
      if (!chart.containPixel({ geoIndex: 0 }, pixel)) { return; }
      var coord = chart.convertFromPixel({ geoIndex: 0 }, pixel);
      if (!coord) { return; }
      point = [Math.round(coord[0] * 1e6) / 1e6, Math.round(coord[1] * 1e6) / 1e6];
      latInput.value = point[1].toFixed(6);
      lngInput.value = point[0].toFixed(6);
      el.dataset.picked = "1";
      showStatus();
      load();
      spacing();
    });
    window.addEventListener("resize", function () { chart.resize(); });
    showStatus();
    load();
    spacing();
  }

  function initView(el) {
    var node = document.getElementById(el.dataset.mapView);
    if (!node) { return; }
    var data = JSON.parse(node.textContent);
    var chart = window.echarts.init(el);
    var point = data.point;
    chart.setOption(baseOption(point, point ? 80 : 1.1));
    setLayers(chart, el, point, data.stations || [], data.schools || []);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-map-picker]").forEach(initPicker);
    document.querySelectorAll("[data-map-view]").forEach(initView);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
