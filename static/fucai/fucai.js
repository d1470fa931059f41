/* Small behaviours wired by data attributes (the CSP forbids inline scripts). */
(function () {
  "use strict";

  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };

  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g,
      function (ch) { return HTML_ESCAPES[ch]; });
  }

  // ECharts renders tooltips as HTML, so a station, game or district name must never
  // reach one unescaped. Every tooltip formatter is built here from a function that
  // returns plain-text lines: each line is escaped, then the lines are joined.
  function textTooltip(linesOf) {
    return function (params) {
      return linesOf(params).map(escapeHtml).join("<br/>");
    };
  }

  window.fucai = { escapeHtml: escapeHtml, textTooltip: textTooltip };

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // Open the shared modal when an element with data-modal-open loads content into it.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "modal-content") {
      var element = document.getElementById("modal");
      // Tabler bundles Bootstrap's components and exports them as window.tabler.
      var components = window.bootstrap || window.tabler;
      if (components && components.Modal && element) {
        components.Modal.getOrCreateInstance(element).show();
      }
    }
  });

  // Show form errors returned with a 400 inside the modal instead of ignoring them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Alpine components are registered here: the CSP build evaluates no inline code.
  document.addEventListener("alpine:init", function () {
    // A new station's code: when the district changes, fetch the next free code and
    // fill it in, unless the user has typed a code of their own.
    window.Alpine.data("stationCode", function () {
      return {
        init: function () {
          var region = this.$el.querySelector("[name=region]");
          var code = this.$el.querySelector("[name=code]");
          var url = this.$el.dataset.nextUrl;
          if (!region || !code || !url) { return; }
          var suggested = code.value;
          region.addEventListener("change", function () {
            if (!region.value || (code.value && code.value !== suggested)) { return; }
            fetch(url + "?region=" + encodeURIComponent(region.value), {
              credentials: "same-origin", headers: { Accept: "application/json" }
            }).then(function (response) {
              return response.ok ? response.json() : null;
            }).then(function (body) {
              if (body && body.code && (!code.value || code.value === suggested)) {
                code.value = suggested = body.code;
              }
            });
          });
        }
      };
    });

    window.Alpine.data("ownerIdentity", function () {
      return {
        init: function () {
          var select = this.$el.querySelector("[name=owner_kind]");
          var label = this.$el.querySelector("label[for=id_owner_id_number]");
          var root = this.$el;
          if (!select || !label) { return; }
          var update = function () {
            label.textContent = select.value === "company"
              ? root.dataset.companyLabel : root.dataset.personLabel;
          };
          select.addEventListener("change", update);
          update();
        }
      };
    });
  });

  // A list's export link and its "PDFs as a zip" form act on the filters on screen. The
  // filter bar swaps the table and the address through htmx, not these elements, so
  // they take the address's query when used (data-follow-filters: extra parameters).
  function withCurrentQuery(url, extra) {
    var target = new URL(url, window.location.href);
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    params.delete("export");
    new URLSearchParams(extra || "").forEach(function (value, key) { params.set(key, value); });
    var query = params.toString();
    return target.pathname + (query ? "?" + query : "");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-follow-filters]");
    if (link) { link.href = withCurrentQuery(link.getAttribute("href"), link.dataset.followFilters); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-follow-filters]")) {
      form.action = withCurrentQuery(form.getAttribute("action"), form.dataset.followFilters);
    }
  }, true);

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
})();
