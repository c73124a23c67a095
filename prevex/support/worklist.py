"""Generated tasks of the work lists (« à faire »), written by jobs only.

Which tasks are generated, and how long before their due date, is dated configuration:
one rule per kind in the legal rules' table (``TACHE_*``, see ``rules_data.py``), a
value of 0 meaning « not generated » for that period. DSF before the hearing, missed
instalments and unanswered referrals (secretariat) keep their own jobs (``alerts.py``,
``plans.py``, ``referrals.py``): they are tasks of the same table.

Every refresh reconciles the open tasks of its kind with what is due today: it raises
the missing ones, moves the due date of the changed ones, closes the others. Idempotent:
a second run the same day changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from prevex.access.models import Involvement
from prevex.core import clock
from prevex.households.services import anonymised_filter
from prevex.procedures.models import Procedure
from prevex.procedures.refresh import deadlines_on
from prevex.procedures.rules import RuleBook

from .choices import AlertKind, MeasureStatus, ReferralStatus
from .models import Alert, Measure, Referral

RULE_PROCEDURE = "TACHE_ECHEANCE_PROCEDURE"
RULE_MEASURE = "TACHE_RELANCE_DISPOSITIF"
RULE_REFERRAL = "TACHE_ORIENTATION_A_TRAITER"


@dataclass(frozen=True)
class Due:
    household_id: int
    departement_id: str
    organisation_id: int
    object_id: int
    message: str
    due_on: datetime.date


def _days(code: str, departement_id: str, today: datetime.date, cache: dict) -> int:
    """The rule's number of days in force today in the département (0: not generated)."""
    if departement_id not in cache:
        rule = RuleBook.for_departement(departement_id).find(code, today)
        cache[departement_id] = int(rule.value) if rule is not None else 0
    return cache[departement_id]


def reconcile(kind: str, field: str, due: list[Due], today: datetime.date) -> tuple[int, int]:
    """Make the open tasks of ``kind`` exactly ``due``; returns (raised, closed)."""
    wanted = {(d.object_id, d.organisation_id): d for d in due}
    open_tasks = {
        (getattr(task, f"{field}_id"), task.organisation_id): task
        for task in Alert.objects.select_for_update()
        .filter(kind=kind, resolved_on__isnull=True)
        .order_by("id")
    }
    closed = [task.pk for key, task in open_tasks.items() if key not in wanted]
    if closed:
        Alert.objects.filter(pk__in=closed).update(resolved_on=today)
    for key, task in open_tasks.items():
        d = wanted.get(key)
        if d is not None and (task.due_on, task.message) != (d.due_on, d.message):
            task.due_on, task.message = d.due_on, d.message
            task.save(update_fields=["due_on", "message"])
    new = [
        Alert(
            kind=kind,
            household_id=d.household_id,
            departement_id=d.departement_id,
            organisation_id=d.organisation_id,
            message=d.message,
            due_on=d.due_on,
            raised_on=today,
            **{f"{field}_id": d.object_id},
        )
        for key, d in wanted.items()
        if key not in open_tasks
    ]
    Alert.objects.bulk_create(new, batch_size=1000)
    return len(new), len(closed)


MESSAGE_MAX = 300  # Alert.message


def deadline_message(proc, deadlines: list) -> str:
    """What a « deadline approaching » task says: the deadlines of that day as the
    procedure computes them (each one's text: what, when, on which legal basis), never a
    delay written here; the bare date and stage when the stored day matches none (a
    stale field, until the procedures' refresh)."""
    if deadlines:
        text = " ; ".join(d.text for d in deadlines)
    else:
        text = (
            f"Prochaine échéance de la procédure le {proc.key_deadline:%d/%m/%Y} "
            f"(étape en cours : {proc.get_stage_display().lower()})"
        )
    return text if len(text) <= MESSAGE_MAX else f"{text[: MESSAGE_MAX - 1]}…"


