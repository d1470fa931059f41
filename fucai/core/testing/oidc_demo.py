"""The demo's stand-in for the government identity platform (浙里办), so a person
trying `make run` can see the sign-in without any outside service.

With ``FUCAI_OIDC_DEMO=1`` (development only: the settings refuse it when DEBUG is off,
and set the issuer and client to this provider) the local test provider
(``oidc_provider.LocalOIDCProvider``) is served by Django itself under ``/dev/gov-idp/``:
discovery, the JWKS, an authorization page where the visitor picks one of a few demo
citizens (made-up names, checksum-valid made-up ID numbers), and the token endpoint the
site calls back over HTTP. The portal goes through the real OpenID Connect code flow
(PKCE, state, nonce, a signed ID token) exactly as it does with the real platform.
Without the setting nothing here is mounted (``mounted()`` returns no pattern).
"""

import datetime
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.http.request import split_domain_port, validate_host
from django.shortcuts import render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fucai.core.masking import mask_id_number
from fucai.core.validators import make_id_number

from .oidc_provider import LocalOIDCProvider

PREFIX = "dev/gov-idp/"
# Made-up people (names and ID numbers; the numbers pass GB 11643's checksum).
CITIZENS = (
    ("demo-citizen-1", "陈浙里", "330302", datetime.date(1985, 6, 1), 77),
    ("demo-citizen-2", "林小梅", "330381", datetime.date(1992, 3, 18), 42),
    ("demo-citizen-3", "王建华", "330304", datetime.date(1978, 11, 9), 135),
)
AUTHORIZE_FIELDS = (
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def citizens() -> list[dict]:
    return [
        {"sub": sub, "name": name, "id_number": make_id_number(region, birth, sequence)}
        for sub, name, region, birth, sequence in CITIZENS
    ]


_lock = threading.Lock()
_providers: dict[tuple, LocalOIDCProvider] = {}


def provider() -> LocalOIDCProvider:
    """One provider (its signing key, its codes) per configuration, for the process."""
    if not settings.FUCAI_OIDC_DEMO:
        raise Http404("The demo identity provider is off")
    config = (
        settings.FUCAI_OIDC_ISSUER,
        settings.FUCAI_OIDC_CLIENT_ID,
        settings.FUCAI_OIDC_CLIENT_SECRET,
    )
    with _lock:
        if config not in _providers:
            issuer, client_id, client_secret = config
            _providers[config] = LocalOIDCProvider(
                client_id=client_id, client_secret=client_secret, issuer=issuer
            )
        return _providers[config]


def _answer(status: int, body: dict):
    if status == 302:
        return HttpResponseRedirect(body["Location"])
    return JsonResponse(body, status=status)


@require_GET
def discovery(request):
    return JsonResponse(provider().metadata())


@require_GET
def jwks(request):
    return JsonResponse({"keys": [provider().key.as_dict(private=False)]})


@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request):
    """The platform's sign-in page: pick a demo citizen, go back with a code."""
    local = provider()
    data = request.POST if request.method == "POST" else request.GET
    query = {name: data.get(name, "") for name in AUTHORIZE_FIELDS}
    # Only ever back to this site's own callback (no open redirect, even in the demo);
    # the visitor may use another of its names (localhost for 127.0.0.1).
    callback = urlsplit(query["redirect_uri"])
    host, _port = split_domain_port(callback.netloc)
    if callback.path != reverse("portal:gov_callback") or not validate_host(
        host, settings.ALLOWED_HOSTS
    ):
        return HttpResponseBadRequest(_("The sign-in does not come back to this site."))
    people = citizens()
    if request.method == "POST":
        chosen = next((c for c in people if c["sub"] == request.POST.get("citizen")), None)
        if chosen is None:
            return HttpResponseBadRequest(_("Pick one of the people listed."))
        return _answer(*local.authorize(query, identity=chosen))
    return render(
        request,
        "core/oidc_demo_authorize.html",
        {
            "query": query,
            "citizens": [{**c, "masked": mask_id_number(c["id_number"])} for c in people],
        },
    )


@csrf_exempt  # called by the site's server with the client's secret, not by a browser
@require_POST
def token(request):
    return _answer(*provider().token(request.POST.dict(), request.headers.get("Authorization", "")))


provider_patterns = (
    [
        path(".well-known/openid-configuration", discovery, name="discovery"),
        path("jwks", jwks, name="jwks"),
        path("authorize", authorize, name="authorize"),
        path("token", token, name="token"),
    ],
    "gov_idp",
)


def mounted() -> list:
    """The provider's URLs when the demo mode is on (never otherwise)."""
    if not settings.FUCAI_OIDC_DEMO:
        return []
    return [path(PREFIX, include(provider_patterns))]
