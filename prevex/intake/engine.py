"""The ingestion engine: what happens to each row of a chunk, in a few bulk passes.

For a list of rows (a chunk of a file, an API call, an agent's correction), inside the
caller's transaction:

1. an exact re-send (same sender, same cells) is a duplicate (``DOUBLON``);
2. every cell is validated (``validate_row``); a bad row goes to quarantine with its
   French messages (``QUARANTAINE``);
3. the row's idempotency key (sender + ``reference_acte``, or the fingerprint of the
   normalised content) finds a row already received: same act → duplicate, or update of
   what may change (amount, observations, hearing date, contacts) → ``MIS_A_JOUR``;
   the same reference for another act type or date is refused (quarantine), and so is
   any reference of an act of an anonymised file (the reference is spent: nothing is
   written into that file, and the answer says nothing of it);
4. the others are matched in one call to the engine (``match_records``): ``MATCH`` →
   the act is added to the household's open procedure (or opens one), ``NEW`` → a new
   household, ``REVIEW`` → nothing attached, a review item for the secretariat
   (``REVUE``); an act inconsistent with the procedure is recorded with the reason in
   ``Event.flagged`` and a review item (``REVUE``); an act equal to one the household
   already has (same type, date and amount, whatever its reference) is a duplicate
   (``DOUBLON``, or ``MIS_A_JOUR`` when its sender amends it).

Rows whose key or cells repeat an earlier row of the same pass wait for the next pass,
so that the earlier one is written first. Households, acts and contacts are written by
their apps' bulk services (attach.py); the rows, review items and the matching journal
here, in bulk (prevex/core/sql.py).
"""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from prevex.access.policy import allowed_acts
from prevex.accounts.models import Membership, Organisation
from prevex.core.sql import allocate, insert_objects, instance
from prevex.households.services import anonymised_among
from prevex.matching.doubts import compared_files
from prevex.matching.follow_up import matches_follow_up
from prevex.matching.phones import phones_learn
from prevex.matching.records import Candidate, MatchResult, PersonRecord
from prevex.matching.services import match_records
from prevex.procedures.models import Event
from prevex.procedures.services import (
    event_amend_many,
    judgments_served_many,
)

from .attach import Attacher, Pending
from .communes import Territories
from .doubts import doubts_review
from .items import (
    Item,
    clean_reference,
    dedup_key,
    landlord_review,
    newcomer_review,
    open_newcomer_pairs,
    same_ids,
    same_tenant,
)
from .models import ImportBatch, ImportRow, ReviewItem, ReviewKind, RowStatus
from .rechecks import order_items_recheck
from .records import SOURCE_KIND, journal_decisions, record_of, waiting_rows
from .storage import to_json
from .updates import Updates
from .validation import FieldError, validate_clean

ROW_FIELDS = [
    "last_batch", "last_line", "raw", "normalised", "status", "errors", "reference_acte", "raw_fingerprint",
    "dedup_key", "household", "procedure", "event", "match_decision_id", "updated_at",
]  # fmt: skip
BULK = 1000
SPENT = (
    "La référence « {reference} » a déjà servi ({where}) et ne peut plus être reprise : "
    "une référence désigne un seul acte. Transmettez cet acte avec une nouvelle référence."
)


