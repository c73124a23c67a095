"""Transaction-scoped locks for the few writes that read-then-write a shared counter."""

import zlib

from django.db import connection


def departement_lock(purpose: str, departement_id: str) -> None:
    """Serialise, until the current transaction ends, writers of ``purpose`` in a département.

    PostgreSQL: a transaction-level advisory lock (released at commit or rollback).
    SQLite: nothing to do, every write transaction starts with ``BEGIN IMMEDIATE``
    (settings), which already serialises writers.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("departement_lock() must be called inside a transaction.")
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(f"{purpose}:{departement_id}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
