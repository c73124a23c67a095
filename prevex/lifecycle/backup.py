"""Backups and restores of the whole database, for both engines.

- SQLite: the online backup API (a consistent copy while the application runs; the
  restore writes the copy back page by page through the same API).
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists
  --no-owner`` (client programs of the server's major version, found on ``PATH``).

Commands: ``manage.py backup [FICHIER]`` and ``manage.py restore FICHIER --oui``
(docs/operations.md). With ``PREVEX_BACKUP_KEY`` set, the file is encrypted
(``encryption.py``); a restore recognises an encrypted file and needs the same key. Nothing here is specific to prevex's tables: the journals, their
triggers and the migrations' state travel with the rest.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

from .encryption import EncryptionError, decrypt_file, encrypt_file, is_encrypted


class BackupError(Exception):
    """A backup or restore that could not be done; the message is French."""


def default_path() -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return Path(settings.PREVEX_BACKUP_DIR) / f"prevex-{stamp}.{suffix}"


def backup(path: Path | None = None) -> Path:
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = settings.PREVEX_BACKUP_KEY
    if not key:
        _backup_plain(path)
        return path
    plain = path.with_name(path.name + ".en-cours")
    try:
        _backup_plain(plain)
        encrypt_file(plain, path, key)
    except EncryptionError as error:
        raise BackupError(str(error)) from None
    finally:
        _remove(plain)
    return path


def _backup_plain(path: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)])
    else:
        raise BackupError(f"Moteur de base de données non pris en charge : {connection.vendor}.")


def restore(path: Path) -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Sauvegarde introuvable : {path.name}.")
    if not is_encrypted(path):
        _restore_plain(path)
        return
    if not settings.PREVEX_BACKUP_KEY:
        raise BackupError(
            f"{path.name} est chiffrée : définissez PREVEX_BACKUP_KEY (la clé utilisée pour "
            "la sauvegarde) pour la restaurer."
        )
    plain = path.with_name(path.name + ".dechiffree")
    try:
        decrypt_file(path, plain, settings.PREVEX_BACKUP_KEY)
        _restore_plain(plain)
    except EncryptionError as error:
        raise BackupError(str(error)) from None
    finally:
        _remove(plain)


def _remove(path: Path) -> None:
    """A clear copy and the files SQLite may have put beside it (WAL, shared memory)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _restore_plain(path: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError:
            source.close()
            raise BackupError(f"{path.name} n'est pas une sauvegarde SQLite lisible.") from None
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops tables this connection may be using
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(path)])
    else:
        raise BackupError(f"Moteur de base de données non pris en charge : {connection.vendor}.")


def _run(command: list[str]) -> None:
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(
            f"Le programme {program} est introuvable : installez les outils clients de "
            "PostgreSQL (même version majeure que le serveur)."
        )
    db = connection.settings_dict
    env = {**os.environ}
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", str(db.get("PORT") or "")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
    ):
        if value:
            env[key] = value
    result = subprocess.run(
        [*command, "--dbname", db["NAME"]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} a échoué : {result.stderr.strip()[:500]}")
