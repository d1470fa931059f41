"""The current request's who-and-where, for the audit log.

Services take ``acting_user`` explicitly; the IP address and request id are ambient
(set by RequestContextMiddleware, or by a management command) so a service called from
a view, the API, a command or a Celery task records them without threading them through.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    request_id: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "fucai_request_context",
    default=RequestContext(),  # noqa: B039 -- frozen dataclass, immutable
)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def bind(*, ip: str | None = None, request_id: str | None = None):
    token = _current.set(RequestContext(ip=ip, request_id=request_id or uuid.uuid4().hex))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trusted solely behind a configured proxy.
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
