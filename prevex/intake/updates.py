"""What the engine does with a row that repeats an act already received (same sender and
reference, or same content): update what may change — debt amount, observations,
hearing date (``event_amend_many``), a judgment's signification
(``judgments_served_many``), contacts — or call it a duplicate. A mixin of
``Ingestion`` (engine.py), which writes the queued changes at its flush.
"""

from __future__ import annotations

from prevex.households.services import contacts_add_many
from prevex.procedures.models import Event
from prevex.procedures.services import served_on_refusal

from .attach import row_contacts
from .items import Item
from .models import ImportRow, RowStatus
from .storage import to_json


class Updates:
    """The « same act again » half of ``Ingestion`` (see the module docstring)."""

    def _update(self, item: Item, other: ImportRow) -> None:
        """Same act received again: update what may change, else a duplicate."""
        if other.event_id is not None and item.data.get("date_signification"):
            event = self._event(other.event_id)
            refusal = event is not None and self._serve(event, item.data)
            if refusal:
                self._conflict(item, refusal, column="date_signification")
                return
        changed = self._apply_updates(item, other)
        if not changed:
            self._duplicate(item, other)
            return
        status = other.status if other.status == RowStatus.REVUE else RowStatus.MIS_A_JOUR
        if item.target is not None:  # the agent's correction updated a known row
            self._store(item, status=RowStatus.MIS_A_JOUR, key=None)
            item.row.household_id, item.row.event_id = other.household_id, other.event_id
            item.row.procedure_id = other.procedure_id
            self._store_other(other, item, status)
        else:
            self._store(item, status=status, key=other.dedup_key, row=other)
            item.status = RowStatus.MIS_A_JOUR

    def _store_other(self, other: ImportRow, item: Item, status: str) -> None:
        other.normalised = to_json(item.data)
        other.status = status
        other.updated_at = self.now
        self.changed_rows[other.pk] = other

    def _apply_updates(self, item: Item, other: ImportRow) -> bool:
        data = item.data
        if other.event_id is None:  # in review: nothing attached yet, keep the new values
            before = other.normalised or {}
            return to_json(data) != before
        event = self._event(other.event_id)
        if event is None:
            return False
        changed = self._amend(event, data) or event.pk in self.served
        if other.household_id is not None:
            added = contacts_add_many(by=self.by, contacts=row_contacts(other.household_id, data))
            changed = changed or bool(added)
        return changed

    def _event(self, pk: int) -> Event | None:
        known = self.updated_events.get(pk) or self.served.get(pk)
        return known[0] if known else Event.objects.filter(pk=pk).first()

    def _serve(self, event: Event, data: dict) -> str:
        """The signification a row gives for a judgment already stored (the same act
        sent again, by whoever sent it first): queued for the flush
        (``judgments_served_many``), or the French reason it cannot be recorded."""
        day = data.get("date_signification")
        if day is None or event.served_on == day:
            return ""
        queued = self.served.get(event.pk)
        if queued is not None and queued[1] == day:
            return ""
        if queued is not None:
            return (
                f"Une autre ligne de cet envoi donne déjà la signification de ce jugement "
                f"(le {queued[1]:%d/%m/%Y}) : une seule date de signification s'enregistre."
            )
        refusal = served_on_refusal(judgment=event, served_on=day)
        if not refusal:
            self.served[event.pk] = (event, day)
        return refusal

    def _amend(self, event: Event, data: dict) -> bool:
        """What the sender may change on an act it sent again (written at the flush by
        ``event_amend_many``); True when something changes."""
        fields = self.updated_events.get(event.pk, (event, {}))[1]
        for attr, column in (
            ("debt_amount", "montant_dette"),
            ("notes", "observations"),
            ("hearing_date", "date_audience"),
        ):
            value = data[column]
            current = fields.get(attr, getattr(event, attr))
            if value not in (None, "") and current != value:
                fields[attr] = value
        if fields:
            self.updated_events[event.pk] = (event, fields)
            return True
        return False
