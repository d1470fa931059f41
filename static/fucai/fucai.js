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

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
})();
