"""Tasks raised for another app's objects (a commission's recommendation…): the one
write path of ``Alert`` rows that carry a ``source``.

The owning app (above this one) names its object with a ``source`` key such as
« commissions.recommendation:12 » and keeps its tasks in step: ``source_task_sync``
raises or updates the one open task of a kind for a source and an organisation,
``source_tasks_close`` closes them. Both are idempotent (jobs run them again and again).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from prevex.core import clock

from .models import Alert

MESSAGE_MAX = 300


@transaction.atomic
def source_task_sync(
    *,
    kind: str,
    source: str,
    organisation_id: int,
    household_id: int,
    departement_id: str,
    message: str,
    due_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Alert:
    """The open task of ``kind`` for ``source`` and the organisation, raised if missing,
    its message and due date brought up to date otherwise."""
    if not source:
        raise ValueError("source is required")
    today = today or clock.today()
    message = message[:MESSAGE_MAX]
    task = (
        Alert.objects.select_for_update()
        .filter(kind=kind, source=source, organisation_id=organisation_id, resolved_on__isnull=True)
        .first()
    )
    if task is None:
        return Alert.objects.create(
            kind=kind,
            source=source,
            organisation_id=organisation_id,
            household_id=household_id,
            departement_id=departement_id,
            message=message,
            due_on=due_on,
            raised_on=today,
        )
    if task.message != message or task.due_on != due_on:
        task.message, task.due_on = message, due_on
        task.save(update_fields=["message", "due_on"])
    return task


@transaction.atomic
def source_tasks_close(
    *,
    kind: str,
    source: str,
    organisation_id: int | None = None,
    today: datetime.date | None = None,
) -> int:
    """Close the open tasks of ``kind`` for ``source`` (of one organisation, or all)."""
    today = today or clock.today()
    tasks = Alert.objects.filter(kind=kind, source=source, resolved_on__isnull=True)
    if organisation_id is not None:
        tasks = tasks.filter(organisation_id=organisation_id)
    return tasks.update(resolved_on=today)
