"""Writes of the intake app: imports of files and API batches, quarantine corrections.

A file goes through two steps:

* ``batch_start`` reads and checks it (``parsing.read_file``) and stores its rows in
  chunks of ``CHUNK_ROWS`` (``ImportChunk``), with the batch ``EN_COURS``;
* ``batch_process`` ingests the chunks (engine.py). With ``atomic=True`` (the CLI, the
  UI for small files) the whole file is one transaction: a crash leaves nothing, the
  batch is marked ``ECHEC`` and running it again imports the file. With
  ``atomic=False`` (large files in the UI, polled) each chunk is one transaction that
  also removes the chunk and advances the counters: a crash rolls back that chunk only,
  and resuming goes on from there. Per-row idempotency makes both safe to re-run.

``rows_ingest`` (API) ingests a list of rows in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel
from prevex.core import clock
from prevex.core.collector import collector_paused
from prevex.core.errors import BusinessError
from prevex.core.models import Departement

from .columns import EXTRA_CELLS, UNCOMPUTED_CELLS, UNREADABLE_CELLS
from .engine import Ingestion
from .items import make_item
from .models import BatchStatus, Channel, ImportBatch, ImportChunk, ImportRow, RowStatus
from .parsing import FileRefused, read_file
from .results import IngestResult, RowResult, summarise

logger = logging.getLogger(__name__)

CHUNK_ROWS = 5000
MAX_API_ROWS = 1000


def _lock_departement(departement_id: str) -> None:
    """Imports of one département run one at a time (PostgreSQL row lock)."""
    Departement.objects.select_for_update().filter(code=departement_id).first()


def _ingest(*, batch: ImportBatch, source: Organisation, by, rows, target=None) -> list:
    # The cyclic collector is paused while a chunk is ingested (prevex.core.collector:
    # a quarter of the import's CPU otherwise, docs/decisions/2026-12-01-import-pipeline.md).
    # Every write of the chunk (files created, acts, what follows a match: claims, moves,
    # addresses completed) is in the history under the batch's channel, unless the caller
    # set one (the demo loader, the generator).
    channel = WriteChannel.API if batch.channel == Channel.API else WriteChannel.IMPORT
    with collector_paused(), audit.write_channel(audit.channel_in_force() or channel):
        items = [make_item(line, raw, target=target) for line, raw in rows]
        Ingestion(batch=batch, source=source, by=by, today=clock.today()).run(items)
        results = [item.result() for item in items]
        # The chunk's rows, instances and drafts go now, by reference counting: when the
        # collector resumes it finds only what outlives the chunk, not the whole chunk.
        del items, rows
    return results


def _add_counts(batch: ImportBatch, results: list[RowResult]) -> None:
    summary = summarise(results)
    for key, value in summary.items():
        setattr(batch, key, getattr(batch, key) + value)
    batch.processed += len(results)


# --------------------------------------------------------------------------- API


@transaction.atomic
def rows_ingest(
    *,
    source: Organisation,
    rows: list[dict[str, str]],
    channel: str = Channel.API,
    filename: str = "",
    by: Membership | None = None,
) -> IngestResult:
    """Ingest rows of one sender in one transaction (nothing is stored half)."""
    if len(rows) > MAX_API_ROWS and channel == Channel.API:
        raise BusinessError(f"{MAX_API_ROWS} notifications au plus par envoi.")
    batch = ImportBatch.objects.create(
        source=source,
        departement_id=source.departement_id,
        channel=channel,
        filename=filename[:255],
        total=len(rows),
        created_by_id=by.user_id if by is not None else None,
    )
    _lock_departement(source.departement_id)
    results = _ingest(
        batch=batch, source=source, by=by, rows=[(i + 1, r) for i, r in enumerate(rows)]
    )
    _add_counts(batch, results)
    batch.status, batch.finished_at = BatchStatus.TERMINE, timezone.now()
    batch.save()
    return IngestResult(batch_id=batch.pk, summary=batch.summary, results=results)


# --------------------------------------------------------------------------- files


def batch_start(
    *,
    source: Organisation,
    content: bytes,
    filename: str,
    by: Membership | None,
    channel: str = Channel.FICHIER,
    chunk_rows: int | None = None,
) -> ImportBatch:
    """Check a file and store its rows for processing, in chunks of ``chunk_rows``
    (default ``CHUNK_ROWS``); a refused file gives a batch in ``ECHEC`` whose ``error``
    says why (in French)."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    digest = hashlib.sha256(content).hexdigest()
    batch = ImportBatch(
        source=source,
        departement_id=source.departement_id,
        channel=channel,
        filename=(filename or "")[:255],
        sha256=digest,
        created_by_id=by.user_id if by is not None else None,
    )
    try:
        with transaction.atomic():
            parsed = read_file(content, filename)
            batch.file_format = parsed.file_format[:120]
            batch.save()
            chunk, number = [], 0
            for line, row in parsed.rows():
                chunk.append([line, row])
                if len(chunk) >= chunk_rows:
                    _store_chunk(batch, number, chunk)
                    batch.total += len(chunk)
                    chunk, number = [], number + 1
            if chunk:
                _store_chunk(batch, number, chunk)
                batch.total += len(chunk)
            if not batch.total:
                raise FileRefused(
                    "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer."
                )
            batch.notices = parsed.notices[:200]
            batch.save()
    except FileRefused as refusal:
        batch.pk = None
        batch.total = 0
        batch.status, batch.error = BatchStatus.ECHEC, refusal.message
        batch.finished_at = timezone.now()
        batch.save()
    return batch


