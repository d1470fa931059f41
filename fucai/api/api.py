"""The JSON API, mounted at /api/ with its OpenAPI schema at /api/openapi.json."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import bearer_auth, issue_token, session_auth
from .docs import OfflineSwagger
from .recruitment import router as recruitment_router
from .sales import router as sales_router
from .sales_imports import router as sales_imports_router
from .stations import router as stations_router
from .tokens import router as tokens_router

api = NinjaAPI(
    title="Fucai API",
    version="1.0",
    description="Welfare-lottery center operations platform. Authenticate with "
    "`POST /api/token`, then send `Authorization: Bearer <token>`.",
    auth=[bearer_auth, session_auth],
    urls_namespace="api",
    docs=OfflineSwagger(),
)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class ErrorOut(Schema):
    detail: str


@api.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut}, tags=["auth"])
def create_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token (valid 30 days)."""
    token = issue_token(request, payload.username, payload.password)
    if token is None:
        return Status(401, {"detail": "Invalid username or password, or the account is locked."})
    return Status(200, {"token": token})


api.add_router("/stations", stations_router)
api.add_router("/sales", sales_router)  # analytics (api/sales.py)
api.add_router("/sales", sales_imports_router)  # imports and games (api/sales_imports.py)
api.add_router("/recruitment", recruitment_router)
api.add_router("/tokens", tokens_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "Permission denied."}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(
        request, {"detail": "Authentication required: send a bearer token."}, status=401
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid data.", "errors": detail}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc):
    return api.create_response(
        request, {"detail": "Invalid request.", "errors": exc.errors}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
