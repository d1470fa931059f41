import json
import re
import uuid

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _

from . import context, errors

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Binds the client IP and a request id for the audit log; echoes the id back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        with context.bind(ip=context.client_ip(request), request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy header (Django 5.2 has no built-in CSP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CSP_ENABLED and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


class ChineseFirstMiddleware:
    """Simplified Chinese unless the user chose another language (the language cookie
    set by the switcher): a center's staff on an English-language browser still get the
    center's working language. Runs before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class InputGuardMiddleware:
    """Refuses, with a 400, input that no view can handle: a NUL character (``\\x00``)
    in the path, a query parameter, a header, a form field or a JSON string (PostgreSQL
    text columns cannot store NUL, and a lookup with one fails in the driver), and a
    multipart body that does not parse (a broken or truncated boundary). One check here
    instead of one per form, filter, schema and lookup. The API answers JSON; pages show
    the 400 page with the reason in Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem is not None:
            detail, message = problem
            return errors.error_response(request, 400, detail=detail, message=message)
        return self.get_response(request)

    def problem(self, request) -> tuple[str, str] | None:
        if _NUL in request.path_info or _has_nul(request.GET.lists()):
            return _NUL_IN_URL
        if any(_NUL in value for key, value in request.META.items() if key.startswith("HTTP_")):
            return _NUL_IN_HEADER
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return None
        content_type = request.content_type or ""
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                fields, files = request.POST, request.FILES  # parses the body
            except MultiPartParserError:
                return _BAD_MULTIPART
            if _has_nul(fields.lists()) or _has_nul((key, []) for key in files):
                return _NUL_IN_FORM
        elif content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            # JSON writes NUL as \u0000 (a raw NUL byte makes the body invalid JSON,
            # which the API's parser refuses by itself); parse only when it may be there.
            if b"\\u0000" in body:
                try:
                    data = json.loads(body)
                except (ValueError, RecursionError):
                    return None  # the API's own parser answers malformed JSON
                if _json_has_nul(data):
                    return _NUL_IN_JSON
        return None


_NUL = "\x00"
_NUL_IN_URL = (
    "The URL or a query parameter contains a NUL character (\\x00).",
    _("The address contains an invalid character (NUL). Check the link and try again."),
)
_NUL_IN_HEADER = (
    "A request header contains a NUL character (\\x00).",
    _("The request contains an invalid character (NUL)."),
)
_NUL_IN_FORM = (
    "A form field contains a NUL character (\\x00).",
    _("A field of the form contains an invalid character (NUL). Remove it and submit again."),
)
_NUL_IN_JSON = (
    "A JSON string contains a NUL character (\\u0000).",
    _("The request contains an invalid character (NUL)."),
)
_BAD_MULTIPART = (
    "The multipart body is malformed (broken or truncated boundary).",
    _("The upload was incomplete or malformed. Please choose the file and upload it again."),
)


def _has_nul(lists) -> bool:
    return any(_NUL in key or any(_NUL in value for value in values) for key, values in lists)


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return _NUL in value
    if isinstance(value, dict):
        return any(_NUL in key or _json_has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False
