"""`make backup` / `make restore`: a backup holds the database and the uploaded files,
and restoring it brings both back after they were lost."""

import json
import sqlite3
import subprocess

import pytest
from django.db import connection

from fucai.core.models import User

from .helpers import PYTHON, ROOT, server_env


def _backup(env: dict, *arguments: str) -> str:
    result = subprocess.run(
        [PYTHON, "bin/backup", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _only_backup(directory):
    (backup,) = directory.iterdir()
    return backup


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_and_restore(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: pg_dump / pg_restore")
    media = tmp_path / "media"
    (media / "recruitment").mkdir(parents=True)
    (media / "recruitment" / "licence.pdf").write_bytes(b"%PDF-1.4 licence")
    User.objects.create_user(username="kept-in-backup", password="x" * 12)
    env = server_env(MEDIA_ROOT=str(media), FUCAI_BACKUP_DIR=str(tmp_path / "backups"), DEBUG="1")

    _backup(env, "create")
    backup = _only_backup(tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql"
    assert manifest["media"]["files"] == 1

    # Lose both: the row, the file, and add what the restore must take away again.
    User.objects.filter(username="kept-in-backup").delete()
    User.objects.create_user(username="made-after-backup", password="x" * 12)
    (media / "recruitment" / "licence.pdf").unlink()

    output = _backup(env, "restore", str(backup))
    assert "restored" in output
    assert User.objects.filter(username="kept-in-backup").exists()
    assert not User.objects.filter(username="made-after-backup").exists()
    assert (media / "recruitment" / "licence.pdf").read_bytes() == b"%PDF-1.4 licence"


def test_sqlite_backup_and_restore_while_in_use(tmp_path):
    """The live database is in WAL mode with an open connection, as under `make run`."""
    database = tmp_path / "fucai.sqlite3"
    live = sqlite3.connect(database)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE station (code TEXT PRIMARY KEY)")
    with live:
        live.execute("INSERT INTO station VALUES ('33030001')")
    media = tmp_path / "media"
    media.mkdir()
    (media / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    env = server_env(
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(media),
        FUCAI_BACKUP_DIR=str(tmp_path / "backups"),
        DEBUG="1",
    )

    _backup(env, "create")
    backup = _only_backup(tmp_path / "backups")
    assert json.loads((backup / "manifest.json").read_text())["engine"] == "sqlite3"

    with live:
        live.execute("DELETE FROM station")
        live.execute("INSERT INTO station VALUES ('33039999')")
    live.close()
    (media / "photo.jpg").unlink()
    (media / "stray.txt").write_text("made after the backup")

    _backup(env, "restore", str(backup))
    restored = sqlite3.connect(database)
    assert restored.execute("SELECT code FROM station").fetchall() == [("33030001",)]
    restored.close()
    assert (media / "photo.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert not (media / "stray.txt").exists()


def test_a_damaged_backup_is_refused_before_anything_is_replaced(tmp_path):
    database = tmp_path / "fucai.sqlite3"
    sqlite3.connect(database).close()
    env = server_env(
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(tmp_path / "media"),
        FUCAI_BACKUP_DIR=str(tmp_path / "backups"),
        DEBUG="1",
    )
    _backup(env, "create")
    backup = _only_backup(tmp_path / "backups")
    with (backup / "database.sqlite3").open("ab") as dump:
        dump.write(b"tampered")
    result = subprocess.run(
        [PYTHON, "bin/backup", "restore", str(backup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
