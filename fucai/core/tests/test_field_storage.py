"""Masked values are stored beside the ciphertext, so lists never decrypt; keys rotate
without losing data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from fucai.core import crypto
from fucai.core.tests.factories import id_number
from fucai.recruitment.models import ApplicantProfile
from fucai.stations.models import Station, StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def decryptions(monkeypatch):
    """Counts every call to crypto.decrypt."""
    calls = []
    real = crypto.decrypt

    def counting(token):
        calls.append(token)
        return real(token)

    monkeypatch.setattr(crypto, "decrypt", counting)
    return calls


def test_masks_are_stored_and_follow_every_save():
    owner = StationOwnerFactory(phone="13812345678", id_number=id_number(7))
    row = StationOwner.objects.values("phone_masked", "id_number_masked").get(pk=owner.pk)
    assert row["phone_masked"] == "138****5678"
    assert row["id_number_masked"] == id_number(7)[:6] + "********" + id_number(7)[-4:]
    owner.phone = "13900001111"
    owner.save()
    assert StationOwner.objects.get(pk=owner.pk).phone_masked == "139****1111"
    station = StationFactory(owner=owner, contact_phone="13711112222")
    assert Station.objects.values_list("contact_phone_masked", flat=True).get(pk=station.pk) == (
        "137****2222"
    )


def test_a_company_owner_gets_the_credit_code_mask():
    owner = StationOwnerFactory(kind="company", id_number="91440300708461136T")
    assert StationOwner.objects.get(pk=owner.pk).id_number_masked == "91************136T"


def test_station_list_page_and_export_decrypt_nothing(client, cast, decryptions):
    for _ in range(5):
        StationFactory(contact_phone="13711112222")
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 5
    export = client.get(reverse("stations:list"), {"export": "xlsx"})
    assert export.status_code == 200
    assert decryptions == []


def test_stations_api_decrypts_nothing_and_serves_masks(client, cast, decryptions):
    stations = [StationFactory() for _ in range(5)]
    client.force_login(cast["leader"])
    response = client.get("/api/stations?limit=100")
    assert response.status_code == 200
    assert response.json()["count"] == 5
    detail = client.get(f"/api/stations/{stations[0].code}").json()
    assert detail["owner_phone_masked"] == stations[0].owner.phone_masked
    assert "****" in detail["owner_phone_masked"]
    assert decryptions == []


def test_reading_a_full_value_still_decrypts(decryptions):
    owner = StationOwnerFactory(phone="13812345678")
    assert StationOwner.objects.get(pk=owner.pk).phone == "13812345678"
    assert len(decryptions) >= 1


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_rotate_field_keys_reencrypts_under_the_newest_key(settings):
    key_a, key_b = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = key_a
    owner = StationOwnerFactory(id_number=id_number(99), phone="13812345678")
    station = StationFactory(owner=owner, contact_phone="13755556666")
    before = _raw("stations_stationowner", "phone", owner.pk)

    settings.FIELD_ENCRYPTION_KEY = f"{key_b},{key_a}"
    # Both keys listed: old ciphertexts still read.
    assert StationOwner.objects.get(pk=owner.pk).phone == "13812345678"
    call_command("rotate_field_keys", "--batch-size", "1", stdout=_Capture())
    assert _raw("stations_stationowner", "phone", owner.pk) != before

    settings.FIELD_ENCRYPTION_KEY = key_b
    owner = StationOwner.objects.get(pk=owner.pk)
    assert owner.phone == "13812345678"
    assert owner.id_number == id_number(99)
    assert Station.objects.get(pk=station.pk).contact_phone == "13755556666"
    # Lookup by ID number (the blind index) still finds the owner.
    digest = crypto.blind_index(id_number(99))
    assert StationOwner.objects.filter(id_number_digest=digest).get().pk == owner.pk

    # Idempotent: a second run re-encrypts nothing.
    out = _Capture()
    call_command("rotate_field_keys", stdout=out)
    assert "0 values re-encrypted" in out.text.splitlines()[-1]


def test_an_old_key_alone_cannot_read_after_rotation(settings):
    key_a, key_b = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = key_a
    owner = StationOwnerFactory()
    settings.FIELD_ENCRYPTION_KEY = f"{key_b},{key_a}"
    call_command("rotate_field_keys", stdout=_Capture())
    settings.FIELD_ENCRYPTION_KEY = key_a
    with pytest.raises(ValueError):
        StationOwner.objects.get(pk=owner.pk)


def test_reindex_recomputes_digests_under_a_new_blind_index_key(settings, client, cast):
    owner = StationOwnerFactory(id_number=id_number(123))
    station = StationFactory(owner=owner)
    ApplicantProfile.objects.create(
        user=cast["applicant"], phone="13912345678", phone_digest=crypto.blind_index("13912345678")
    )
    settings.BLIND_INDEX_KEY = "a-brand-new-blind-index-key-of-enough-length-0123456789"
    assert not StationOwner.objects.filter(id_number_digest=crypto.blind_index(id_number(123)))
    call_command("rotate_field_keys", "--reindex", stdout=_Capture())
    assert StationOwner.objects.filter(id_number_digest=crypto.blind_index(id_number(123)))
    assert ApplicantProfile.objects.filter(phone_digest=crypto.blind_index("13912345678"))
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"), {"q": id_number(123)})
    assert [row.code for row in response.context["object_list"]] == [station.code]


class _Capture:
    def __init__(self):
        self.text = ""

    def write(self, value):
        self.text += value

    def flush(self):
        pass


def _start(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUCAI_", "DJANGO_"))}
    env.pop("FIELD_ENCRYPTION_KEY", None)
    env.pop("BLIND_INDEX_KEY", None)
    env.update(
        {"DEBUG": "0", "FUCAI_TESTING": "0", "SECRET_KEY": "x" * 50, **env_overrides},
    )
    return subprocess.run(
        [sys.executable, "-c", "import fucai.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "FIELD_ENCRYPTION_KEY must be set"),
        ({"FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()}, "BLIND_INDEX_KEY must be set"),
        (
            {
                "FIELD_ENCRYPTION_KEY": "o1YnO5za_YAP9rgmLO_XniVrq5RfWpa86OgW2P-CnEw=",
                "BLIND_INDEX_KEY": "k" * 40,
            },
            "development key",
        ),
        (
            {"FIELD_ENCRYPTION_KEY": "not-a-key", "BLIND_INDEX_KEY": "k" * 40},
            "must be a Fernet key",
        ),
    ],
)
def test_production_refuses_to_start_without_its_own_keys(overrides, message):
    result = _start(overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_accepts_its_own_keys():
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    result = _start({"FIELD_ENCRYPTION_KEY": keys, "BLIND_INDEX_KEY": "k" * 40})
    assert "FIELD_ENCRYPTION_KEY" not in result.stderr
    assert "BLIND_INDEX_KEY" not in result.stderr
