"""Reads' journal rows, written after the view has answered, never failing the read.

A nominative read writes one journal row. Written inside the view, that row needs
SQLite's single write lock: while an import holds it, the read waited, then answered 500
« database is locked ». Here (docs/decisions/2026-12-01-journal-writes.md):

- ``JournalMiddleware`` opens a buffer for the request; ``services.access_log`` and the
  other readers' loggers append to it instead of writing;
- when the view has answered, ``flush`` writes the buffered rows in one short
  transaction, outside the view's own, keeping the time of each read; on SQLite it waits
  at most ``PREVEX_JOURNAL_WAIT_SECONDS`` for the lock;
- if the lock is still held, the rows go to a spool file (``PREVEX_JOURNAL_SPOOL_DIR``,
  one JSON file per request, written atomically), and ``drain_spool`` inserts them later:
  at the next flush that gets the lock, every minute from the job consumer, and by
  ``manage.py journal_drain``. No read fails, no row is lost.

Without a buffer (management commands, jobs, services called directly), rows are written
at once, as before.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import json
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from prevex.core.sql import insert_values

from .models import AccessLog

logger = logging.getLogger(__name__)

_buffer: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "prevex_journal_buffer", default=None
)


def spool_dir() -> Path:
    return Path(settings.PREVEX_JOURNAL_SPOOL_DIR)


def record(rows: list[dict]) -> None:
    """Journal access rows (``{attname: value}``, ``at`` set here if missing)."""
    now = timezone.now()
    for row in rows:
        row.setdefault("at", now)
    pending = _buffer.get()
    if pending is not None:
        pending.extend(rows)
    else:
        _insert(rows)


@contextlib.contextmanager
def buffered():
    """Collect the journal rows of this block, then write them (``flush``)."""
    token = _buffer.set([])
    try:
        yield
    finally:
        rows = _buffer.get()
        _buffer.reset(token)
        if rows:
            flush(rows)


def _insert(rows: list[dict]) -> None:
    with transaction.atomic():
        insert_values(AccessLog, rows)


STATEMENT_ROWS = 100  # rows written by one INSERT statement (bound parameters: 6 a row)


def _insert_statement(rows: list[dict]) -> None:
    """A request's few rows in one ``INSERT`` (autocommit: its own transaction, one round
    trip; ids from the table's sequence). ``_insert`` costs five round trips on
    PostgreSQL (``BEGIN``, the ids, ``COPY`` start and data, ``COMMIT``) for one row."""
    meta = AccessLog._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    params = []
    for row in rows:
        for f in fields:
            value = row[f.attname] if f.attname in row else f.get_default()
            params.append(f.get_db_prep_save(value, connection))
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 — names quoted, values bound
            f"VALUES {', '.join([one] * len(rows))}",
            params,
        )


def _locked(error: OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


@contextlib.contextmanager
def _busy_timeout(seconds: float):
    """On SQLite, wait at most ``seconds`` for the write lock (0: do not wait)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(previous)}")


def flush(rows: list[dict]) -> None:
    """Write ``rows`` now if the lock comes soon enough, else spool them; never raises
    for a busy database. Then, without waiting, insert a few spooled files."""
    if connection.in_atomic_block:  # a caller's transaction: write within it, as before
        _insert(rows)
        return
    try:
        with _busy_timeout(float(settings.PREVEX_JOURNAL_WAIT_SECONDS)):
            if len(rows) <= STATEMENT_ROWS:
                _insert_statement(rows)
            else:  # an API page of many reads: COPY in a transaction
                _insert(rows)
    except OperationalError as error:
        if not _locked(error):
            raise
        spool(rows)
        return
    if pending_files():
        try:
            with _busy_timeout(0):
                drain_spool(limit=5)
        except OperationalError as error:  # the lock is taken again: later
            if not _locked(error):
                raise


def _encode(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime.datetime) else v) for k, v in row.items()}


def _decode(row: dict) -> dict:
    row = dict(row)
    row["at"] = datetime.datetime.fromisoformat(row["at"])
    return row


def spool(rows: list[dict]) -> Path:
    directory = spool_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns()}-{uuid.uuid4().hex}"
    temporary = directory / f".{name}.tmp"
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump([_encode(r) for r in rows], handle)
        handle.flush()
        os.fsync(handle.fileno())
    final = directory / f"{name}.json"
    temporary.rename(final)
    logger.warning("Journal : %s ligne(s) mises en attente (%s).", len(rows), final.name)
    return final


CLAIM_TIMEOUT_SECONDS = 600


def pending_files() -> list[Path]:
    directory = spool_dir()
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.json"))


def _release_stale_claims() -> None:
    """A drainer that died between claiming a file and inserting it: give the file back."""
    now = time.time()
    for claimed in spool_dir().glob(".*.claimed"):
        try:
            if now - claimed.stat().st_ctime > CLAIM_TIMEOUT_SECONDS:
                claimed.rename(claimed.with_name(claimed.name.split(".")[1] + ".json"))
        except FileNotFoundError:
            continue


def drain_spool(limit: int | None = None) -> int:
    """Insert the spooled rows (oldest first); returns how many rows were written.

    Several processes and threads drain at once: each file is first claimed by an atomic
    rename (the loser skips it), inserted in one transaction, then removed; if the insert
    fails the file is given back. A crash after the commit and before the removal would
    insert it twice, never lose it."""
    if limit is None and spool_dir().is_dir():
        _release_stale_claims()
    written = 0
    for path in pending_files()[:limit]:
        claimed = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.claimed")
        try:
            path.rename(claimed)
        except FileNotFoundError:
            continue  # another drainer has it
        try:
            rows = [_decode(r) for r in json.loads(claimed.read_text(encoding="utf-8"))]
            _insert(rows)
        except BaseException:
            claimed.rename(path)
            raise
        claimed.unlink()
        written += len(rows)
    return written
