/* Starts the vendored Swagger UI on /api/docs (the CSP forbids inline scripts). */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  if (csrfToken) {
    // Session-authenticated "try it out" requests need Django's CSRF token.
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  window.ui = window.SwaggerUIBundle(config);
})();
