"""The API docs page (Swagger UI) served from vendored files, so it works offline and
under the Content-Security-Policy (``script-src 'self'``: no CDN, no inline script).

django-ninja's own Swagger page loads Swagger UI from a CDN with an inline script
whenever ``ninja`` is not an installed app (our case), and its bundled copy lags the
vendored, pinned one; this renders our template instead.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class OfflineSwagger(Swagger):
    template = "api/swagger.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI otherwise loads a badge image from validator.swagger.io.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)
