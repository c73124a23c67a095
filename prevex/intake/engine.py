"""The ingestion engine: what happens to each row of a chunk, in a few bulk passes.

For a list of rows (a chunk of a file, an API call, an agent's correction), inside the
caller's transaction:

1. an exact re-send (same sender, same cells) is a duplicate (``DOUBLON``);
2. every cell is validated (``validate_row``); a bad row goes to quarantine with its
   French messages (``QUARANTAINE``);
3. the row's idempotency key (sender + ``reference_acte``, or the fingerprint of the
   normalised content) finds a row already received: same act → duplicate, or update of
   what may change (amount, observations, hearing date, contacts) → ``MIS_A_JOUR``;
   the same reference for another act type or date is refused (quarantine);
4. the others are matched in one call to the engine (``match_records``): ``MATCH`` →
   the act is added to the household's open procedure (or opens one), ``NEW`` → a new
   household, ``REVIEW`` → nothing attached, a review item for the secretariat
   (``REVUE``); an act inconsistent with the procedure is recorded with the reason in
   ``Event.flagged`` and a review item (``REVUE``).

Rows whose key or cells repeat an earlier row of the same pass wait for the next pass,
so that the earlier one is written first. Everything is written in bulk (attach.py).
"""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from prevex.access.policy import allowed_acts
from prevex.accounts.models import Membership, Organisation
from prevex.matching.models import MatchDecision
from prevex.matching.records import MatchResult, PersonRecord
from prevex.matching.services import match_records
from prevex.procedures.models import Event
from prevex.procedures.rules import RuleBook

from .attach import HouseholdState, Writer
from .communes import Territories
from .items import Item, clean_reference, dedup_key, link, newcomer_review, same_ids
from .models import ImportBatch, ImportRow, ReviewItem, ReviewKind, RowStatus
from .sql import allocate, insert_objects, insert_values
from .storage import to_json
from .validation import FieldError, validate_clean

SOURCE_KIND = "intake_row"
ROW_FIELDS = [
    "last_batch",
    "raw",
    "normalised",
    "status",
    "errors",
    "reference_acte",
    "raw_fingerprint",
    "dedup_key",
    "household",
    "procedure",
    "event",
    "match_decision_id",
    "updated_at",
]
BULK = 1000


