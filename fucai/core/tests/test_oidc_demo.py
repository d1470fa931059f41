"""The demo's stand-in for 浙里办 (FUCAI_OIDC_DEMO): never mounted without the flag,
refused at start-up in production, and — when on — a provider that serves discovery,
keys, a page to pick a made-up citizen and the token endpoint, sending the visitor only
back to this site's callback."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from cryptography.fernet import Fernet
from django.urls import Resolver404, resolve

from fucai.core.testing import oidc_demo
from fucai.core.validators import validate_id_number

ROOT = Path(__file__).resolve().parents[3]
ISSUER = "http://testserver/dev/gov-idp"
DEMO_URLS = "fucai.core.tests.oidc_demo_urls"


def _settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FUCAI_", "DJANGO_"))}
    clean.update({"FUCAI_TESTING": "0", "SECRET_KEY": "x" * 50, **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import fucai.settings as s; print(s.FUCAI_OIDC_ISSUER, s.FUCAI_OIDC_CLIENT_ID)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_with_the_demo_provider():
    # Production's own keys set, so the refusal is the demo provider's and no other.
    keys = {"FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(), "BLIND_INDEX_KEY": "k" * 40}
    assert _settings(DEBUG="0", **keys).returncode == 0
    result = _settings(DEBUG="0", FUCAI_OIDC_DEMO="1", **keys)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "FUCAI_OIDC_DEMO" in result.stderr


def test_the_demo_mode_points_the_sign_in_at_the_site_itself():
    result = _settings(DEBUG="1", FUCAI_OIDC_DEMO="1", FUCAI_OIDC_DEMO_URL="http://127.0.0.1:8080/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8080/dev/gov-idp", "fucai-demo"]
    off = _settings(DEBUG="1")
    assert off.returncode == 0, off.stderr
    assert off.stdout.split() == []  # no issuer, no client: the sign-in button is hidden


@pytest.mark.django_db
def test_without_the_flag_nothing_is_mounted(client, settings):
    assert settings.FUCAI_OIDC_DEMO is False
    assert oidc_demo.mounted() == []
    for path in ("/dev/gov-idp/.well-known/openid-configuration", "/dev/gov-idp/authorize"):
        assert client.get(path).status_code == 404
        with pytest.raises(Resolver404):
            resolve(path)
    settings.FUCAI_OIDC_DEMO = True
    assert [str(p.pattern) for p in oidc_demo.mounted()] == ["dev/gov-idp/"]


@pytest.fixture
def demo_mode(settings):
    settings.FUCAI_OIDC_DEMO = True
    settings.FUCAI_OIDC_ISSUER = ISSUER
    settings.FUCAI_OIDC_CLIENT_ID = "fucai-demo"
    settings.FUCAI_OIDC_CLIENT_SECRET = "demo-secret"
    settings.ROOT_URLCONF = DEMO_URLS
    return settings


def test_the_provider_refuses_when_the_flag_is_off_even_if_mounted(client, settings):
    settings.ROOT_URLCONF = DEMO_URLS
    assert client.get("/dev/gov-idp/jwks").status_code == 404


@pytest.mark.django_db
def test_the_demo_provider_runs_the_code_flow(client, demo_mode):
    metadata = client.get("/dev/gov-idp/.well-known/openid-configuration").json()
    assert metadata["issuer"] == ISSUER
    assert metadata["token_endpoint"] == f"{ISSUER}/token"
    assert client.get("/dev/gov-idp/jwks").json()["keys"][0]["kty"] == "RSA"
    people = oidc_demo.citizens()
    for person in people:
        validate_id_number(person["id_number"])  # checksum-valid, made-up
    query = {
        "client_id": "fucai-demo",
        "response_type": "code",
        "redirect_uri": "http://testserver/public/account/gov/callback/",
        "state": "s1",
        "nonce": "n1",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    page = client.get(f"/dev/gov-idp/authorize?{urlencode(query)}")
    assert page.status_code == 200
    html = page.content.decode()
    assert people[0]["name"] in html
    assert people[0]["id_number"] not in html  # shown masked
    chosen = client.post("/dev/gov-idp/authorize", {**query, "citizen": people[1]["sub"]})
    assert chosen.status_code == 302
    back = urlsplit(chosen["Location"])
    assert back.path == "/public/account/gov/callback/"
    code = parse_qs(back.query)["code"][0]
    token = client.post(
        "/dev/gov-idp/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": query["redirect_uri"],
            "client_id": "fucai-demo",
            "client_secret": "demo-secret",
            "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        },
    )
    assert token.status_code == 200, token.content
    assert token.json()["id_token"].count(".") == 2


@pytest.mark.django_db
def test_the_demo_provider_sends_people_only_back_to_this_site(client, demo_mode):
    query = {
        "client_id": "fucai-demo",
        "response_type": "code",
        "redirect_uri": "https://evil.example/public/account/gov/callback/",
        "code_challenge": "x",
        "code_challenge_method": "S256",
    }
    assert client.get(f"/dev/gov-idp/authorize?{urlencode(query)}").status_code == 400
    query["redirect_uri"] = "http://testserver/elsewhere/"
    assert client.get(f"/dev/gov-idp/authorize?{urlencode(query)}").status_code == 400
    query["redirect_uri"] = "http://testserver/public/account/gov/callback/"
    assert client.post("/dev/gov-idp/authorize", {**query, "citizen": "nobody"}).status_code == 400
