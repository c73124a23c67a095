"""Chunked Fernet encryption of backups: round trip, and every tampering refused."""

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.lifecycle.encryption import (
    MAGIC,
    EncryptionError,
    decrypt_file,
    encrypt_file,
    fernet,
)

KEY = Fernet.generate_key().decode()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), chunk=st.integers(min_value=1, max_value=700))
def test_round_trip(tmp_path, data, chunk):
    plain, box, back = tmp_path / "p", tmp_path / "c", tmp_path / "b"
    plain.write_bytes(data)
    encrypt_file(plain, box, KEY, chunk=chunk)
    assert box.read_bytes().startswith(MAGIC)
    decrypt_file(box, back, KEY)
    assert back.read_bytes() == data
    assert oct(back.stat().st_mode & 0o777) == "0o600"


def _chunks(path):
    raw = path.read_bytes()[len(MAGIC) :]
    out = []
    while raw:
        n = int.from_bytes(raw[:8], "big")
        out.append(raw[: 8 + n])
        raw = raw[8 + n :]
    return out


@pytest.mark.parametrize("tamper", ["swap", "drop-last", "cut", "extra", "wrong-key"])
def test_tampering_is_refused_in_french(tmp_path, tamper):
    plain, box, back = tmp_path / "p", tmp_path / "c", tmp_path / "b"
    plain.write_bytes(bytes(range(256)) * 10)
    encrypt_file(plain, box, KEY, chunk=500)
    chunks = _chunks(box)
    key = KEY
    if tamper == "swap":
        chunks[0], chunks[1] = chunks[1], chunks[0]
    elif tamper == "drop-last":
        chunks = chunks[:-1]
    elif tamper == "extra":
        chunks = [*chunks, chunks[0]]
    elif tamper == "wrong-key":
        key = Fernet.generate_key().decode()
    body = MAGIC + b"".join(chunks)
    if tamper == "cut":
        body = body[:-10]
    box.write_bytes(body)
    with pytest.raises(EncryptionError, match="ne peut pas être déchiffrée"):
        decrypt_file(box, back, key)


def test_a_malformed_key_is_refused_in_french():
    with pytest.raises(EncryptionError, match="n'est pas une clé valide"):
        fernet("pas-une-cle")
