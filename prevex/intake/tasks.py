"""Background job of the intake app: a large file uploaded from the UI.

The upload request only checks the file and stores its rows in chunks
(``services.batch_start``); files above ``views.SYNC_ROWS`` rows are then imported here,
by the consumer, chunk by chunk (``services.batch_process`` with ``atomic=False``), while
the batch page polls a progress fragment (rows processed / rows total, stored on the
batch by each chunk's transaction).

* Idempotent: a chunk is deleted in the transaction that ingests it and rows carry their
  idempotency key, so running the job twice (a duplicate, a retry, the « Reprendre »
  button) never imports a row twice; a finished batch is left as it is.
* Locks in the database: each chunk's transaction locks the batch row
  (``select_for_update``) and the département's imports (``_lock_departement``), so two
  runs of the same batch, or an import of the same département from the API, wait for
  each other instead of interleaving inside a chunk.
* Retries: an interruption (database restarted, deadlock…) marks the batch ``ECHEC``; the
  job then raises, and huey runs it again after ``retry_delay`` seconds, up to
  ``retries`` times: it resumes where it stopped. Each attempt is recorded (core JobRun).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from prevex.accounts.models import Membership

from . import services
from .models import BatchStatus, ImportBatch, ReviewItem, ReviewKind, ReviewStatus
from .rechecks import order_items_recheck

RECHECK_SCHEDULE = crontab(hour="3", minute="25")


class ImportInterrupted(Exception):
    """The batch stopped on a technical error: huey retries the job."""


@db_task(retries=3, retry_delay=30)
def import_batch(batch_id: int, membership_id: int | None = None) -> dict[str, int]:
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("source").first()
    if batch is None or batch.status == BatchStatus.TERMINE:
        return batch.summary if batch is not None else {}
    if batch.status == BatchStatus.ECHEC and not services.batch_reopen(batch=batch):
        return batch.summary  # a refused file: nothing to import
    by = Membership.objects.filter(pk=membership_id).select_related("organisation").first()
    batch = services.batch_process(batch=batch, by=by, atomic=False)
    if batch.status != BatchStatus.TERMINE:
        raise ImportInterrupted(batch.error or f"Import n° {batch.pk} inachevé.")
    return batch.summary


@db_periodic_task(RECHECK_SCHEDULE, retries=2, retry_delay=600)
def order_items_recheck_nightly() -> int:
    """Every night: the « acte incohérent » items that acts recorded since (by a form, an
    agent, another channel) have settled are closed (prevex/intake/rechecks.py).
    Idempotent."""
    departements = (
        ReviewItem.objects.filter(kind=ReviewKind.ORDRE, status=ReviewStatus.OUVERT)
        .values_list("departement_id", flat=True)
        .distinct()
        .order_by("departement_id")
    )
    return sum(order_items_recheck(departement=code) for code in departements)
