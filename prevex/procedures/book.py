"""The book of acts behind every write of procedures and acts (prevex/procedures/services.py).

A ``Book`` loads (and locks) the procedures and acts of some households, records acts
in memory in order — each checked against the acts before it by
``prevex.procedures.stages.check_event``, opening a procedure when the household has no
open one, closing procedures — and writes everything at once: new rows with
prevex/core/sql.py (COPY on PostgreSQL), changed procedures with one ``UPDATE … CASE``
per batch, the denormalised fields from ``refresh_procedure_fields``. One act (a form)
and 5,000 acts (an import chunk) take the same path.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from prevex.access.bulk import addressee_involvements_add
from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel
from prevex.core import clock
from prevex.core.choices import choice_values
from prevex.core.errors import BusinessError
from prevex.core.sql import bulk_update_cases, insert_objects, instance
from prevex.households.models import Household, InvolvementReason
from prevex.households.services import sender_involvements_add

from . import history
from .deadlines import Context, effective_events, refresh_procedure_fields, sorted_events
from .models import CfpDecision, Channel, Decision, Event, Ground, Outcome, Procedure, Stage
from .referral_delay import check_warnings
from .rules import RuleBook, earliest_rule_date
from .stages import SHORT, check_event, landlord_refusal, start_stages

DENORMALISED = ["stage", "stage_date", "current_debt", "key_deadline", "ccapex_report_required"]
CLOSING = ["closed_on", "outcome", "closed_by"]
FLAG_LENGTH = Event._meta.get_field("flagged").max_length
# The fields of an act that ``check_event`` reads besides its date (drafts and events).
CHECKED_FIELDS = (
    "hearing_date", "decision", "contradictoire", "grace_months", "served_on", "cfp_decision",
    "payment_months", "instalment_amount", "first_instalment_on",
)  # fmt: skip
ID_CHUNK = 5_000
# The history's channel of the writes, from the acts' channel (when no ``write_channel``
# block says otherwise): the review queue is the secretariat's form.
WRITE_CHANNELS = {
    Channel.FORM: WriteChannel.FORM,
    Channel.IMPORT: WriteChannel.IMPORT,
    Channel.API: WriteChannel.API,
    Channel.REVIEW: WriteChannel.FORM,
    Channel.GENERATOR: WriteChannel.DEMO,
}
# Channels whose inconsistent acts go to the secretariat's review queue: such an act waits
# there (``Event.pending_review``) and drives no deadline until accepted.
REVIEWED_CHANNELS = frozenset({Channel.IMPORT, Channel.API, Channel.REVIEW})
_UNSET = object()


def d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def check_choice(value: str, choices, what: str) -> None:
    if value and value not in choice_values(choices):
        raise BusinessError(f"{what} inconnu(e) : « {value} ».")


def flag_text(reasons: list[str]) -> str:
    text = " ".join(reasons)
    return text if len(text) <= FLAG_LENGTH else text[: FLAG_LENGTH - 1] + "…"


def events_of(procedure: Procedure) -> list[Event]:
    return list(Event.objects.filter(procedure_id=procedure.pk).order_by("date", "id"))


@dataclass(kw_only=True)
class ActDraft:
    """An act to record on its household's open procedure (or opening one on
    ``ground``). ``explicit_ground``: the sender named the ground, so a different
    ground than the open procedure's is flagged."""

    household_id: int = 0
    stage: str
    date: datetime.date
    ground: str = Ground.IMPAYES
    explicit_ground: bool = False
    debt_amount: Decimal | None = None
    hearing_date: datetime.date | None = None
    decision: str = ""
    contradictoire: bool | None = None
    grace_months: int | None = None
    served_on: datetime.date | None = None
    cfp_decision: str = ""
    payment_months: int | None = None
    instalment_amount: Decimal | None = None
    first_instalment_on: datetime.date | None = None
    notes: str = ""
    source_id: int | None = None
    reference: str = ""


@dataclass
class ActResult:
    # the act recorded, or the known act it repeats (``duplicate``); None when ``refused``
    event: Event | None
    duplicate: bool = False
    reasons: list[str] = field(default_factory=list)
    opened: bool = False
    pending: bool = False  # the sender is not involved: its access waits for the secretariat
    refused: str = ""  # why nothing of this act was written (French), bulk path only


@dataclass(kw_only=True)
class ProcedureDraft:
    household_id: int
    ground: str = Ground.IMPAYES
    acts: list[ActDraft]
    closed_on: datetime.date | None = None
    outcome: str = ""


