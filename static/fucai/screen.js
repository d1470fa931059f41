/* The big screen: draws the payload embedded in the page, then fetches the same payload
 * from the API every N seconds and updates every chart in place (setOption merges into
 * the charts made once; nothing is re-initialised, no listener is added twice). Text
 * from the data goes into the page as textContent and onto the charts as plain canvas
 * text; tooltips go through fucai.textTooltip, which escapes. */
(function () {
  "use strict";

  var root = document.querySelector("[data-screen]");
  if (!root) { return; }
  var stage = root.querySelector(".screen-stage");
  var labels = JSON.parse(document.getElementById("screen-labels").textContent);
  var data = JSON.parse(document.getElementById("screen-data").textContent);
  var apiUrl = root.dataset.apiUrl;
  var pageUrl = root.dataset.pageUrl;
  var refreshMs = Math.max(1, parseInt(root.dataset.refreshSeconds, 10) || 60) * 1000;
  var WAN = 1000000;
  var MAP = "温州";
  var KIND_COLORS = { computer: "#ff6b6b", instant: "#ffd43b", video: "#4dabf7" };
  var STAR_COLORS = ["#868e96", "#74c0fc", "#63e6be", "#ffd43b", "#ff922b", "#ff4d4f"];
  var TEXT = "#c5cde0";
  var colorBy = "kind";
  var region = data.region ? data.region.code : "";
  var charts = {};
  var timer = null;
  var inFlight = null;
  var viewRegion = null;  // the district the map was last centred on
  var state = { refreshes: 0, failures: 0 };

  function wan(fen) {
    return (fen / WAN).toLocaleString("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function setText(name, value) {
    root.querySelectorAll('[data-field="' + name + '"]').forEach(function (node) {
      node.textContent = value === null || value === undefined ? "—" : String(value);
    });
  }

  function setGrowth(name, pct) {
    root.querySelectorAll('[data-field="' + name + '"]').forEach(function (node) {
      var value = pct === null || pct === undefined ? null : parseFloat(pct);
      node.textContent = value === null ? "—" : (value > 0 ? "+" : "") + pct + "%";
      node.classList.toggle("screen-up", value !== null && value > 0);
      node.classList.toggle("screen-down", value !== null && value < 0);
    });
  }

  function showSection(name, shown) {
    root.querySelectorAll('[data-section="' + name + '"]').forEach(function (node) {
      node.hidden = !shown;
    });
  }

  // Scaling: the stage is 1920×1080 CSS pixels, scaled to fill the window (a 4K wall
  // gets 2×, a laptop less than 1×); narrow windows stack instead (screen.css).
  function stageScale() {
    return window.innerWidth <= 900 ? 1 : Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  }

  function fit() {
    stage.style.transform = window.innerWidth <= 900 ? "" : "scale(" + stageScale() + ")";
    Object.keys(charts).forEach(function (key) { charts[key].resize(); });
  }

  function chart(name) {
    if (!charts[name]) {
      var element = root.querySelector('[data-screen-chart="' + name + '"]');
      // Drawn at the scaled size's resolution, so a 4K wall gets sharp text, not a
      // 1080p bitmap stretched twice.
      var ratio = (window.devicePixelRatio || 1) * Math.max(1, stageScale());
      charts[name] = window.echarts.init(element, null, { renderer: "canvas", devicePixelRatio: ratio });
    }
    return charts[name];
  }

  // The map -------------------------------------------------------------------------

  var bounds = {};  // feature name -> [minLon, minLat, maxLon, maxLat], and "" for all

  // The vendored map's rings may be compressed (ECharts' "UTF8Encoding": each ring a
  // string of zigzag deltas from its encodeOffsets): decoded here only to find bounds.
  function decodeRing(text, offset) {
    var points = [];
    var x = offset[0];
    var y = offset[1];
    for (var i = 0; i + 1 < text.length; i += 2) {
      var dx = text.charCodeAt(i) - 64;
      var dy = text.charCodeAt(i + 1) - 64;
      x += (dx >> 1) ^ (-(dx & 1));
      y += (dy >> 1) ^ (-(dy & 1));
      points.push([x / 1024, y / 1024]);
    }
    return points;
  }

  function computeBounds() {
    var map = window.echarts.getMap(MAP);
    var geo = map && (map.geoJSON || map.geoJson);
    if (!geo) { return; }
    var all = [Infinity, Infinity, -Infinity, -Infinity];
    geo.features.forEach(function (feature) {
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      var add = function (point) {
        box[0] = Math.min(box[0], point[0]); box[1] = Math.min(box[1], point[1]);
        box[2] = Math.max(box[2], point[0]); box[3] = Math.max(box[3], point[1]);
      };
      var walk = function (item, offsets) {
        if (typeof item === "string") {
          decodeRing(item, offsets || [0, 0]).forEach(add);
        } else if (typeof item[0] === "number") {
          add(item);
        } else {
          item.forEach(function (part, index) { walk(part, offsets && offsets[index]); });
        }
      };
      walk(feature.geometry.coordinates, feature.geometry.encodeOffsets);
      bounds[feature.properties.name] = box;
      all = [Math.min(all[0], box[0]), Math.min(all[1], box[1]),
             Math.max(all[2], box[2]), Math.max(all[3], box[3])];
    });
    bounds[""] = all;
  }

  function featureOf(code) {
    var match = (data.regions || []).filter(function (r) { return r.code === code; })[0];
    return match ? match.feature : "";
  }

  function view() {
    // Centre and zoom on the drilled district's shape, the whole map otherwise — only
    // when the district changes, so a refresh keeps the operator's own pan and zoom.
    if (viewRegion === region) { return {}; }
    viewRegion = region;
    var box = bounds[region ? featureOf(region) : ""] || bounds[""];
    var all = bounds[""];
    if (!box || !all) { return {}; }
    var zoom = 1;
    if (region) {
      zoom = Math.min((all[2] - all[0]) / (box[2] - box[0]), (all[3] - all[1]) / (box[3] - box[1]));
      zoom = Math.max(1, Math.min(8, zoom * 0.85));
    }
    return { center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], zoom: zoom };
  }

  function pointSeries(points) {
    var groups = {};
    var order = [];
    var names = {};
    var colors = {};
    if (colorBy === "kind") {
      data.stations.by_kind.forEach(function (k) {
        order.push(k.kind); names[k.kind] = k.name; colors[k.kind] = KIND_COLORS[k.kind] || "#ced4da";
      });
    } else {
      for (var s = 0; s <= 5; s += 1) {
        order.push(String(s));
        names[String(s)] = s ? labels.stars.replace("{n}", s) : labels.no_stars;
        colors[String(s)] = STAR_COLORS[s];
      }
    }
    order.forEach(function (key) { groups[key] = []; });
    points.forEach(function (p) {
      var key = colorBy === "kind" ? p[3] : String(Math.min(5, p[4]));
      if (groups[key]) { groups[key].push({ name: p[2], value: [p[5], p[6]], id: p[0], code: p[1], cameras: p[7] }); }
    });
    return order.map(function (key) {
      return {
        id: "points-" + key, name: names[key], type: "scatter", coordinateSystem: "geo",
        data: groups[key], symbolSize: region ? 10 : 7,
        itemStyle: { color: colors[key], opacity: 0.95, borderColor: "#0b1230", borderWidth: 1 },
        emphasis: { scale: 2 }, cursor: data.camera_url ? "pointer" : "default"
      };
    });
  }

  function mapOption() {
    var districts = data.sales ? data.sales.districts : [];
    var max = Math.max.apply(null, districts.map(function (d) { return d.sales_fen; }).concat([1]));
    var selected = region ? featureOf(region) : "";
    var series = [{
      id: "districts", type: "map", geoIndex: 0, name: labels.sales,
      data: districts.map(function (d) { return { name: d.name, value: d.sales_fen }; })
    }].concat(pointSeries(data.stations.points));
    return {
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          if (p.seriesType === "scatter") { return [p.name, p.data.code, p.seriesName]; }
          return [p.name, labels.sales + ": " + wan(p.value || 0) + " " + labels.wan];
        })
      },
      legend: { top: 0, right: 0, orient: "vertical", textStyle: { color: TEXT },
                data: series.slice(1).map(function (s) { return s.name; }) },
      visualMap: {
        seriesIndex: 0, min: 0, max: max, left: 0, bottom: 0, calculable: false,
        text: [wan(max), "0"], textStyle: { color: TEXT },
        inRange: { color: ["#1c2b5a", "#3b5bdb", "#7048e8", "#c2255c"] }
      },
      geo: Object.assign({
        map: MAP, roam: true,
        label: { show: true, color: "#dbe4ff", fontSize: 13 },
        itemStyle: { borderColor: "#74c0fc", borderWidth: 1, areaColor: "#1c2b5a" },
        emphasis: { label: { color: "#fff" }, itemStyle: { areaColor: "#f59f00" } },
        regions: (data.regions || []).map(function (r) {
          return { name: r.feature, itemStyle: { opacity: !selected || r.feature === selected ? 1 : 0.35 } };
        })
      }, view()),
      series: series
    };
  }

  // The other charts ----------------------------------------------------------------

  function dailyOption() {
    var daily = data.sales.daily;
    return {
      color: ["#ff6b6b", "#74c0fc"],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return wan(v) + " " + labels.wan; } },
      legend: { top: 0, textStyle: { color: TEXT } },
      grid: { left: 8, right: 16, top: 32, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: daily.labels, axisLabel: { color: TEXT } },
      yAxis: { type: "value", axisLabel: { color: TEXT, formatter: function (v) { return wan(v); } },
               splitLine: { lineStyle: { color: "rgba(255,255,255,.08)" } } },
      series: [
        { id: "this", name: labels.this_year, type: "line", smooth: true, data: daily.sales_fen,
          areaStyle: { opacity: 0.15 } },
        { id: "last", name: labels.last_year, type: "line", smooth: true, data: daily.last_sales_fen,
          lineStyle: { type: "dashed" } }
      ]
    };
  }

  function gamesOption() {
    return {
      color: ["#ff6b6b", "#ffd43b", "#74c0fc", "#63e6be", "#b197fc", "#ff922b", "#f783ac", "#adb5bd"],
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          return [p.name, wan(p.value) + " " + labels.wan + " (" + p.percent + "%)"];
        })
      },
      series: [{
        id: "games", type: "pie", radius: ["40%", "70%"], center: ["50%", "52%"],
        label: { color: TEXT, formatter: "{b} {d}%" },
        itemStyle: { borderColor: "#0b1230", borderWidth: 2 },
        data: data.sales.games.map(function (g) { return { name: g.name, value: g.sales_fen }; })
      }]
    };
  }

  function rankingOption() {
    var items = data.sales.ranking.items;
    return {
      tooltip: {
        trigger: "item",
        formatter: window.fucai.textTooltip(function (p) {
          var item = items[p.dataIndex] || {};
          var growth = item.yoy_pct === null || item.yoy_pct === undefined ? "—" : item.yoy_pct + "%";
          return [p.name, wan(p.value) + " " + labels.wan, growth];
        })
      },
      grid: { left: 8, right: 72, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
               axisLabel: { color: TEXT, fontSize: 14, width: 200, overflow: "truncate" } },
      series: [{
        id: "ranking", type: "bar", barMaxWidth: 18,
        data: items.map(function (i) { return i.sales_fen; }),
        itemStyle: { color: new window.echarts.graphic.LinearGradient(0, 0, 1, 0, [
          { offset: 0, color: "#3b5bdb" }, { offset: 1, color: "#ff6b6b" }]) },
        label: { show: true, position: "right", color: TEXT, formatter: function (p) { return wan(p.value); } }
      }]
    };
  }

  // Rendering -----------------------------------------------------------------------

  function renderAlerts(alerts) {
    var list = root.querySelector("[data-screen-alerts]");
    var rows = [];
    (alerts.items || []).forEach(function (item) {
      var li = document.createElement("li");
      var sev = document.createElement("span");
      sev.className = "sev sev-" + item.severity;
      sev.textContent = item.severity_label;
      var title = document.createElement("span");
      title.textContent = item.title;
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = item.station ? item.district + " · " + item.station : item.district;
      li.append(sev, title, where);
      rows.push(li);
    });
    if (!rows.length) {
      var empty = document.createElement("li");
      empty.className = "screen-muted";
      empty.textContent = labels.no_alerts;
      rows.push(empty);
    }
    list.replaceChildren.apply(list, rows);
  }

  function render() {
    setText("scope", data.region ? data.region.name : (data.regions.length === 1 ? data.regions[0].name : labels.whole_scope));
    root.querySelector("[data-screen-back]").hidden = !data.region;
    setText("data_until", data.data_until);
    setText("generated_at", data.generated_at ? data.generated_at.slice(0, 19).replace("T", " ") : null);
    var stale = root.querySelector("[data-screen-stale]");
    stale.hidden = !data.stale;
    if (data.stale) {
      stale.textContent = data.last_import_at
        ? labels.stale.replace("{at}", data.last_import_at.slice(0, 16).replace("T", " "))
            .replace("{hours}", data.stale_after_hours)
        : labels.no_import;
    }
    var st = data.stations;
    setText("active", st.active);
    setText("starred", st.starred);
    setText("provincial", st.provincial);

    showSection("sales", !!data.sales);
    if (data.sales) {
      var k = data.sales.kpis;
      setText("period_label", data.sales.period_label);
      setText("sales", wan(k.sales_fen));
      setText("last_sales", wan(k.last_sales_fen));
      setGrowth("sales_yoy", k.yoy_sales_pct);
      setText("welfare", wan(k.welfare_fen));
      setText("last_welfare", wan(k.last_welfare_fen));
      setGrowth("welfare_yoy", k.yoy_welfare_pct);
      setText("ranking_title", data.sales.ranking.level === "station" ? labels.ranking_stations : labels.ranking_districts);
      chart("daily").setOption(dailyOption(), { notMerge: false, lazyUpdate: true });
      chart("games").setOption(gamesOption(), { notMerge: false, replaceMerge: ["series"], lazyUpdate: true });
      chart("ranking").setOption(rankingOption(), { notMerge: false, lazyUpdate: true });
    }
    chart("map").setOption(mapOption(), { notMerge: false, replaceMerge: ["series"], lazyUpdate: true });

    showSection("welfare", !!data.welfare);
    if (data.welfare) {
      var w = data.welfare;
      setText("welfare_year", w.year);
      setText("fund_raised", wan(w.raised_fen));
      setText("fund_allocated", wan(w.allocated_fen));
      setText("fund_spent", wan(w.spent_fen));
      var share = w.raised_fen > 0 ? Math.min(100, 100 * w.spent_fen / w.raised_fen) : 0;
      root.querySelector('[data-field="fund_spent_bar"]').style.width = share.toFixed(1) + "%";
    }
    showSection("charity", !!data.charity);
    if (data.charity) {
      setText("charity_year", data.charity.year);
      setText("charity_activities", data.charity.activities);
      setText("charity_people", data.charity.beneficiaries);
      setText("charity_spent", wan(data.charity.spent_fen));
    }
    showSection("rectifications", !!data.rectifications);
    if (data.rectifications) {
      setText("rect_open", data.rectifications.open);
      setText("rect_overdue", data.rectifications.overdue);
    }
    showSection("alerts", !!data.alerts);
    if (data.alerts) {
      setText("alerts_open", data.alerts.open);
      setText("alerts_ack", data.alerts.acknowledged);
      setText("alerts_critical", data.alerts.critical);
      renderAlerts(data.alerts);
    }
  }

  // Refreshing ----------------------------------------------------------------------

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { refresh().then(schedule, schedule); }, refreshMs);
  }

  function refresh() {
    if (inFlight) { return inFlight; }
    var url = apiUrl + (region ? "?region=" + encodeURIComponent(region) : "");
    var wanted = region;
    var request = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (body) {
        if (wanted !== region) { return; }  // the user drilled elsewhere meanwhile
        data = body;
        state.refreshes += 1;
        root.querySelector("[data-screen-offline]").hidden = true;
        render();
      })
      .catch(function () {
        state.failures += 1;
        root.querySelector("[data-screen-offline]").hidden = false;
      })
      .then(function () { if (inFlight === request) { inFlight = null; } });
    inFlight = request;
    return request;
  }

  function drill(code) {
    if (code === region) { return; }
    region = code || "";
    var url = pageUrl + (region ? "?region=" + encodeURIComponent(region) : "");
    var keep = new URLSearchParams(window.location.search).get("refresh");
    if (keep) { url += (region ? "&" : "?") + "refresh=" + encodeURIComponent(keep); }
    window.history.pushState({ region: region }, "", url);
    inFlight = null;
    refresh().then(schedule, schedule);
  }

  function regionOfFeature(name) {
    var matches = (data.regions || []).filter(function (r) { return r.feature === name; });
    var exact = matches.filter(function (r) { return r.name === name; })[0];
    return (exact || matches[0] || {}).code || "";
  }

  function wire() {
    chart("map").on("click", function (p) {
      if (p.seriesType === "scatter") {
        if (data.camera_url && p.data && p.data.id && p.data.cameras) {
          window.open(data.camera_url.replace("{id}", p.data.id), "_blank", "noopener");
        }
        return;
      }
      var code = regionOfFeature(p.name);
      if (code && data.regions.length > 1) { drill(code); }
    });
    chart("ranking").on("click", function (p) {
      var item = data.sales && data.sales.ranking.items[p.dataIndex];
      if (item && data.sales.ranking.level === "district") { drill(item.code); }
    });
    root.querySelector("[data-screen-back]").addEventListener("click", function () { drill(""); });
    root.querySelectorAll("[data-color-by]").forEach(function (button) {
      button.addEventListener("click", function () {
        colorBy = button.dataset.colorBy;
        root.querySelectorAll("[data-color-by]").forEach(function (b) {
          b.classList.toggle("active", b === button);
        });
        chart("map").setOption(mapOption(), { notMerge: false, replaceMerge: ["series"] });
      });
    });
    window.addEventListener("resize", fit);
    window.addEventListener("popstate", function () {
      var code = new URLSearchParams(window.location.search).get("region") || "";
      if (code !== region) { region = code; inFlight = null; refresh().then(schedule, schedule); }
    });
  }

  computeBounds();
  fit();
  render();
  wire();
  schedule();

  // For the browser tests and the command room's operators: how many refreshes so far,
  // and a refresh on demand.
  window.fucaiScreen = {
    state: state,
    refreshNow: function () { return refresh(); },
    region: function () { return region; }
  };
})();
