"""Manual tasks of the work lists: the one write path (create, assign, done).

A manual task is a row of the tasks' table (``Alert``, kind ``MANUELLE``) on a file the
author may see, for the author's organisation, optionally assigned to one of its users.
Every write goes to the history of writes (group SUIVI) with author and organisation.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel, WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core import clock
from prevex.households.services import refuse_anonymised

from .choices import AlertKind
from .groups import SUIVI
from .models import Alert

TASK = "TACHE"
TITLE_MAX = 300
NOT_A_MEMBER = "La personne choisie n'est pas membre active de votre organisme."
DUE_TOO_FAR = "L'échéance doit être dans les cinq ans à venir."
ALREADY_DONE = "Cette tâche est déjà faite."
NOT_MANUAL = "Seules les tâches manuelles se marquent faites ; les autres se ferment d'elles-mêmes."


def _entry(task: Alert, *, by: Membership, summary: str, changes: list, op: str) -> WriteEntry:
    return WriteEntry(
        household_id=task.household_id,
        object_type=TASK,
        object_id=task.pk,
        operation=op,
        field_group=SUIVI,
        summary=summary,
        changes=[{"field": f, "label": lbl, "old": o, "new": n} for f, lbl, o, n in changes],
        by=by,
    )


def _member(by: Membership, user_id: int | None):
    if user_id is None:
        return None
    member = (
        Membership.objects.filter(
            organisation_id=by.organisation_id, user_id=user_id, is_active=True
        )
        .select_related("user")
        .first()
    )
    if member is None:
        raise ValidationError(NOT_A_MEMBER)
    return member.user


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@transaction.atomic
def task_create(
    *,
    household,
    by: Membership,
    title: str,
    due_on: datetime.date | None = None,
    assigned_to_id: int | None = None,
) -> Alert:
    """A manual task on ``household`` (which the caller checked ``by`` may see)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError("Décrivez la tâche.")
    if len(title) > TITLE_MAX:
        raise ValidationError(f"La tâche tient en {TITLE_MAX} caractères au plus.")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in title):
        # NUL and other control characters: PostgreSQL refuses NUL in text (a 500).
        raise ValidationError("La tâche contient un caractère de contrôle non autorisé.")
    today = clock.today()
    if due_on is not None and due_on > today + datetime.timedelta(days=5 * 366):
        raise ValidationError(DUE_TOO_FAR)
    assignee = _member(by, assigned_to_id)
    refuse_anonymised(household.pk)  # locks the file: a second click waits, then finds the first
    twin = Alert.objects.filter(
        kind=AlertKind.MANUELLE,
        household_id=household.pk,
        organisation_id=by.organisation_id,
        message=title,
        due_on=due_on,
        resolved_on__isnull=True,
    ).exists()
    if twin:
        raise ValidationError(
            "Cette tâche est déjà ouverte pour votre organisme sur ce dossier (même libellé, "
            "même échéance)."
        )
    task = Alert.objects.create(
        kind=AlertKind.MANUELLE,
        household_id=household.pk,
        departement_id=household.departement_id,
        organisation_id=by.organisation_id,
        message=title,
        due_on=due_on,
        raised_on=today,
        created_by_id=by.user_id,
        assigned_to=assignee,
    )
    audit.log_write(
        _entry(
            task,
            by=by,
            summary=f"Tâche créée : {title}",
            changes=[
                ("message", "tâche", "", title),
                ("due_on", "échéance", "", f"{due_on:%d/%m/%Y}" if due_on else ""),
                ("assigned_to", "confiée à", "", _name(assignee)),
            ],
            op=WriteOperation.CREATE,
        )
    )
    return task


@transaction.atomic
def task_assign(*, task: Alert, by: Membership, assigned_to_id: int | None) -> Alert:
    """Give a task of ``by``'s organisation (any kind) to one of its users, or to nobody."""
    task = Alert.objects.select_for_update().get(pk=task.pk)
    if task.organisation_id != by.organisation_id or task.resolved_on is not None:
        raise ValidationError("Cette tâche n'est plus ouverte pour votre organisme.")
    assignee = _member(by, assigned_to_id)
    if task.assigned_to_id == (assignee.pk if assignee else None):
        return task  # unchanged: nothing to write, nothing for the history
    old = _name(task.assigned_to) if task.assigned_to_id else ""
    task.assigned_to = assignee
    task.save(update_fields=["assigned_to"])
    audit.log_write(
        _entry(
            task,
            by=by,
            summary=f"Tâche confiée : {task.message}",
            changes=[("assigned_to", "confiée à", old, _name(assignee))],
            op=WriteOperation.UPDATE,
        )
    )
    return task


@transaction.atomic
def task_done(*, task: Alert, by: Membership) -> Alert:
    """Mark a manual task of ``by``'s organisation done (generated ones close by jobs)."""
    task = Alert.objects.select_for_update().get(pk=task.pk)
    if task.organisation_id != by.organisation_id:
        raise ValidationError("Cette tâche n'est pas celle de votre organisme.")
    if task.kind != AlertKind.MANUELLE:
        raise ValidationError(NOT_MANUAL)
    if task.resolved_on is not None:
        raise ValidationError(ALREADY_DONE)
    task.resolved_on = clock.today()
    task.done_by_id = by.user_id
    task.save(update_fields=["resolved_on", "done_by"])
    audit.log_write(
        _entry(
            task,
            by=by,
            summary=f"Tâche faite : {task.message}",
            changes=[("resolved_on", "faite le", "", f"{task.resolved_on:%d/%m/%Y}")],
            op=WriteOperation.UPDATE,
        )
    )
    return task


# The end of a task on a file the retention job anonymises (appended to its kind's label,
# which is all the anonymised task keeps of its message).
CLOSED_ANONYMISED = "close : dossier anonymisé"


def tasks_close_anonymised(household_ids: list[int], *, today: datetime.date) -> int:
    """Retention (prevex/support/retention.py): every open task on files being anonymised,
    manual or generated, of any organisation, is closed today (nobody can act on the file
    any more, and the jobs raise none on it again); its message becomes its kind's label
    and « close : dossier anonymisé »; one history entry each, written by the job. Returns
    how many were closed."""
    tasks = list(
        Alert.objects.select_for_update().filter(
            household_id__in=household_ids, resolved_on__isnull=True
        )
    )
    for task in tasks:
        task.resolved_on = today
        task.message = f"{AlertKind(task.kind).label} — {CLOSED_ANONYMISED}"[:TITLE_MAX]
    Alert.objects.bulk_update(tasks, ["resolved_on", "message"], batch_size=500)
    audit.log_writes_many(
        WriteEntry(
            household_id=task.household_id,
            object_type=TASK,
            object_id=task.pk,
            operation=WriteOperation.UPDATE,
            field_group=SUIVI,
            summary=f"Tâche {CLOSED_ANONYMISED} : {AlertKind(task.kind).label}",
            changes=[{"field": "resolved_on", "label": "close le", "old": "",
                      "new": f"{today:%d/%m/%Y}"}],
            channel=WriteChannel.SYSTEM,
        )
        for task in tasks
    )  # fmt: skip
    return len(tasks)