@transaction.atomic
def procedure_deadline_tasks_refresh(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Open procedures whose next deadline is less than N days away: one task for each
    organisation involved in the file today, naming the deadline (its own text)."""
    today = today or clock.today()
    days: dict[str, int] = {}
    procedures = {}
    for proc in (
        Procedure.objects.filter(closed_on__isnull=True, key_deadline__gte=today)
        .only("id", "household_id", "departement_id", "key_deadline", "stage")
        .order_by("id")
        .iterator(chunk_size=2000)
    ):
        n = _days(RULE_PROCEDURE, proc.departement_id, today, days)
        if n and proc.key_deadline < today + datetime.timedelta(days=n):
            procedures.setdefault(proc.household_id, []).append(proc)
    named = deadlines_on(
        {p.pk: p.key_deadline for procs in procedures.values() for p in procs}, today=today
    )
    due: list[Due] = []
    involvements = (
        Involvement.objects.filter(household_id__in=list(procedures), starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("household_id", "organisation_id")
        .distinct()
        .order_by("household_id", "organisation_id")
    )
    for household_id, organisation_id in involvements.iterator(chunk_size=2000):
        for proc in procedures[household_id]:
            due.append(
                Due(
                    household_id,
                    proc.departement_id,
                    organisation_id,
                    proc.pk,
                    deadline_message(proc, named.get(proc.pk, [])),
                    proc.key_deadline,
                )
            )
    return reconcile(AlertKind.ECHEANCE_PROCEDURE, "procedure", due, today)


@transaction.atomic
def measure_follow_up_tasks_refresh(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Measures proposed or requested with no change for N days: a task « à relancer »
    for the organisation that holds the measure (none on an anonymised file: nobody can
    change its measures any more)."""
    today = today or clock.today()
    days: dict[str, int] = {}
    due: list[Due] = []
    waiting = (
        Measure.objects.filter(status__in=[MeasureStatus.PROPOSEE, MeasureStatus.DEMANDEE])
        .exclude(**anonymised_filter(via="household__"))
        .select_related("type")
        .order_by("id")
    )
    for measure in waiting.iterator(chunk_size=2000):
        n = _days(RULE_MEASURE, measure.departement_id, today, days)
        limit = measure.status_on + datetime.timedelta(days=n)
        if n and limit <= today:
            due.append(
                Due(
                    measure.household_id,
                    measure.departement_id,
                    measure.organisation_id,
                    measure.pk,
                    f"{measure.type.label} : {measure.get_status_display().lower()} depuis le "
                    f"{measure.status_on:%d/%m/%Y}, à relancer",
                    limit,
                )
            )
    return reconcile(AlertKind.RELANCE_DISPOSITIF, "measure", due, today)


@transaction.atomic
def referral_inbox_tasks_refresh(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Referrals waiting for an answer whose due date is less than N days away: a task
    for the organisation that must answer (closed once it has answered)."""
    today = today or clock.today()
    days: dict[str, int] = {}
    due: list[Due] = []
    waiting = Referral.objects.filter(status=ReferralStatus.ENVOYEE).select_related(
        "from_organisation"
    )
    for referral in waiting.order_by("id").iterator(chunk_size=2000):
        n = _days(RULE_REFERRAL, referral.departement_id, today, days)
        if n and referral.due_on < today + datetime.timedelta(days=n):
            due.append(
                Due(
                    referral.household_id,
                    referral.departement_id,
                    referral.to_organisation_id,
                    referral.pk,
                    f"Orientation reçue de {referral.from_organisation} : répondre avant le "
                    f"{referral.due_on:%d/%m/%Y}",
                    referral.due_on,
                )
            )
    return reconcile(AlertKind.ORIENTATION_A_TRAITER, "referral", due, today)


def generated_tasks_refresh(*, today: datetime.date | None = None) -> dict[str, tuple[int, int]]:
    """The three refreshes of this module, each in its own transaction."""
    return {
        "procedures": procedure_deadline_tasks_refresh(today=today),
        "dispositifs": measure_follow_up_tasks_refresh(today=today),
        "orientations": referral_inbox_tasks_refresh(today=today),
    }
