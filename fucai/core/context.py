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
    """The client's address, as far as it can be trusted: the one place audit entries,
    the login log, django-axes lockout and the portal throttles take it from.

    ``X-Forwarded-For`` is written by whoever sends the request, so only the entries
    appended by our own proxies count. With ``FUCAI_TRUSTED_PROXIES = N`` the address
    the outermost trusted proxy saw is the N-th from the right; with 0 (no proxy)
    the header is ignored and ``REMOTE_ADDR`` is the client.
    """
    from django.conf import settings

    if request is None:  # axes may be called outside a request
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = getattr(settings, "FUCAI_TRUSTED_PROXIES", 0)
    if trusted <= 0:
        return remote
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < trusted:
        return remote
    return _valid_ip(hops[-trusted]) or remote


def _valid_ip(value: str) -> str | None:
    import ipaddress

    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
