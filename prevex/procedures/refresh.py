"""The nightly refresh of the procedures' computed fields (next deadline, stage, debt).

``Procedure.key_deadline`` and the other denormalised fields are computed when an act is
written; a date that depends on *today* (a deadline passed, the winter truce starting or
ending) or a legal rule edited in the admin makes them stale. This service recomputes them
for every open procedure, in batches, and writes only those that changed: running it twice
changes nothing the second time (idempotent), so the job may be retried or run by hand.
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from prevex.core import clock
from prevex.core.sql import bulk_update_cases

from .book import DENORMALISED
from .deadlines import Context, refresh_procedure_fields
from .models import Event, Procedure
from .rules import RuleBook, in_winter_truce

BATCH = 2000


def truce_boundary_departements(today) -> list[str]:
    """Départements (with open procedures) where the winter truce starts or ends today:
    in the truce today but not yesterday, or the reverse."""
    import datetime

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


@transaction.atomic
def _refresh_batch(ids: list[int], today, rulebooks: dict) -> int:
    procedures = list(
        Procedure.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, closed_on__isnull=True)
        .annotate(
            _lease=F("household__lease_date"),
            _rent=F("household__rent"),
            _landlord_type=F("household__landlord_type"),
        )
        .order_by("id")
    )
    events = defaultdict(list)
    for event in Event.objects.filter(procedure_id__in=[p.pk for p in procedures]).order_by(
        "procedure_id", "date", "id"
    ):
        events[event.procedure_id].append(event)
    dirty = []
    for procedure in procedures:
        if procedure.departement_id not in rulebooks:
            rulebooks[procedure.departement_id] = RuleBook.for_departement(procedure.departement_id)
        fresh = copy.copy(procedure)
        context = Context(
            today=today,
            lease_date=procedure._lease,
            monthly_rent=procedure._rent,
            landlord_type=procedure._landlord_type,
        )
        refresh_procedure_fields(
            fresh, events[procedure.pk], rulebooks[procedure.departement_id], today, context=context
        )
        if any(getattr(fresh, name) != getattr(procedure, name) for name in DENORMALISED):
            dirty.append(fresh)
    bulk_update_cases(Procedure, dirty, DENORMALISED)
    return len(dirty)
