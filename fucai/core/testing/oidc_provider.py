"""A tiny OpenID Connect provider for tests, standing in for the government identity
platform (浙里办): discovery, JWKS, an authorization endpoint that signs the configured
person in at once (no login page), and a token endpoint that checks the client secret,
the redirect URI and the PKCE verifier and returns an RS256 ID token signed with a key
generated per provider. Knobs let a test make the ID token wrong on purpose (nonce,
audience, expiry, signature) to see it refused.

    with LocalOIDCProvider(client_id="fucai", client_secret="s3cret") as provider:
        provider.identity = {"name": "张三", "id_number": "330302199001011234"}
        ... settings FUCAI_OIDC_ISSUER=provider.issuer ...
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


class LocalOIDCProvider:
    def __init__(
        self,
        *,
        client_id: str = "fucai-test",
        client_secret: str = "test-secret",  # noqa: S107
        issuer: str = "",
    ):
        """``issuer``: served by someone else at that address (the demo mounts the
        endpoints in Django, fucai/core/testing/oidc_demo.py); no server of its own."""
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
        self.identity: dict = {"sub": "user-1", "name": "测试用户"}
        # Test knobs: claims to override in the next ID tokens, or sign with another key.
        self.override: dict = {}
        self.sign_with_other_key = False
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self._server = None
        if issuer:
            self.issuer = issuer.rstrip("/")
            return
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # Endpoints ------------------------------------------------------------------

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def authorize(self, query: dict, identity: dict | None = None) -> tuple[int, dict]:
        """Sign the configured person (or ``identity``) in at once and send them back
        with a code."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {"error": "invalid_request", "error_description": "PKCE required"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query["code_challenge"],
            "identity": dict(identity if identity is not None else self.identity),
        }
        params = urlencode({"code": code, "state": query.get("state", "")})
        return 302, {"Location": f"{query['redirect_uri']}?{params}"}

    def token(self, form: dict, authorization: str = "") -> tuple[int, dict]:
        """``authorization``: the request's Authorization header (client_secret_basic)."""
        form = {**form, "_basic": authorization.startswith("Basic ")}
        if authorization.startswith("Basic "):
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            form = {
                **form,
                "client_id": unquote_plus(user),
                "client_secret": unquote_plus(password),
            }
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None:
            return 400, {"error": "invalid_grant"}
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["identity"],
            **self.override,
        }
        key = self.key
        if self.sign_with_other_key:
            key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, key)
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet in test output
                pass

            def _send(self, status: int, body: dict) -> None:
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body["Location"])
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.metadata())
                elif url.path == "/jwks":
                    self._send(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    self._send(*provider.authorize(query))
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._send(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
