"""One error shape for the whole API and the machinery that documents it on every
operation, so a new route cannot forget its error answers.

Every error is ``{"detail": str, "errors": ... (optional)}`` (``ErrorOut``). ``FucaiAPI``
adds the standard error responses to each operation's documented responses when the
routes are bound (an operation's own schema for a status, such as the import's 422,
wins), and ``install_error_handlers`` maps every exception to one of them — the last
resort a JSON 500 that is logged, never an HTML page.
"""

import datetime
import logging
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import AnonRateThrottle
from pydantic import AfterValidator

from fucai.core.validators import EARLIEST_DATE, latest_date

logger = logging.getLogger(__name__)

# Bounds of integer inputs: ids are positive bigints; list windows are small.
MAX_ID = 2**63 - 1
MAX_OFFSET = 1_000_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
# A text used to look a record up (a code, a tracking code, a region): short.
Code = Annotated[str, Field(min_length=1, max_length=64)]


def _sane_date(value: datetime.date) -> datetime.date:
    latest = latest_date()
    if not EARLIEST_DATE <= value <= latest:
        raise ValueError(
            f"date must lie between {EARLIEST_DATE.isoformat()} and {latest.isoformat()}"
        )
    return value


# A date a client asks about: from 2000 to a year from today (9999-12-31 would overflow
# the date arithmetic behind it).
SaneDate = Annotated[datetime.date, AfterValidator(_sane_date)]


class ErrorOut(Schema):
    """Every error answer of the API."""

    detail: str
    errors: Any = None


# status -> when it applies to an operation
_STANDARD = {
    400: lambda op: True,  # NUL characters, malformed bodies (core.middleware)
    401: lambda op: bool(op.auth_callbacks),
    403: lambda op: bool(op.auth_callbacks),
    404: lambda op: True,
    409: lambda op: bool({"POST", "PUT", "PATCH", "DELETE"} & set(op.methods)),
    422: lambda op: True,
    429: lambda op: bool(op.throttle_objects),
    500: lambda op: True,
}


class FucaiAPI(NinjaAPI):
    """NinjaAPI that documents the standard error responses on every operation."""

    def _get_bound_routers(self):
        bound = super()._get_bound_routers()
        for router in bound:
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    _document_errors(operation)
        return bound


def _document_errors(operation) -> None:
    models = operation.response_models
    if getattr(operation, "_errors_documented", False) or Ellipsis in models:
        return
    error_model = None
    for status, applies in _STANDARD.items():
        if status not in models and applies(operation):
            error_model = error_model or operation._create_response_model(ErrorOut)
            models[status] = error_model
    operation._errors_documented = True


class TokenThrottle(AnonRateThrottle):
    """Password guesses through ``POST /api/token``, per client address; the rate is
    ``settings.FUCAI_API_TOKEN_RATE``, read on each request."""

    scope = "token"

    def __init__(self):
        self.rate = None

    def allow_request(self, request) -> bool:
        self.rate = settings.FUCAI_API_TOKEN_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request, status: int, detail: str, errors=None):
        body = {"detail": detail}
        if errors is not None:
            body["errors"] = errors
        return api.create_response(request, body, status=status)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "Not found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "Permission denied.")

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(request, 401, "Authentication required: send a bearer token.")

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return respond(request, 422, "Invalid data.", detail)

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        return respond(request, 422, "Invalid request.", _jsonable(exc.errors))

    @api.exception_handler(IntegrityError)
    def conflict(request, exc):
        logger.info("API conflict on %s: %s", request.path, exc)
        return respond(request, 409, "Conflict: the data was changed or already exists.")

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(request, 429, "Too many requests; try again later.")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "Internal server error.")


def _jsonable(errors: list) -> list:
    """Pydantic's error entries carry the offending input and context as Python
    objects (a ValueError from a validator, a date), which JSON cannot encode (a 500);
    keep what a client needs, as plain JSON."""
    cleaned = []
    for error in errors:
        entry = {key: error[key] for key in ("type", "loc", "msg") if key in error}
        entry["loc"] = [p if isinstance(p, int) else str(p) for p in entry.get("loc", [])]
        cleaned.append(entry)
    return cleaned
