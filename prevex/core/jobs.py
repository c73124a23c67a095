"""The record of background jobs: huey signals → ``JobRun`` rows (read-only admin).

Connected once, when the core app is ready (web process and consumer alike). Who queued
a job is known only in the process that queues it: ``enqueue(task, by=user)`` sets
it for the ``enqueued`` signal; jobs queued by the consumer's scheduler (periodic jobs,
retries) have none. A failure to write the record is logged and never breaks the job (a
consumer thread whose connection died reconnects once).

States: ``enqueued`` → En attente; ``executing`` → En cours (one more attempt);
``complete`` → Terminée; ``error`` → Nouvel essai prévu while retries are left, else
Échec (with the error text); ``retrying``/``scheduled`` (after a first attempt) →
Nouvel essai prévu; ``canceled``/``revoked``/``expired`` → Annulée.
"""

from __future__ import annotations

import contextvars
import logging

from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone
from huey import signals as S  # noqa: N812

logger = logging.getLogger(__name__)

_queued_by: contextvars.ContextVar = contextvars.ContextVar("job_queued_by", default=None)
_connected: list = []


def enqueue(task, *, by=None):
    """Queue a huey task built with ``some_task.s(...)`` (so that its ``id`` can be
    stored before it runs, even in immediate mode), recording ``by`` (a user) as who
    asked for it."""
    from huey.contrib.djhuey import HUEY

    token = _queued_by.set(getattr(by, "pk", None))
    try:
        return HUEY.enqueue(task)
    finally:
        _queued_by.reset(token)


def task_name(task) -> str:
    return f"{type(task).__module__.removeprefix('prevex.')}.{task.name}"[:150]


def _arguments(task) -> str:
    parts = [repr(a) for a in task.args or ()]
    parts += [f"{k}={v!r}" for k, v in sorted((task.kwargs or {}).items())]
    return ", ".join(parts)[:255]


def _error_text(exc) -> str:
    return f"{type(exc).__name__} : {exc}"[:4000] if exc is not None else ""


def on_signal(signal, task, *args) -> None:
    exc = args[0] if args else None
    try:
        _record(signal, task, exc)
    except DatabaseError:
        if connection.in_atomic_block:
            logger.exception("Tâche %s : suivi non enregistré (%s)", task.id, signal)
            return
        # A consumer thread's connection may have died (database restarted): reconnect once.
        connection.close()
        try:
            _record(signal, task, exc)
        except Exception:  # noqa: BLE001 — the record must never break the job
            logger.exception("Tâche %s : suivi non enregistré (%s)", task.id, signal)
    except Exception:  # noqa: BLE001 — the record must never break the job
        logger.exception("Tâche %s : suivi non enregistré (%s)", task.id, signal)


def _record(signal, task, exc) -> None:
    from .models import JobRun, JobState

    now = timezone.now()
    runs = JobRun.objects.filter(task_id=task.id)
    if signal == S.SIGNAL_ENQUEUED:
        if not runs.update(state=JobState.QUEUED):
            JobRun.objects.create(
                task_id=task.id,
                name=task_name(task),
                arguments=_arguments(task),
                retries_left=task.retries or 0,
                queued_by_id=_queued_by.get(),
            )
        return
    if signal == S.SIGNAL_EXECUTING:
        fields = {"state": JobState.RUNNING, "started_at": now, "retries_left": task.retries or 0}
        if not runs.update(attempts=F("attempts") + 1, **fields):
            JobRun.objects.create(
                task_id=task.id,
                name=task_name(task),
                arguments=_arguments(task),
                attempts=1,
                **fields,
            )
        return
    if signal == S.SIGNAL_COMPLETE:
        runs.update(state=JobState.DONE, finished_at=now)
    elif signal == S.SIGNAL_ERROR:
        if task.retries:
            runs.update(state=JobState.RETRYING, error=_error_text(exc))
        else:
            runs.update(state=JobState.FAILED, error=_error_text(exc), finished_at=now)
    elif signal == S.SIGNAL_RETRYING:  # sent before huey decrements ``retries``
        runs.update(state=JobState.RETRYING, retries_left=max((task.retries or 1) - 1, 0))
    elif signal == S.SIGNAL_SCHEDULED:  # a retry after its delay, or a job queued for later
        if (
            not runs.filter(attempts__gt=0).update(
                state=JobState.RETRYING, retries_left=task.retries or 0
            )
            and not runs.exists()
        ):
            _record(S.SIGNAL_ENQUEUED, task, None)
    elif signal == S.SIGNAL_LOCKED:
        runs.update(state=JobState.RETRYING)
    elif signal in (S.SIGNAL_CANCELED, S.SIGNAL_REVOKED, S.SIGNAL_EXPIRED):
        runs.update(state=JobState.CANCELED, finished_at=now)
    elif signal in (S.SIGNAL_TIMEOUT, S.SIGNAL_INTERRUPTED):
        runs.update(state=JobState.FAILED, error=f"Tâche interrompue ({signal}).", finished_at=now)


def connect() -> None:
    """Connect the recorder to the project's huey instance (once per process)."""
    if _connected:
        return
    from huey.contrib.djhuey import HUEY

    HUEY.signal()(on_signal)
    _connected.append(HUEY)
