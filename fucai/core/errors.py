"""Error answers, one place for the whole site: the JSON API gets ``{"detail": ...}``
bodies, pages get the Chinese error templates. Used by the error handlers of
``fucai.urls`` (handler400/403/404/500) and by the input guard middleware."""

import logging

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

from .choices import Role
from .roles import role_of

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

# The texts of the API are English (a machine reads them); pages speak the user's
# language through the templates.
API_DETAILS = {
    400: "Bad request.",
    403: "Permission denied.",
    404: "Not found.",
    500: "Internal server error.",
}


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(status: int, detail: str, errors=None) -> JsonResponse:
    body = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def page_error(request, status: int, message=None) -> HttpResponse:
    """The error page ``<status>.html``; ``message`` says what was wrong."""
    try:
        template = loader.get_template(f"{status}.html")
        content = template.render({"message": message, "request_path": request.path}, request)
    except Exception:  # a broken template must not hide the original error
        logger.exception("error template %s failed", status)
        content = f"<h1>{status}</h1><p>{message or ''}</p>"
    return HttpResponse(content, status=status)


def error_response(request, status: int, *, detail: str = "", message=None) -> HttpResponse:
    """JSON for the API, a page for everything else."""
    if is_api(request):
        return api_error(status, detail or API_DETAILS.get(status, "Error."))
    return page_error(request, status, message)


@requires_csrf_token
def bad_request(request, exception=None):
    return error_response(request, 400, message=_("The request could not be understood."))


PORTAL_PREFIX = "/public/"
APPLICANT_NOTICE = _("This is the staff site. Your applications are in the public portal.")


def is_applicant(user) -> bool:
    return role_of(user) == Role.APPLICANT


def send_applicant_to_portal(request):
    """An applicant has nothing on the staff site: their applications live in the public
    portal, so they are sent there with a word of explanation rather than a 403."""
    messages.info(request, APPLICANT_NOTICE)
    return redirect("portal:my_applications")


@requires_csrf_token
def permission_denied(request, exception=None):
    if (
        not is_api(request)
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(PORTAL_PREFIX)
        and is_applicant(getattr(request, "user", None))
    ):
        return send_applicant_to_portal(request)
    return error_response(request, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return error_response(request, 404)


@requires_csrf_token
def server_error(request):
    if is_api(request):
        return api_error(500, API_DETAILS[500])
    # 500.html is a plain file: rendering the site's base template may be what failed.
    template = loader.get_template("500.html")
    return HttpResponse(template.render(), status=500)