def same_act(events, draft: ActDraft) -> Event | None:
    """A known act equal to ``draft``: same type, same date, same amount when both
    have one (whatever the sender's reference). Without a reference, the same sender's
    act of that type and date is the same act whatever the amount (it amends it)."""
    for event in events:
        if event.stage != draft.stage or event.date != draft.date:
            continue
        if (
            event.debt_amount is None
            or draft.debt_amount is None
            or event.debt_amount == draft.debt_amount
            or (not draft.reference and event.source_id == draft.source_id)
        ):
            return event
    return None


class Book:
    def __init__(
        self,
        *,
        by: Membership | None,
        channel: str,
        recorded_for: Organisation | None = None,
    ):
        self.by = by
        self.user_id = by.user_id if by is not None else None
        if recorded_for is None and by is not None:
            recorded_for = by.organisation
        self.recorded_for_id = recorded_for.pk if recorded_for is not None else None
        self.channel = channel
        self.today = clock.today()
        self.departements: dict[int, str] = {}
        self.households: dict[int, tuple] = {}  # pk → (lease_date, rent, landlord_type)
        self.procedures: dict[int, list[Procedure]] = {}
        self.events: dict[int, list[Event]] = defaultdict(list)  # by id(procedure)
        self.by_pk: dict[int, Procedure] = {}
        self.rulebooks: dict[str, RuleBook] = {}
        self.new_procedures: list[Procedure] = []
        self.changed: dict[int, Procedure] = {}
        self.new_events: list[Event] = []
        self.dirty: dict[int, Procedure] = {}
        self.closing = False
        self.senders: dict[int, set[int]] = defaultdict(set)
        self.served: dict[int, set[int]] = defaultdict(set)  # sender → households
        self.closed: list[Procedure] = []
        self.pending: set[tuple[int, int]] = set()  # (sender, household) left pending
        self._earliest = _UNSET

    # ----------------------------------------------------------------- reading

    def load(self, household_ids, *, lock_households: bool = True) -> None:
        """Load the procedures (locked) and acts of these households; lock the
        households too unless told (bulk writers: the import holds its département's
        lock, and the one-open-procedure constraint stands behind both)."""
        ids = sorted({int(pk) for pk in household_ids} - set(self.departements))
        households = Household.objects.select_for_update() if lock_households else Household.objects
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            for pk, departement, *facts in (
                households.filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "departement_id", "lease_date", "rent", "landlord_type")
            ):
                self.departements[pk] = departement
                self.households[pk] = tuple(facts)
                self.procedures[pk] = []
            if len(self.departements) < start + len(chunk):
                raise BusinessError("Ménage introuvable.")
            for procedure in (
                Procedure.objects.select_for_update()
                .filter(household_id__in=chunk)
                .order_by("household_id", "opened_on", "id")
            ):
                self.procedures[procedure.household_id].append(procedure)
                self.by_pk[procedure.pk] = procedure
            chunk_procedures = [p.pk for pk in chunk for p in self.procedures[pk]]
            for event in Event.objects.filter(procedure_id__in=chunk_procedures).order_by(
                "procedure_id", "date", "id"
            ):
                procedure = self.by_pk[event.procedure_id]
                event.procedure = procedure
                self.events[id(procedure)].append(event)

    def procedure(self, pk: int) -> Procedure:
        try:
            return self.by_pk[pk]
        except KeyError:
            raise BusinessError("Procédure introuvable.") from None

    def open_procedure(self, household_id: int) -> Procedure | None:
        for procedure in self.procedures[household_id]:
            if procedure.closed_on is None:
                return procedure
        return None

    def context(self, procedure: Procedure) -> Context:
        lease, rent, landlord_type = self.households.get(procedure.household_id, (None,) * 3)
        return Context(
            today=self.today, lease_date=lease, monthly_rent=rent, landlord_type=landlord_type
        )

    def rulebook(self, departement: str) -> RuleBook:
        if departement not in self.rulebooks:
            self.rulebooks[departement] = RuleBook.for_departement(departement)
        return self.rulebooks[departement]

    def earliest(self) -> datetime.date | None:
        """The earliest national rule's start (acts before it are refused), read once
        per book like its rule books."""
        if self._earliest is _UNSET:
            self._earliest = earliest_rule_date(self.rulebook(None))
        return self._earliest

    # ----------------------------------------------------------------- recording

    def _check(self, draft: ActDraft) -> None:
        check_choice(draft.stage, Stage, "Acte")
        check_choice(draft.decision, Decision, "Décision")
        check_choice(draft.cfp_decision, CfpDecision, "Décision CFP")
        if not draft.stage:
            raise BusinessError("Le type d'acte est obligatoire.")
        if draft.date > self.today:
            raise BusinessError(
                f"La date de l'acte ({d(draft.date)}) est dans le futur : seuls les actes "
                "déjà délivrés s'enregistrent."
            )
        if draft.served_on is not None and draft.served_on > self.today:
            raise BusinessError(
                f"La date de signification ({d(draft.served_on)}) est dans le futur : seules "
                "les significations déjà faites s'enregistrent."
            )
        if draft.debt_amount is not None and draft.debt_amount < 0:
            raise BusinessError("Le montant de la dette ne peut pas être négatif.")
        earliest = self.earliest()
        if earliest is not None and draft.date < earliest:
            raise BusinessError(
                f"La date de l'acte ({d(draft.date)}) est antérieure au {d(earliest)}, date de "
                "la plus ancienne règle légale connue de la plateforme : ses délais ne peuvent "
                "pas être calculés."
            )

    def record(
        self,
        draft: ActDraft,
        *,
        strict: bool,
        duplicates: bool,
        procedure: Procedure | None = None,
    ) -> ActResult:
        """Record one act in memory (see the module docstring)."""
        self._check(draft)
        household_id = draft.household_id
        if household_id not in self.procedures:
            raise BusinessError("Ménage introuvable.")
        if duplicates:
            known = [e for p in self.procedures[household_id] for e in self.events[id(p)]]
            twin = same_act(known, draft)
            if twin is not None:
                self._sender(draft)
                return ActResult(event=twin, duplicate=True)
        departement = self.departements[household_id]
        rulebook = self.rulebook(departement)
        procedure = procedure or self.open_procedure(household_id)
        reasons: list[str] = []
        opened = procedure is None
        if opened:
            check_choice(draft.ground, Ground, "Motif")
            if strict and draft.stage not in start_stages(draft.ground):
                found = check_event([], draft.stage, {"date": draft.date}, ground=draft.ground)
                raise BusinessError(" ".join(found))
            procedure = instance(
                Procedure,
                household_id=household_id,
                departement_id=departement,
                ground=draft.ground,
                opened_on=draft.date,
                stage=draft.stage,
                stage_date=draft.date,
            )
            self.procedures[household_id].append(procedure)
            self.new_procedures.append(procedure)
        elif draft.explicit_ground and draft.ground != procedure.ground:
            reasons.append(
                f"Motif de l'acte ({Ground(draft.ground).label.lower()}) différent de celui "
                f"de la procédure en cours ({Ground(procedure.ground).label.lower()})."
            )
        events = self.events[id(procedure)]
        before = effective_events(events)
        fields = {"date": draft.date, **{name: getattr(draft, name) for name in CHECKED_FIELDS}}
        found = check_event(before, draft.stage, fields, ground=procedure.ground, rulebook=rulebook)
        # the referral to the CCAPEX of a landlord the file says is a natural person or a
        # family SCI (the forms refuse it first; an import or the API sends it to review)
        refusal = landlord_refusal(draft.stage, self.households[household_id][2])
        if refusal:
            found.append(refusal)
        if found and strict:
            raise BusinessError(" ".join(found))
        reasons += found
        reasons += check_warnings(before, draft.stage, fields, rulebook=rulebook)
        event = instance(
            Event,
            procedure=procedure,
            stage=draft.stage,
            date=draft.date,
            debt_amount=draft.debt_amount,
            hearing_date=draft.hearing_date,
            decision=draft.decision,
            contradictoire=draft.contradictoire,
            grace_months=draft.grace_months,
            served_on=draft.served_on,
            cfp_decision=draft.cfp_decision,
            payment_months=draft.payment_months,
            instalment_amount=draft.instalment_amount,
            first_instalment_on=draft.first_instalment_on,
            pending_review=bool(reasons) and self.channel in REVIEWED_CHANNELS,
            notes=draft.notes,
            source_id=draft.source_id,
            reference=draft.reference,
            flagged=flag_text(reasons),
            recorded_by_id=self.user_id,
            recorded_for_id=self.recorded_for_id,
            channel=self.channel,
        )
        self._sender(draft)
        events.append(event)
        self._touch(procedure)
        self.new_events.append(event)
        return ActResult(event=event, reasons=reasons, opened=opened)

    def _sender(self, draft: ActDraft) -> None:
        """Note the act's sender, and whether the household's open procedure already
        had an act from it (what an access rule may grant on)."""
        if draft.source_id is None:
            return
        household_id = draft.household_id
        self.senders[draft.source_id].add(household_id)
        procedure = self.open_procedure(household_id)
        if procedure is not None and any(
            e.pk is not None and e.source_id == draft.source_id for e in self.events[id(procedure)]
        ):
            self.served[draft.source_id].add(household_id)

    def close(self, procedure: Procedure, *, outcome: str, closed_on: datetime.date) -> None:
        """Close ``procedure`` with its outcome, as ``procedure_close`` checks it."""
        if outcome not in Outcome.values:
            raise BusinessError(f"Issue inconnue : « {outcome} ».")
        if procedure.closed_on is not None:
            raise BusinessError(f"Cette procédure est déjà clôturée (le {d(procedure.closed_on)}).")
        if closed_on > self.today:
            raise BusinessError(
                f"La date de clôture ({d(closed_on)}) est dans le futur : seuls les actes "
                "déjà délivrés s'enregistrent."
            )
        if closed_on < procedure.opened_on:
            raise BusinessError(
                f"La date de clôture ({d(closed_on)}) est antérieure à l'ouverture de la "
                f"procédure ({d(procedure.opened_on)})."
            )
        events = sorted_events(self.events[id(procedure)])
        if events and closed_on < events[-1].date:
            last = events[-1]
            raise BusinessError(
                f"La date de clôture ({d(closed_on)}) est antérieure au dernier acte "
                f"enregistré ({SHORT[last.stage]} du {d(last.date)})."
            )
        if outcome == Outcome.EXPULSION and not any(e.stage == Stage.EXPULSION for e in events):
            raise BusinessError(
                "Une procédure ne peut être clôturée pour expulsion que si l'expulsion "
                "réalisée est enregistrée : ajoutez d'abord l'acte « Expulsion réalisée »."
            )
        procedure.closed_on, procedure.outcome = closed_on, outcome
        procedure.closed_by_id = self.user_id
        self.closing = True
        self.closed.append(procedure)
        self._touch(procedure)

    def _touch(self, procedure: Procedure) -> None:
        self.dirty[id(procedure)] = procedure
        if procedure.pk is not None:
            self.changed[procedure.pk] = procedure

    # ----------------------------------------------------------------- writing

    def flush(
        self, *, involve_senders: bool = False, created_ids: set[int] = frozenset()
    ) -> set[tuple[int, int]]:
        """Write what was recorded and its history (one insert); with
        ``involve_senders``, each act's sender becomes involved in the household
        (``sender_involvements_add``: the access policy decides on existing files).
        Returns the (sender, household) pairs left pending an access decision."""
        for procedure in self.dirty.values():
            refresh_procedure_fields(
                procedure,
                self.events[id(procedure)],
                self.rulebook(procedure.departement_id),
                self.today,
                context=self.context(procedure),
            )
        fields = DENORMALISED + (CLOSING if self.closing else [])
        bulk_update_cases(Procedure, list(self.changed.values()), fields)
        insert_objects(Procedure, self.new_procedures)
        for procedure in self.new_procedures:
            self.by_pk[procedure.pk] = procedure
        insert_objects(Event, self.new_events)
        self._log()
        # The assignation, the CQL and the RFP go to the préfet by law: involved at once.
        addressee_involvements_add(
            acts=[(e.procedure.household_id, e.stage) for e in self.new_events],
            starts_on=self.today,
            by=self.by,
        )
        pending: set[tuple[int, int]] = set()
        if involve_senders and self.senders:
            organisations = Organisation.objects.in_bulk(list(self.senders))
            for pk, household_ids in sorted(self.senders.items()):
                done = sender_involvements_add(
                    organisation=organisations[pk], reason=InvolvementReason.ACTE,
                    household_ids=household_ids, created_ids=set(created_ids),
                    starts_on=self.today, by=self.by, served_ids=self.served[pk],
                )  # fmt: skip
                pending |= {(pk, household_id) for household_id in done.pending}
        self.new_procedures, self.changed, self.new_events = [], {}, []
        self.dirty, self.closing, self.senders = {}, False, defaultdict(set)
        self.served, self.closed = defaultdict(set), []
        return pending

    def _log(self) -> None:
        """The history of what was written: procedures opened, acts, procedures closed."""
        sources = Organisation.objects.in_bulk(
            {e.source_id for e in self.new_events if e.source_id is not None}
        )
        entries = [
            history.procedure_opened_entry(procedure=p, by=self.by) for p in self.new_procedures
        ]
        for event in self.new_events:
            if event.source_id is not None:
                event.source = sources[event.source_id]
            entries.append(
                history.event_recorded_entry(
                    event=event, household_id=event.procedure.household_id, by=self.by
                )
            )
        entries += [history.procedure_closed_entry(procedure=p, by=self.by) for p in self.closed]
        if audit.channel_in_force() is None:
            channel = WRITE_CHANNELS.get(self.channel, WriteChannel.FORM)
            entries = [replace(entry, channel=channel) for entry in entries]
        audit.log_writes_many(entries)
