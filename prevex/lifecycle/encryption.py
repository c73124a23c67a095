"""Optional encryption of backups with a key from the environment (``PREVEX_BACKUP_KEY``).

Fernet (AES-128-CBC and HMAC-SHA256, from ``cryptography``) is applied by chunks of
``CHUNK`` bytes, so that a dump of several gigabytes never sits whole in memory. Each
chunk's plaintext starts with its index and whether it is the last one: chunks swapped,
dropped or a file cut short are refused, like a wrong key, with a French message.

File: ``MAGIC``, then for each chunk its token's length (8 bytes, big-endian) and the
token.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

MAGIC = b"PREVEX-SAUVEGARDE-CHIFFREE-1\n"
CHUNK = 16 * 1024 * 1024


class EncryptionError(Exception):
    """The message is French."""


def fernet(key: str) -> Fernet:
    try:
        return Fernet(key.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise EncryptionError(
            "PREVEX_BACKUP_KEY n'est pas une clé valide : créez-en une avec "
            "`manage.py backup --nouvelle-cle`."
        ) from None


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def encrypt_file(source: Path, target: Path, key: str, *, chunk: int = CHUNK) -> None:
    box = fernet(key)
    size = source.stat().st_size
    with open(source, "rb") as src, _private(target) as out:
        out.write(MAGIC)
        index, done = 0, 0
        while True:
            data = src.read(chunk)
            done += len(data)
            last = done >= size
            token = box.encrypt(struct.pack(">Q?", index, last) + data)
            out.write(struct.pack(">Q", len(token)) + token)
            index += 1
            if last:
                break


def decrypt_file(source: Path, target: Path, key: str) -> None:
    box = fernet(key)
    wrong = EncryptionError(
        f"{source.name} ne peut pas être déchiffrée : la clé PREVEX_BACKUP_KEY n'est pas celle "
        "de cette sauvegarde, ou le fichier est incomplet ou modifié."
    )
    with open(source, "rb") as src, _private(target) as out:
        if src.read(len(MAGIC)) != MAGIC:
            raise wrong
        index, last = 0, False
        while not last:
            head = src.read(8)
            if len(head) != 8:
                raise wrong
            token = src.read(struct.unpack(">Q", head)[0])
            try:
                plain = box.decrypt(token)
            except InvalidToken:
                raise wrong from None
            got, last = struct.unpack(">Q?", plain[:9])
            if got != index:
                raise wrong
            out.write(plain[9:])
            index += 1
        if src.read(1):
            raise wrong


def _private(path: Path):
    """A file only its owner may read (a decrypted copy holds the whole database)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")