class Ingestion(Updates):
    """One chunk of rows of one sender (see the module docstring)."""

    def __init__(self, *, batch: ImportBatch, source: Organisation, by: Membership | None, today):
        self.batch = batch
        self.source = source
        self.by = by
        self.today = today
        self.now = timezone.now()
        self.departement = source.departement_id
        self.within = "du fichier" if batch.filename else "de l'envoi"  # in matching reasons
        self.territories = Territories()
        self.allowed_acts = allowed_acts(source)  # the act matrix (prevex/access)
        self.attacher = Attacher(source=source, by=by, channel=batch.channel)
        self.new_rows: list[ImportRow] = []
        self.changed_rows: dict[int, ImportRow] = {}
        self.reviews: list[ReviewItem] = []
        # (review item, draft of an earlier row's household, result): candidate to add
        self.batch_candidates: list[tuple[ReviewItem, object, MatchResult]] = []
        self.newcomer_pairs: set[tuple[int, int]] = set()
        self.decisions: list[tuple[ImportRow, MatchResult, int | None, str]] = []
        self.updated_events: dict[int, tuple[Event, dict]] = {}
        self.served: dict[int, tuple[Event, object]] = {}  # judgment → its signification
        self.follow_ups: list[tuple] = []  # automatic MATCHes that add claims or a move
        self.opened: list[tuple] = []  # (draft of a new household, its row's candidates)
        self.phones: list[tuple] = []  # (row, household, département, phone): opened a file
        self.anonymised: set[int] = set()  # files of the rows known by reference, anonymised

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
            of = known.get(item.raw_fp)
            if of is not None and self._read_again(item, of):
                # A row still in quarantine, sent again unchanged in a later file: not «
                # déjà reçue » — nothing of it was recorded. It is read again (what was
                # refused may be accepted now: a date no longer in the future, the acts
                # the sender may send) and takes the quarantined row's place.
                item.reuse = of
                fresh.append(item)
            elif of is not None:
                self._duplicate(item, of)
            else:
                fresh.append(item)
        self._validate(fresh)
        existing = {}
        keys = {i.key for i in fresh}
        for row in ImportRow.objects.filter(source=self.source, dedup_key__in=keys).order_by("id"):
            existing[row.dedup_key] = row
        self.anonymised = anonymised_among(row.household_id for row in existing.values())
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
        sender_label = self.source.get_type_display()
        for item in items:
            data, errors = validate_clean(
                item.raw,
                self.territories,
                self.today,
                departement=self.departement,
                allowed_acts=self.allowed_acts,
                sender_label=sender_label,
            )
            item.data, item.errors = data, errors
            item.key = dedup_key(item)

    # ----------------------------------------------------------------- rows

    def _store(self, item: Item, *, status: str, key: str | None, row: ImportRow | None = None):
        """Fill the row of ``item`` (a new one, the agent's target, or ``row``)."""
        row = row or item.target or item.reuse
        if row is None:
            row = instance(
                ImportRow,
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
        if item.target is None or row.last_batch_id is None:
            # Where the sender sent it last (an agent's correction keeps that place).
            row.last_batch, row.last_line = self.batch, item.line
        row.raw = item.raw
        row.normalised = to_json(item.data) if item.data is not None else None
        row.status = status
        row.errors = [e.as_dict() for e in item.errors]
        row.reference_acte = clean_reference(item.raw.get("reference_acte", ""))[:80]
        row.dedup_key = key
        row.updated_at = self.now
        item.row, item.status = row, status
        return row

    def _read_again(self, item: Item, of: ImportRow) -> bool:
        return (
            of.status == RowStatus.QUARANTAINE
            and item.target is None
            and of.last_batch_id != self.batch.pk
        )

    def _duplicate(self, item: Item, of: ImportRow) -> None:
        item.status, item.same, item.errors = RowStatus.DOUBLON, same_ids(of), []
        if item.target is not None:  # the agent's correction repeats a known row
            self._store(item, status=RowStatus.DOUBLON, key=None)

    def _conflict(self, item: Item, message: str, *, column: str = "reference_acte") -> None:
        item.data = None
        item.errors = [FieldError(column, item.raw.get(column, ""), message)]
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
        where = f"ligne {other.sent_line} de l'import n° {other.sent_batch_id}"
        if other.status == RowStatus.QUARANTAINE:
            if item.target is None and other.last_batch_id == self.batch.pk:
                self._conflict(
                    item,
                    f"La {where} porte déjà cette référence et elle est en quarantaine : une "
                    "référence désigne un seul acte. Corrigez la référence de l'une des deux.",
                )
            elif item.target is None and not same_tenant(other.raw or {}, item.raw):
                self._conflict(
                    item,
                    f"Une ligne en quarantaine porte la même référence pour un autre "
                    f"locataire ({where}) : une référence désigne un seul acte. Corrigez la "
                    "référence, ou d'abord la ligne en quarantaine.",
                )
            elif item.target is None:  # the sender re-sends a corrected row
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
        if other.household_id in self.anonymised:
            reference = item.data["reference_acte"]
            self._conflict(item, SPENT.format(reference=reference, where=where))
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

    # ----------------------------------------------------------------- matching

    def _record(self, data: dict) -> PersonRecord:
        return record_of(data, self.departement)

    def _match(self, items: list[Item]) -> None:
        if not items:
            return
        results = match_records(
            records=[self._record(i.data) for i in items],
            departement=self.departement,
            waiting=waiting_rows(self.departement),
            labels=[f"ligne {i.line} {self.within}" for i in items],
        )
        roots: dict[int, object] = {}
        reviews: dict[int, ReviewItem] = {}  # index → review item of a REVIEW record
        for index, (item, result) in enumerate(zip(items, results, strict=True)):
            if result.outcome == "REVIEW":
                row = self._store(item, status=RowStatus.REVUE, key=item.key)
                review = ReviewItem(
                    kind=ReviewKind.MATCH,
                    departement_id=self.departement,
                    row=row,
                    reason=result.reason,
                    score=result.score,
                    candidates=[dataclasses.asdict(c) for c in result.candidates],
                    follows_id=result.waits_for,
                )
                if result.waits_for_index is not None:
                    review.follows = reviews[result.waits_for_index]
                reviews[index] = review
                if result.same_as_index is not None and result.same_as_index in roots:
                    # resembles an earlier row of this batch: its household, once created
                    self.batch_candidates.append((review, roots[result.same_as_index], result))
                self.reviews.append(review)
                self.decisions.append((row, result, None, ""))
                continue
            explicit = bool(item.raw.get("motif", "").strip())
            if result.outcome == "MATCH":
                target = {"household_id": result.household_id}
            elif result.same_as_index is not None and result.same_as_index in roots:
                target = {"draft": roots[result.same_as_index]}  # an earlier row's household
                result = dataclasses.replace(result, outcome="MATCH")
            else:
                target = {"draft": self.attacher.new_household(item.data)}
                roots[index] = target["draft"]
                self.opened.append((target["draft"], result.candidates))
            self.attacher.add(item.data, **target, explicit_ground=explicit, outcome=(item, result))

    def _known_act(self, act) -> bool:
        """The row repeats a known act that its sender may be told of: another
        organisation's act on a file whose access is pending is not (see ``_settle``)."""
        return act.duplicate and not (act.pending and act.event.source_id != self.source.pk)

    def _hold(self, pending: Pending) -> tuple[str, str] | None:
        """After the services recorded the chunk's acts, before the rows' contacts are
        added: a row repeating a known judgment with a signification it cannot take is
        refused (attach.py, ``Pending.refusal``)."""
        act = pending.result
        if not self._known_act(act):
            return None
        refusal = self._serve(act.event, pending.data)
        return ("date_signification", refusal) if refusal else None

    def _settle(self, pending: Pending) -> None:
        """The row of an act written (or recognised as a duplicate) by the services."""
        item, result = pending.outcome
        act = pending.result
        household_id = pending.target_id
        event = act.event
        if pending.refusal is not None:  # nothing of the row written (attach.py)
            column, message = pending.refusal
            self._conflict(item, message, column=column)
            return
        if pending.held:  # a landlord's act on a file not its tenant's: the secretariat's
            # (« bailleur à confirmer »); answered as any row in review, nothing written
            row = self._store(item, status=RowStatus.REVUE, key=item.key)
            row.household_id, row.procedure_id, row.event_id = household_id, None, None
            review = landlord_review(row=row, source=self.source, household_id=household_id)
            self.reviews.append(review)
            return
        # The same act again, maybe amended by its sender. Another organisation's act
        # that this sender cannot see yet (access pending) is not called a duplicate: the
        # status would tell the sender that this person has that act. Its row goes to the
        # secretariat like any act of a newcomer (the act is not stored twice).
        if self._known_act(act):
            changed = event.source_id == self.source.pk and self._amend(event, item.data)
            changed = changed or pending.contacts_added or event.pk in self.served
            status = RowStatus.MIS_A_JOUR if changed else RowStatus.DOUBLON
            row = self._store(item, status=status, key=item.key)
            _link(row, household_id, event)
            return
        status = RowStatus.REVUE if act.reasons or act.pending else RowStatus.IMPORTE
        row = self._store(item, status=status, key=item.key)
        _link(row, household_id, event)
        pair = (household_id, self.source.pk)
        if act.pending and pair not in self.newcomer_pairs:
            # « nouvel intervenant »: the secretariat opens the file, or not — one open item
            # per file and sender; its decision settles this sender's other rows too.
            self.newcomer_pairs.add(pair)
            review = newcomer_review(row=row, source=self.source, event=event)
            _link(review, household_id, None)
            self.reviews.append(review)
        if act.reasons:
            review = ReviewItem(
                kind=ReviewKind.ORDRE,
                departement_id=self.departement,
                row=row,
                reason=" ".join(act.reasons),
                event=event,
            )
            _link(review, household_id, None)
            self.reviews.append(review)
        if pending.draft is not None:
            reference = pending.draft.household.reference
        else:
            reference = next(
                (c.reference for c in result.candidates if c.household_id == household_id), ""
            )
        self.decisions.append((row, result, household_id, reference))
        # What the row adds (claims), its move, and the other surname it declares with the
        # same birth date (« X épouse Y »: name forms) — as the benchmark loop does.
        if household_id is not None and result.outcome == "NEW" and item.data.get("telephone"):
            dept = item.data.get("departement") or self.departement
            self.phones.append((row, household_id, dept, item.data["telephone"]))  # its file
        if household_id is not None and (result.adds or result.moved or result.birth_same):
            if result.household_id is None:  # attached to the household of an earlier row
                result = dataclasses.replace(result, household_id=household_id)
            self.follow_ups.append((row, result, self._record(item.data), item.data["date_acte"]))

    # ----------------------------------------------------------------- writing

    def _flush(self) -> None:
        settled = self.attacher.flush(hold=self._hold)
        for review, draft, result in self.batch_candidates:  # the households now exist
            household = draft.household
            candidate = Candidate(
                household.pk,
                result.score,
                result.reason,
                household.reference,
                warnings=result.warnings,
            )
            review.candidates = [dataclasses.asdict(candidate), *review.candidates]
        self.batch_candidates = []
        self.newcomer_pairs = open_newcomer_pairs(
            {(p.target_id, self.source.pk) for p in settled if p.result.pending}
        )
        for pending in settled:
            self._settle(pending)
        if self.updated_events:
            event_amend_many(by=self.by, changes=list(self.updated_events.values()))
            self.updated_events = {}
        if self.served:
            judgments_served_many(served=list(self.served.values()), by=self.by)
            self.served = {}
        allocate(ImportRow, self.new_rows)  # the journal names the rows by id
        journal_decisions(
            self.decisions, departement=self.departement, source=self.source, now=self.now
        )
        if self.phones:  # the mobile numbers of the rows that opened a file (phones.py)
            phones_learn((pk, d, phone, SOURCE_KIND, row.pk) for row, pk, d, phone in self.phones)
            self.phones = []
        if self.follow_ups:  # claims of the rows, moves (prevex/matching/claims.py)
            matches_follow_up(
                matches=[
                    (res.household_id, rec, res, SOURCE_KIND, row.pk, on)
                    for row, res, rec, on in self.follow_ups
                ],
                by=self.by,
            )
            self.follow_ups = []
        insert_objects(ImportRow, self.new_rows)
        ImportRow.objects.bulk_update(list(self.changed_rows.values()), ROW_FIELDS, batch_size=BULK)
        insert_objects(ReviewItem, self.reviews)
        touched = {
            p.result.event.procedure_id
            for p in settled
            if p.result.event is not None and not p.result.event.pending_review
        }
        order_items_recheck(departement=self.departement, procedure_ids=touched)
        if self.opened:  # earlier attachments to a namesake's file put in doubt (doubts.py)
            doubts_review(
                opened={
                    draft.household.pk: compared_files(draft.household.pk, candidates)
                    for draft, candidates in self.opened
                },
                departement=self.departement,
                by=self.by,
            )
            self.opened = []
        self.new_rows, self.changed_rows, self.reviews, self.decisions = [], {}, [], []


def _link(obj, household_id: int, event: Event | None) -> None:
    """Point a row (or review item) at its household, procedure and act."""
    obj.household_id = household_id
    if event is not None:
        obj.event = event
        if hasattr(obj, "procedure_id"):
            obj.procedure_id = event.procedure_id
