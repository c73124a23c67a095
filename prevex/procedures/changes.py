"""Changes of recorded acts and procedures: an act amended by its sender
(``event_amend_many``) or withdrawn (``event_withdraw``), procedures moved to another
file (``procedures_move``), and the refresh of a procedure's computed fields. Each
write leaves its history in the same transaction; imported from
prevex/procedures/services.py."""

from __future__ import annotations

from django.db import transaction

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import Household

from . import history
from .book import DENORMALISED, events_of
from .deadlines import context_for, refresh_procedure_fields
from .models import Event, Procedure
from .rules import RuleBook


def _copy_denormalised(source: Procedure, target: Procedure) -> None:
    for name in [*DENORMALISED, "closed_on", "outcome"]:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def event_amend_many(*, by: Membership | None, changes: list[tuple[Event, dict]]) -> int:
    """What a sender may change on an act it sent again (amount, observations, hearing
    date): saved with its history (one entry per act that changes, one insert for the
    batch), and the procedures' denormalised fields refreshed."""
    allowed = {"debt_amount", "notes", "hearing_date"}
    events, befores = [], []
    for event, fields in changes:
        if set(fields) - allowed:
            raise BusinessError("Seuls le montant, les observations et l'audience changent.")
        if fields.get("debt_amount") is not None and fields["debt_amount"] < 0:
            raise BusinessError("Le montant de la dette ne peut pas être négatif.")
        before = {
            name: getattr(event, name)
            for name, value in sorted(fields.items())
            if getattr(event, name) != value
        }
        for name, value in fields.items():
            setattr(event, name, value)
        if before:
            events.append(event)
            befores.append(before)
    if not events:
        return 0
    Event.objects.bulk_update(events, sorted(allowed))
    procedures = list(
        Procedure.objects.filter(pk__in={e.procedure_id for e in events}).order_by("pk")
    )
    households = {p.pk: p.household_id for p in procedures}
    audit.log_writes_many(
        history.event_amended_entry(
            event=event, household_id=households[event.procedure_id], before=before, by=by
        )
        for event, before in zip(events, befores, strict=True)
    )
    for procedure in procedures:
        procedure_refresh(procedure=procedure)
    return len(events)


@transaction.atomic
def event_withdraw(
    *, event: Event, by: Membership | None, why: str = "rejeté par le secrétariat de la CCAPEX"
) -> Procedure | None:
    """Remove an act from its file — the CCAPEX secretariat rejected it (review queue), or
    the attachment of its row was put in doubt (prevex/intake/doubts.py): the write
    history says which act went and ``why``; the procedure is refreshed, or removed when
    it has no act left (it was opened by that act). Returns the procedure when it
    remains."""
    procedure = Procedure.objects.select_for_update().get(pk=event.procedure_id)
    audit.log_write(
        history.event_withdrawn_entry(
            event=event, household_id=procedure.household_id, by=by, why=why
        )
    )
    event.delete()
    if not Event.objects.filter(procedure=procedure).exists():
        audit.log_write(history.procedure_removed_entry(procedure=procedure, by=by, why=why))
        procedure.delete()
        return None
    return procedure_refresh(procedure=procedure)


@transaction.atomic
def procedure_refresh(*, procedure: Procedure) -> Procedure:
    """Recompute and save the denormalised fields (after a rule change, or daily)."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    rulebook = RuleBook.for_departement(locked.departement_id)
    household = Household.objects.only("lease_date", "rent", "landlord_type").get(
        pk=locked.household_id
    )
    today = clock.today()
    refresh_procedure_fields(
        locked, events_of(locked), rulebook, today, context=context_for(household, today)
    )
    locked.save(update_fields=DENORMALISED)
    _copy_denormalised(locked, procedure)
    return procedure


@transaction.atomic
def procedures_move(
    *, procedure_ids: list[int], household: Household, by: Membership | None
) -> int:
    """Move procedures (with their acts) to another household of the same département
    (the split of a wrong match); at most one of them may be open."""
    procedures = list(Procedure.objects.select_for_update().filter(pk__in=procedure_ids))
    if any(p.departement_id != household.departement_id for p in procedures):
        raise BusinessError("Une procédure ne change pas de département.")
    open_now = sum(p.closed_on is None for p in procedures)
    open_now += Procedure.objects.filter(household=household, closed_on__isnull=True).count()
    if open_now > 1:
        raise BusinessError(
            "Le dossier de destination aurait deux procédures en cours : clôturez-en une."
        )
    references = dict(
        Household.objects.filter(
            pk__in={p.household_id for p in procedures} | {household.pk}
        ).values_list("pk", "reference")
    )
    entries = []
    for procedure in procedures:
        old = procedure.household_id
        procedure.household_id = household.pk
        entries += history.procedure_moved_entries(
            procedure=procedure, old_household_id=old, old_reference=references[old],
            new_reference=references[household.pk], by=by,
        )  # fmt: skip
    moved = Procedure.objects.filter(pk__in=[p.pk for p in procedures]).update(household=household)
    audit.log_writes_many(entries)
    return moved
