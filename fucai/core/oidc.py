"""Sign-in through a government identity provider (浙江政务服务网 / 浙里办) over OpenID
Connect, as a relying party: the provider found by discovery, the authorization code
flow with PKCE (S256), state and nonce kept in the session, the ID token's signature
checked against the provider's JWKS and its issuer, audience, expiry and nonce checked
(Authlib does the protocol; this module holds the configuration and turns every way
it can fail into one specific, translatable message).

What comes back is the verified identity — the resident ID number and the name the
provider vouches for; finding or creating the account is the caller's business.
"""

import dataclasses
import threading
import time

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from joserfc import errors as jose

PROVIDER_NAME = "gov"
# Discovery and the JWKS are fetched again after this long (a provider rotates keys;
# an unknown key id also forces a fetch).
METADATA_MAX_AGE_SECONDS = 3600


class SignInRefused(Exception):
    """The provider's answer was not accepted; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class VerifiedIdentity:
    id_number: str
    name: str
    issuer: str
    subject: str
    phone: str = ""


def enabled() -> bool:
    return bool(settings.FUCAI_OIDC_ISSUER and settings.FUCAI_OIDC_CLIENT_ID)


_lock = threading.Lock()
_apps: dict[tuple, tuple[float, DjangoOAuth2App]] = {}


def _client() -> DjangoOAuth2App:
    config = (
        settings.FUCAI_OIDC_ISSUER,
        settings.FUCAI_OIDC_CLIENT_ID,
        settings.FUCAI_OIDC_CLIENT_SECRET,
        settings.FUCAI_OIDC_SCOPE,
        settings.FUCAI_OIDC_TOKEN_AUTH_METHOD,
    )
    now = time.monotonic()
    with _lock:
        cached = _apps.get(config)
        if cached is not None and now - cached[0] < METADATA_MAX_AGE_SECONDS:
            return cached[1]
        issuer, client_id, client_secret, scope, auth_method = config
        app = DjangoOAuth2App(
            DjangoIntegration(PROVIDER_NAME),
            name=PROVIDER_NAME,
            client_id=client_id,
            client_secret=client_secret,
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": scope,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": auth_method,
                "default_timeout": settings.FUCAI_OIDC_TIMEOUT_SECONDS,
            },
        )
        _apps[config] = (now, app)
        return app


def begin(request, redirect_uri: str):
    """The redirect to the provider's authorization endpoint (state, nonce and the PKCE
    verifier saved in the session)."""
    try:
        return _client().authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError, KeyError) as error:
        raise SignInRefused(_("The identity platform cannot be reached. Please try later.")) from (
            error
        )


_CLAIM_MESSAGES = {
    "nonce": _("The identity token does not belong to this sign-in (nonce mismatch)."),
    "aud": _("The identity token was issued for another application (audience)."),
    "iss": _("The identity token comes from another issuer."),
    "exp": _("The identity token has expired."),
    "iat": _("The identity token's issue time is not valid."),
    "nbf": _("The identity token is not valid yet."),
}


def _claim_message(error: jose.ClaimError):
    return _CLAIM_MESSAGES.get(
        error.claim,
        _("The identity token is not valid (claim %(claim)s).") % {"claim": error.claim},
    )


def finish(request) -> VerifiedIdentity:
    """Check the provider's answer on the callback and return the identity it
    verified; raise ``SignInRefused`` with the reason otherwise."""
    app = _client()
    try:
        # The audience is checked explicitly: Authlib alone would only ask for an
        # ``azp`` when the token names several audiences.
        token = app.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [settings.FUCAI_OIDC_ISSUER]},
                "aud": {"essential": True, "values": [settings.FUCAI_OIDC_CLIENT_ID]},
            },
        )
    except MismatchingStateError as error:
        raise SignInRefused(
            _("This sign-in was not started here or has expired (state). Please start again.")
        ) from error
    except OAuthError as error:
        raise SignInRefused(
            _("The identity platform refused the sign-in: %(reason)s")
            % {"reason": error.description or error.error}
        ) from error
    except jose.ExpiredTokenError as error:
        raise SignInRefused(_("The identity token has expired.")) from error
    except jose.ClaimError as error:
        raise SignInRefused(_claim_message(error)) from error
    except (jose.BadSignatureError, jose.DecodeError, jose.InvalidKeyIdError) as error:
        raise SignInRefused(_("The identity token's signature is not valid.")) from error
    except jose.JoseError as error:
        raise SignInRefused(_("The identity token is not valid.")) from error
    except requests.RequestException as error:
        raise SignInRefused(
            _("The identity platform cannot be reached. Please try later.")
        ) from error
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused(_("The identity platform sent no identity token."))
    id_number = str(claims.get(settings.FUCAI_OIDC_ID_NUMBER_CLAIM) or "")
    name = str(claims.get(settings.FUCAI_OIDC_NAME_CLAIM) or "")
    if not id_number:
        raise SignInRefused(_("The identity platform did not send a resident ID number."))
    phone = str(claims.get("phone_number") or "") if claims.get("phone_number_verified") else ""
    return VerifiedIdentity(
        id_number=id_number,
        name=name,
        issuer=str(claims.get("iss") or ""),
        subject=str(claims.get("sub") or ""),
        phone=phone,
    )
