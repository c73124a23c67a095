"""Acts waiting in the review queue that later acts made coherent.

An act received through an import or the API that does not fit its procedure is recorded
with its reasons (``Event.flagged``) and waits for the secretariat (``pending_review``):
it drives neither the stage nor the deadlines. Partners send their acts in their own
order: the bailiff's commandement de quitter les lieux often comes before the court's
judgment it executes. When the missing act arrives, the waiting act is checked again
**as if it were received now**, against every act that counts (``check_event``, the same
check as at recording): no reason left → it counts from now on, and the history says
so. An act dated before an act that counts still waits: only an agent may insert an act
in the past. Importable from prevex.procedures.services.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from prevex.audit import services as audit

from . import history
from .book import CHECKED_FIELDS
from .deadlines import effective_events
from .models import Event, Procedure
from .rules import RuleBook
from .stages import check_event


@transaction.atomic
def events_recheck(*, procedure_ids: Iterable[int]) -> list[Event]:
    """Check again the acts waiting in review on these procedures; those that now fit
    are accepted (``pending_review`` cleared, reason kept in ``flagged`` history) and the
    procedures' computed fields refreshed. Returns the acts accepted. Idempotent."""
    ids = sorted(set(procedure_ids))
    if not ids:
        return []
    from .services import procedure_refresh  # the one writer of the computed fields

    accepted: list[Event] = []
    procedures = Procedure.objects.select_for_update().filter(
        pk__in=Event.objects.filter(procedure_id__in=ids, pending_review=True).values(
            "procedure_id"
        )
    )
    rulebooks: dict[str, RuleBook] = {}
    for procedure in procedures.order_by("id"):
        rulebook = rulebooks.get(procedure.departement_id)
        if rulebook is None:
            rulebook = rulebooks[procedure.departement_id] = RuleBook.for_departement(
                procedure.departement_id
            )
        events = list(Event.objects.filter(procedure=procedure).order_by("date", "id"))
        changed = False
        for event in [e for e in events if e.pending_review]:
            counting = effective_events(events)
            fields = {"date": event.date, **{name: getattr(event, name) for name in CHECKED_FIELDS}}
            reasons = check_event(
                counting, event.stage, fields, ground=procedure.ground, rulebook=rulebook
            )
            if reasons:
                continue
            before = event.flagged
            event.pending_review, event.flagged = False, ""
            event.save(update_fields=["pending_review", "flagged"])
            audit.log_writes_many(
                [
                    history.event_changed_entry(
                        event=event,
                        household_id=procedure.household_id,
                        by=None,
                        summary=(
                            f"Acte devenu cohérent avec la procédure, les actes arrivés "
                            f"depuis l'ont complétée : {event}"
                        ),
                        changes=[
                            {
                                "field": "pending_review",
                                "label": "En attente de vérification",
                                "old": f"oui ({before})" if before else "oui",
                                "new": "non",
                            }
                        ],
                    )
                ]
            )
            accepted.append(event)
            changed = True
        if changed:
            procedure_refresh(procedure=procedure)
    return accepted