def _store_chunk(batch: ImportBatch, number: int, rows: list) -> None:
    payload = zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"), 1)
    ImportChunk.objects.create(batch=batch, number=number, size=len(rows), payload=payload)


def _chunk_rows(chunk: ImportChunk) -> list[tuple[int, dict]]:
    return [(line, row) for line, row in json.loads(zlib.decompress(bytes(chunk.payload)))]


def _process_chunk(batch: ImportBatch, chunk: ImportChunk, by: Membership | None) -> None:
    results = _ingest(batch=batch, source=batch.source, by=by, rows=_chunk_rows(chunk))
    _add_counts(batch, results)
    chunk.delete()


def _finish(batch: ImportBatch) -> None:
    if not ImportChunk.objects.filter(batch=batch).exists():
        batch.status, batch.finished_at, batch.error = BatchStatus.TERMINE, timezone.now(), ""
    batch.save()


def _failed(batch_id: int, error: Exception, *, atomic: bool) -> ImportBatch:
    logger.exception("Import n° %s interrompu", batch_id)
    batch = ImportBatch.objects.get(pk=batch_id)
    what = "aucune ligne n'a été enregistrée" if atomic else "les lignes déjà traitées sont gardées"
    batch.status = BatchStatus.ECHEC
    batch.error = (
        f"Import interrompu par une erreur technique ({type(error).__name__}) : {what}. "
        "Relancez l'import pour le terminer : les lignes déjà importées ne seront pas "
        "dupliquées."
    )
    batch.save(update_fields=["status", "error"])
    return batch


def batch_process(
    *, batch: ImportBatch, by: Membership | None, atomic: bool = True, max_chunks: int | None = None
) -> ImportBatch:
    """Ingest the remaining chunks of a batch (see the module docstring)."""
    if batch.status == BatchStatus.TERMINE:
        return batch
    if atomic:
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
                _lock_departement(batch.departement_id)
                for chunk in ImportChunk.objects.filter(batch=batch).order_by("number"):
                    _process_chunk(batch, chunk, by)
                _finish(batch)
        except Exception as error:  # noqa: BLE001 — reported on the batch, never a 500
            return _failed(batch.pk, error, atomic=True)
        return batch
    done = 0
    while max_chunks is None or done < max_chunks:
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
                if batch.status == BatchStatus.TERMINE:
                    return batch
                _lock_departement(batch.departement_id)
                chunk = ImportChunk.objects.filter(batch=batch).order_by("number").first()
                if chunk is not None:
                    _process_chunk(batch, chunk, by)
                batch.status = BatchStatus.EN_COURS
                _finish(batch)
        except Exception as error:  # noqa: BLE001 — reported on the batch, never a 500
            return _failed(batch.pk, error, atomic=False)
        if chunk is None or batch.status == BatchStatus.TERMINE:
            return batch
        done += 1
    return batch


def batch_job_attach(*, batch: ImportBatch, job_id: str) -> None:
    """Record the background job that imports this batch (before it is queued)."""
    ImportBatch.objects.filter(pk=batch.pk).update(job_id=job_id[:64])
    batch.job_id = job_id[:64]


def batch_reopen(*, batch: ImportBatch) -> bool:
    """An import interrupted by a technical error is set to go on (``EN_COURS``) where it
    stopped; False when there is nothing left to import (finished or refused file)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.ECHEC or not locked.chunks.exists():
            return locked.status == BatchStatus.EN_COURS
        locked.status, locked.error = BatchStatus.EN_COURS, ""
        locked.save(update_fields=["status", "error"])
    batch.status, batch.error = BatchStatus.EN_COURS, ""
    return True


def file_import(
    *,
    source: Organisation,
    content: bytes,
    filename: str,
    by: Membership | None,
    atomic: bool = True,
) -> ImportBatch:
    """Import a whole file now; an interrupted import of the same file is resumed."""
    digest = hashlib.sha256(content).hexdigest()
    unfinished = (
        ImportBatch.objects.filter(source=source, sha256=digest, chunks__isnull=False)
        .exclude(status=BatchStatus.TERMINE)
        .order_by("-created_at", "-id")
        .first()
    )
    batch = unfinished or batch_start(source=source, content=content, filename=filename, by=by)
    if batch.status == BatchStatus.ECHEC and not batch.chunks.exists():
        return batch  # refused file
    return batch_process(batch=batch, by=by, atomic=atomic)


# --------------------------------------------------------------------------- quarantine


@transaction.atomic
def row_correct(*, row: ImportRow, values: dict[str, str], by: Membership) -> RowResult:
    """An agent's correction of a quarantined row: validated and ingested again.

    Returns the result: imported (or duplicate, update, review), or still quarantined
    with the new messages.
    """
    locked = ImportRow.objects.select_for_update().get(pk=row.pk)
    if locked.status != RowStatus.QUARANTAINE:
        raise BusinessError("Cette ligne n'est plus en quarantaine.")
    if locked.source_id != by.organisation_id:
        raise BusinessError("Seule l'organisation émettrice peut corriger cette ligne.")
    _lock_departement(locked.departement_id)
    raw = {**locked.raw, **{k: v for k, v in values.items() if v is not None}}
    # The cells beyond the header are what the agent has just put back in their columns:
    # a corrected row is read without them (else it could never leave quarantine).
    raw.pop(EXTRA_CELLS, None)
    # So are the workbook's odd cells (a date it could not read, a formula never
    # computed): the agent has seen their messages and typed the values.
    raw.pop(UNREADABLE_CELLS, None)
    raw.pop(UNCOMPUTED_CELLS, None)
    return _ingest(
        batch=locked.batch, source=locked.source, by=by, rows=[(locked.line, raw)], target=locked
    )[0]
