"""The nightly refresh of the procedures' computed fields (next deadline, stage, debt).

``Procedure.key_deadline`` and the other denormalised fields are computed when an act is
written; a date that depends on *today* (a deadline passed, the winter truce starting or
ending) or a legal rule edited in the admin makes them stale. This service recomputes them
for every open procedure, in batches, and writes only those that changed: running it twice
changes nothing the second time (idempotent), so the job may be retried or run by hand.
"""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from prevex.core import clock
from prevex.core.sql import bulk_update_cases

from .book import DENORMALISED
from .deadlines import Context, Deadline, compute_deadlines, refresh_procedure_fields
from .models import Event, Procedure
from .rules import RuleBook, in_winter_truce

BATCH = 2000


def truce_boundary_departements(today) -> list[str]:
    """Départements (with open procedures) where the winter truce starts or ends today:
    in the truce today but not yesterday, or the reverse."""
    yesterday = today - datetime.timedelta(days=1)
    found = []
    departements = (
        Procedure.objects.filter(closed_on__isnull=True)
        .order_by("departement_id")
        .values_list("departement_id", flat=True)
        .distinct()
    )
    for departement in departements:
        book = RuleBook.for_departement(departement)
        if in_winter_truce(today, book) != in_winter_truce(yesterday, book):
            found.append(departement)
    return found


def open_procedures_refresh(*, departement: str | None = None, batch: int = BATCH) -> int:
    """Recompute the computed fields of every open procedure (of one département, or all);
    returns how many procedures changed."""
    ids = Procedure.objects.filter(closed_on__isnull=True)
    if departement is not None:
        ids = ids.filter(departement_id=departement)
    ids = list(ids.order_by("id").values_list("id", flat=True))
    today, rulebooks, changed = clock.today(), {}, 0
    for start in range(0, len(ids), batch):
        changed += _refresh_batch(ids[start : start + batch], today, rulebooks)
    return changed


def _loaded(queryset, today, rulebooks: dict):
    """The procedures of ``queryset`` with what computes their deadlines: each one's
    accepted and pending acts (in order), rule book and context for ``today``."""
    procedures = list(
        queryset.annotate(
            _lease=F("household__lease_date"),
            _rent=F("household__rent"),
            _landlord_type=F("household__landlord_type"),
        ).order_by("id")
    )
    events = defaultdict(list)
    for event in Event.objects.filter(procedure_id__in=[p.pk for p in procedures]).order_by(
        "procedure_id", "date", "id"
    ):
        events[event.procedure_id].append(event)
    for procedure in procedures:
        if procedure.departement_id not in rulebooks:
            rulebooks[procedure.departement_id] = RuleBook.for_departement(procedure.departement_id)
        context = Context(
            today=today,
            lease_date=procedure._lease,
            monthly_rent=procedure._rent,
            landlord_type=procedure._landlord_type,
        )
        yield procedure, events[procedure.pk], rulebooks[procedure.departement_id], context


@transaction.atomic
def _refresh_batch(ids: list[int], today, rulebooks: dict) -> int:
    locked = Procedure.objects.select_for_update(of=("self",)).filter(
        pk__in=ids, closed_on__isnull=True
    )
    dirty = []
    for procedure, events, rulebook, context in _loaded(locked, today, rulebooks):
        fresh = copy.copy(procedure)
        refresh_procedure_fields(fresh, events, rulebook, today, context=context)
        if any(getattr(fresh, name) != getattr(procedure, name) for name in DENORMALISED):
            dirty.append(fresh)
    bulk_update_cases(Procedure, dirty, DENORMALISED)
    return len(dirty)


def deadlines_on(dates: dict[int, datetime.date], *, today) -> dict[int, list[Deadline]]:
    """For each open procedure of ``dates`` (id → a day, its stored next deadline), the
    computed deadlines that fall on that day for ``today``, each with its own label, date
    and text (legal basis included): what names a deadline elsewhere (the work lists'
    « échéance proche », prevex/support/worklist.py). Read only; a procedure whose day
    no computed deadline matches (a stale stored field) gets an empty list."""
    found: dict[int, list[Deadline]] = {}
    ids = sorted(dates)
    rulebooks: dict = {}
    for start in range(0, len(ids), BATCH):
        queryset = Procedure.objects.filter(
            pk__in=ids[start : start + BATCH], closed_on__isnull=True
        )
        for procedure, events, rulebook, context in _loaded(queryset, today, rulebooks):
            deadlines = compute_deadlines(
                procedure=procedure, events=events, rulebook=rulebook, today=today, context=context
            )
            found[procedure.pk] = [d for d in deadlines if d.date == dates[procedure.pk]]
    return found