class Ingestion:
    """One chunk of rows of one sender (see the module docstring)."""

    def __init__(self, *, batch: ImportBatch, source: Organisation, by: Membership | None, today):
        self.batch = batch
        self.source = source
        self.by = by
        self.today = today
        self.now = timezone.now()
        self.departement = source.departement_id
        self.territories = Territories()
        self.allowed_acts = allowed_acts(source)  # the act matrix (prevex/access)
        self.writer = Writer(
            source=source, by=by, rulebook=RuleBook.for_departement(self.departement), today=today
        )
        self.new_rows: list[ImportRow] = []
        self.changed_rows: dict[int, ImportRow] = {}
        self.reviews: list[ReviewItem] = []
        self.decisions: list[tuple[ImportRow, MatchResult, HouseholdState | None]] = []
        self.updated_events: dict[int, Event] = {}

    def run(self, items: list[Item]) -> list[Item]:
        pending = items
        while pending:
            pending = self._pass(pending)
        return items

    # ----------------------------------------------------------------- one pass

    def _pass(self, items: list[Item]) -> list[Item]:
        deferred: list[Item] = []
        fresh: list[Item] = []
        known = {}
        targets = {i.target.pk for i in items if i.target is not None}
        for row in ImportRow.objects.filter(
            source=self.source, raw_fingerprint__in={i.raw_fp for i in items}
        ).order_by("id"):
            if row.pk not in targets:
                known.setdefault(row.raw_fingerprint, row)
        seen: set[str] = set()
        for item in items:
            if item.raw_fp in seen:
                deferred.append(item)
                continue
            seen.add(item.raw_fp)
            if item.raw_fp in known:
                self._duplicate(item, known[item.raw_fp])
            else:
                fresh.append(item)
        self._validate(fresh)
        existing = {}
        keys = {i.key for i in fresh}
        for row in ImportRow.objects.filter(source=self.source, dedup_key__in=keys).order_by("id"):
            existing[row.dedup_key] = row
        to_match: list[Item] = []
        seen = set()
        for item in fresh:
            if item.key in seen:
                deferred.append(item)
                continue
            seen.add(item.key)
            other = existing.get(item.key)
            if other is not None and item.target is not None and other.pk == item.target.pk:
                other = None
            if item.data is None:
                self._quarantine(item, other)
            else:
                self._known(item, other, to_match)
        self._match(to_match)
        self._flush()
        return deferred

    def _validate(self, items: list[Item]) -> None:
        self.territories.preload(
            {i.raw.get("code_postal", "").replace(" ", "").zfill(5) for i in items}
        )
        for item in items:
            data, errors = validate_clean(
                item.raw,
                self.territories,
                self.today,
                departement=self.departement,
                allowed_acts=self.allowed_acts,
                sender_label=self.source.get_type_display(),
            )
            item.data, item.errors = data, errors
            item.key = dedup_key(item)

    # ----------------------------------------------------------------- rows

    def _store(self, item: Item, *, status: str, key: str | None, row: ImportRow | None = None):
        """Fill the row of ``item`` (a new one, the agent's target, or ``row``)."""
        row = row or item.target or item.reuse
        if row is None:
            row = ImportRow(
                batch=self.batch,
                source=self.source,
                departement_id=self.departement,
                line=item.line,
                raw_fingerprint=item.raw_fp,
            )
            self.new_rows.append(row)
        else:
            self.changed_rows[row.pk] = row
            if item.target is None:  # a sender's re-send: what it sent now
                row.raw_fingerprint = item.raw_fp
        row.last_batch = self.batch
        row.raw = item.raw
        row.normalised = to_json(item.data) if item.data is not None else None
        row.status = status
        row.errors = [e.as_dict() for e in item.errors]
        row.reference_acte = clean_reference(item.raw.get("reference_acte", ""))[:80]
        row.dedup_key = key
        row.updated_at = self.now
        item.row, item.status = row, status
        return row

    def _duplicate(self, item: Item, of: ImportRow) -> None:
        item.status, item.same, item.errors = RowStatus.DOUBLON, same_ids(of), []
        if item.target is not None:  # the agent's correction repeats a known row
            self._store(item, status=RowStatus.DOUBLON, key=None)

    def _conflict(self, item: Item, message: str) -> None:
        item.data = None
        item.errors = [FieldError("reference_acte", item.raw.get("reference_acte", ""), message)]
        key = item.target.dedup_key if item.target is not None else None
        self._store(item, status=RowStatus.QUARANTAINE, key=key)

    def _quarantine(self, item: Item, other: ImportRow | None) -> None:
        if item.target is not None:
            self._store(item, status=RowStatus.QUARANTAINE, key=item.target.dedup_key)
        elif other is not None and other.status == RowStatus.QUARANTAINE:
            self._store(item, status=RowStatus.QUARANTAINE, key=item.key, row=other)
        else:
            self._store(item, status=RowStatus.QUARANTAINE, key=None if other else item.key)

    def _known(self, item: Item, other: ImportRow | None, to_match: list[Item]) -> None:
        if other is None:
            to_match.append(item)
            return
        where = f"ligne {other.line} de l'import n° {other.batch_id}"
        if other.status == RowStatus.QUARANTAINE:
            if item.target is None:  # the sender re-sends a corrected row
                item.reuse = other
                to_match.append(item)
            else:
                self._conflict(
                    item,
                    f"Une autre ligne en quarantaine porte la même référence ({where}) : "
                    "corrigez-la ou changez la référence.",
                )
            return
        if item.key.startswith("F:"):
            self._duplicate(item, other)
            return
        before = other.normalised or {}
        if (before.get("type_acte"), before.get("date_acte")) != (
            item.data["type_acte"],
            item.data["date_acte"].isoformat(),
        ):
            self._conflict(
                item,
                f"La référence « {item.data['reference_acte']} » a déjà été transmise pour un "
                f"autre acte ({before.get('type_acte', '?')} du {before.get('date_acte', '?')}, "
                f"{where}) : une référence désigne un seul acte. Corrigez la référence ou "
                "l'acte.",
            )
            return
        self._update(item, other)

    # ----------------------------------------------------------------- updates

    def _update(self, item: Item, other: ImportRow) -> None:
        """Same act received again: update what may change, else a duplicate."""
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
        event = (
            self.updated_events.get(other.event_id)
            or Event.objects.filter(pk=other.event_id).first()
        )
        if event is None:
            return False
        return self._update_event(event, data, other.household_id)

    def _update_event(self, event: Event, data: dict, household_id: int | None) -> bool:
        changed = False
        for attr, column in (
            ("debt_amount", "montant_dette"),
            ("notes", "observations"),
            ("hearing_date", "date_audience"),
        ):
            value = data[column]
            if value not in (None, "") and getattr(event, attr) != value:
                setattr(event, attr, value)
                changed = True
        if changed:
            self.updated_events[event.pk] = event
        if household_id is not None:
            self.writer.load({household_id})
            state = self.writer.states[household_id]
            before = len(self.writer.new_contacts)
            self.writer.touch(state, data)
            changed = changed or len(self.writer.new_contacts) > before
        return changed

    # ----------------------------------------------------------------- matching

    def _record(self, data: dict) -> PersonRecord:
        return PersonRecord(
            last_name=data["locataire_nom"],
            first_name=data["locataire_prenom"],
            birth_date=data["locataire_date_naissance"],
            co_last_name=data["cotitulaire_nom"],
            co_first_name=data["cotitulaire_prenom"],
            address=data["adresse"],
            postal_code=data["code_postal"],
            commune_insee=data["code_commune"],
            commune_name=data["commune"],
            departement=self.departement,
        )

    def _match(self, items: list[Item]) -> None:
        if not items:
            return
        results = match_records(
            records=[self._record(i.data) for i in items], departement=self.departement
        )
        self.writer.load({r.household_id for r in results if r.outcome == "MATCH"})
        roots: dict[int, HouseholdState] = {}
        for index, (item, result) in enumerate(zip(items, results, strict=True)):
            if result.outcome == "REVIEW":
                row = self._store(item, status=RowStatus.REVUE, key=item.key)
                self.reviews.append(
                    ReviewItem(
                        kind=ReviewKind.MATCH,
                        departement_id=self.departement,
                        row=row,
                        reason=result.reason,
                        score=result.score,
                        candidates=[dataclasses.asdict(c) for c in result.candidates],
                    )
                )
                self.decisions.append((row, result, None))
                continue
            if result.outcome == "MATCH":
                state = self.writer.states[result.household_id]
            elif result.same_as_index is not None and result.same_as_index in roots:
                state = roots[result.same_as_index]  # the household of an earlier row
                result = dataclasses.replace(result, outcome="MATCH")
            else:
                state = self.writer.new_household(item.data)
                roots[index] = state
            self._attach(item, state, result)

    def _attach(self, item: Item, state: HouseholdState, result: MatchResult) -> None:
        data = item.data
        if not data["reference_acte"]:
            same = self.writer.same_act(state, data)
            if same is not None:  # no reference: the same act re-sent, maybe amended
                changed = same.pk is not None and self._update_event(same, data, state.household_id)
                status = RowStatus.MIS_A_JOUR if changed else RowStatus.DOUBLON
                row = self._store(item, status=status, key=item.key)
                link(row, state, same)
                return
        pending = self.writer.touch(state, data)  # the access gate decides (attach.py)
        event, reasons = self.writer.record_act(
            state, data, explicit_ground=bool(item.raw.get("motif", "").strip())
        )
        status = RowStatus.REVUE if reasons or pending else RowStatus.IMPORTE
        row = self._store(item, status=status, key=item.key)
        link(row, state, event)
        if pending:  # « nouvel intervenant »: the secretariat opens the file, or not
            review = newcomer_review(row=row, source=self.source, event=event)
            link(review, state, None)
            self.reviews.append(review)
        if reasons:
            review = ReviewItem(
                kind=ReviewKind.ORDRE,
                departement_id=self.departement,
                row=row,
                reason=" ".join(reasons),
                event=event,
            )
            link(review, state, None)
            self.reviews.append(review)
        self.decisions.append((row, result, state))

    # ----------------------------------------------------------------- writing

    def _flush(self) -> None:
        self.writer.flush()  # with the blocking keys of the new households
        if self.updated_events:
            Event.objects.bulk_update(
                list(self.updated_events.values()), ["debt_amount", "notes", "hearing_date"]
            )
            self._refresh_procedures({e.procedure_id for e in self.updated_events.values()})
            self.updated_events = {}
        allocate(ImportRow, self.new_rows)  # the journal names the rows by id
        self._journal()
        insert_objects(ImportRow, self.new_rows)
        ImportRow.objects.bulk_update(list(self.changed_rows.values()), ROW_FIELDS, batch_size=BULK)
        insert_objects(ReviewItem, self.reviews)
        self.new_rows, self.changed_rows, self.reviews, self.decisions = [], {}, [], []

    def _refresh_procedures(self, procedure_ids: set[int]) -> None:
        from prevex.procedures.models import Procedure
        from prevex.procedures.services import procedure_refresh

        for procedure in Procedure.objects.filter(pk__in=procedure_ids).order_by("pk"):
            procedure_refresh(procedure=procedure)

    def _journal(self) -> None:
        """Journal every decision of the engine with ``match_decision_record``'s fields
        (written in bulk, without building instances) and keep its id on the row."""
        rows = []
        for row, result, state in self.decisions:
            household_id = state.household_id if state is not None else None
            if state is not None and state.household is not None:
                reference = state.household.reference
            else:
                reference = next(
                    (c.reference for c in result.candidates if c.household_id == household_id),
                    "",
                )
            rows.append(
                {
                    "departement_id": self.departement,
                    "household_id": household_id,
                    "household_reference": reference,
                    "outcome": result.outcome,
                    "score": result.score,
                    "reason": result.reason[:500],
                    "candidates": [
                        {"household_id": c.household_id, "score": c.score, "reason": c.reason}
                        for c in result.candidates
                    ],
                    "automatic": True,
                    "organisation_id": self.source.pk,
                    "source_kind": SOURCE_KIND,
                    "source_id": row.pk,
                    "created_at": self.now,
                }
            )
        ids = insert_values(MatchDecision, rows)
        for (row, _, _), pk in zip(self.decisions, ids, strict=True):
            row.match_decision_id = pk
