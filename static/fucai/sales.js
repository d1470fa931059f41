/* Sales pages: small behaviours wired by data attributes (the CSP forbids inline scripts). */
(function () {
  "use strict";

  // Forms that change data ask first (target deletion).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
