"""Valid rows become households, procedures and acts — in memory first, then in bulk.

The same rules as ``prevex.procedures.services`` (``procedure_open`` and
``event_record`` with ``strict=False``) and ``prevex.households.services``
(``household_create``, ``involvement_add``), applied to a whole chunk of rows: the
households concerned are loaded (and their procedures locked) in a few queries, every
act is checked by ``prevex.procedures.stages.check_event`` against the acts before it
and recorded with the reasons in ``Event.flagged``, the denormalised procedure fields
come from ``refresh_procedure_fields``, and everything is written with ``bulk_create``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from prevex.access.gate import involved_household_ids, organisation_is_secretariat
from prevex.access.models import InvolvementRequest
from prevex.access.policy import access_rules, requested_household_ids, sender_access
from prevex.accounts.models import Membership, Organisation, OrganisationType
from prevex.households.models import (
    Composition,
    ContactChannel,
    ContactKind,
    Household,
    Involvement,
    InvolvementReason,
    LandlordType,
    Member,
    MemberRole,
    Parc,
)
from prevex.households.services import compute_search_text, next_references
from prevex.matching.keys import household_key_values
from prevex.matching.models import HouseholdKey
from prevex.procedures.deadlines import refresh_procedure_fields, sorted_events
from prevex.procedures.models import Event, Ground, Procedure
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import DENORMALISED, FLAG_LENGTH
from prevex.procedures.stages import check_event, check_warnings

from .sql import bulk_update_cases, insert_objects, insert_values

ID_CHUNK = 5000


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def flag_text(reasons: list[str]) -> str:
    text = " ".join(reasons)
    return text if len(text) <= FLAG_LENGTH else text[: FLAG_LENGTH - 1] + "…"


def _chunks(ids: list[int]):
    for start in range(0, len(ids), ID_CHUNK):
        yield ids[start : start + ID_CHUNK]


@dataclass
class HouseholdState:
    """A household's procedures and acts as this chunk sees them (DB + new ones)."""

    household: Household | None  # set for households created in this chunk
    household_id: int | None
    procedures: list[Procedure] = field(default_factory=list)
    events: dict[int, list[Event]] = field(default_factory=lambda: defaultdict(list))
    contacts: set[tuple[str, str]] = field(default_factory=set)
    involved: bool = False
    landlord_id: int | None = None
    requested: bool = False  # the sender already asked for this file (access request)

    @property
    def open_procedure(self) -> Procedure | None:
        for procedure in self.procedures:
            if procedure.closed_on is None:
                return procedure
        return None

    def events_of(self, procedure: Procedure) -> list[Event]:
        return self.events[id(procedure)]


class Writer:
    """Collects new and changed objects of one chunk and writes them in bulk."""

    def __init__(self, *, source: Organisation, by: Membership | None, rulebook: RuleBook, today):
        self.source = source
        self.by = by
        self.user_id = by.user_id if by is not None else None
        self.rulebook = rulebook
        self.today = today
        self.states: dict[int, HouseholdState] = {}
        self.new_households: list[tuple[Household, list[Member]]] = []
        self.new_states: list[HouseholdState] = []
        self.new_contacts: list[ContactChannel] = []
        self.new_involvements: list[Involvement] = []
        self.new_requests: list[InvolvementRequest] = []
        self.access_rules = access_rules(source.departement_id)
        self.new_procedures: list[Procedure] = []
        self.changed_procedures: dict[int, Procedure] = {}
        self.new_events: list[Event] = []
        self.dirty: dict[int, tuple[Procedure, list[Event]]] = {}

    # ----------------------------------------------------------------- loading

    def load(self, household_ids: set[int]) -> None:
        """Load (and lock) the procedures, acts, contacts and involvements of households."""
        ids = sorted(pk for pk in household_ids if pk not in self.states)
        for pk in ids:
            self.states[pk] = HouseholdState(household=None, household_id=pk)
        for chunk in _chunks(ids):
            procedures = list(
                Procedure.objects.select_for_update()
                .filter(household_id__in=chunk)
                .order_by("household_id", "opened_on", "id")
            )
            by_pk = {}
            for procedure in procedures:
                self.states[procedure.household_id].procedures.append(procedure)
                by_pk[procedure.pk] = procedure
            for event in Event.objects.filter(procedure_id__in=list(by_pk)).order_by(
                "procedure_id", "date", "id"
            ):
                procedure = by_pk[event.procedure_id]
                event.procedure = procedure
                self.states[procedure.household_id].events_of(procedure).append(event)
            for household_id, kind, value in ContactChannel.objects.filter(
                household_id__in=chunk
            ).values_list("household_id", "kind", "value"):
                self.states[household_id].contacts.add((kind, _contact_key(kind, value)))
            involved = involved_household_ids(organisation_id=self.source.pk, household_ids=chunk)
            requested = requested_household_ids(organisation_id=self.source.pk, household_ids=chunk)
            for household_id, landlord_id in (
                Household.objects.filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "landlord_id")
            ):
                state = self.states[household_id]
                state.landlord_id = landlord_id
                state.involved = household_id in involved
                state.requested = household_id in requested

    # ----------------------------------------------------------------- households

    def new_household(self, data: dict) -> HouseholdState:
        """A household built from a row (``household_create``'s rules, not yet saved)."""
        source = self.source
        landlord = source if source.is_landlord else None
        landlord_type = data["bailleur_type"] or (
            LandlordType.BAILLEUR_SOCIAL if source.type == OrganisationType.BAILLEUR_SOCIAL else ""
        )
        parc = data["parc"] or (
            Parc.SOCIAL if landlord_type == LandlordType.BAILLEUR_SOCIAL else Parc.PRIVE
        )
        household = Household(
            departement_id=data["departement"],
            composition=Composition.AUTRE,
            address=data["adresse"],
            postal_code=data["code_postal"],
            commune_id=data["code_commune"],
            parc=parc,
            rent=data["loyer_mensuel"] if data["loyer_mensuel"] is not None else Decimal("0"),
            charges=data["charges_mensuelles"] or Decimal("0"),
            landlord=landlord,
            landlord_name=data["bailleur_nom"] or (landlord.name if landlord else ""),
            landlord_type=landlord_type,
            created_by_id=self.user_id,
        )
        members = [
            Member(
                role=MemberRole.TITULAIRE,
                last_name=data["locataire_nom"],
                first_name=data["locataire_prenom"],
                birth_date=data["locataire_date_naissance"],
            )
        ]
        if data["cotitulaire_nom"]:
            members.append(
                Member(
                    role=MemberRole.COTITULAIRE,
                    last_name=data["cotitulaire_nom"],
                    first_name=data["cotitulaire_prenom"],
                )
            )
        household.search_text = compute_search_text(
            members=members, address=household.address, commune_name=data["commune"]
        )
        self.new_households.append((household, members))
        state = HouseholdState(household=household, household_id=None)
        self.new_states.append(state)
        if landlord is not None:
            self.new_involvements.append(
                Involvement(
                    household=household,
                    organisation=landlord,
                    reason=InvolvementReason.BAILLEUR,
                    starts_on=self.today,
                    created_by_id=self.user_id,
                )
            )
        return state

    def touch(self, state: HouseholdState, data: dict) -> bool:
        """The source's access to the file, then new phone or e-mail are kept.

        A household created by this import involves its sender (reason ACTE). On an
        existing file the access gate decides (``sender_access``): involved already,
        granted by a rule, or pending (an access request; returns True: the sender gets
        nothing to read until the secretariat confirms).
        """
        pending = False
        if not state.involved and not organisation_is_secretariat(self.source):
            access = sender_access(
                organisation=self.source,
                landlord_id=state.landlord_id,
                served_open_procedure=self._served(state),
                involved=False,
                requested=state.requested,
                rules=self.access_rules,
            )
            if state.household is not None or access.sees:
                state.involved = True
                self.new_involvements.append(
                    Involvement(
                        **_household_of(state),
                        organisation=self.source,
                        reason=access.reason or InvolvementReason.ACTE,
                        starts_on=self.today,
                        created_by_id=self.user_id,
                    )
                )
            else:
                pending = True
                if not state.requested:
                    state.requested = True
                    self.new_requests.append(
                        InvolvementRequest(
                            household_id=state.household_id,
                            organisation=self.source,
                            departement_id=self.source.departement_id,
                            requested_on=self.today,
                        )
                    )
        for kind, column in ((ContactKind.TELEPHONE, "telephone"), (ContactKind.EMAIL, "email")):
            value = data.get(column) or ""
            key = (kind.value, _contact_key(kind, value))
            if value and key not in state.contacts:
                state.contacts.add(key)
                self.new_contacts.append(
                    ContactChannel(
                        **_household_of(state),
                        kind=kind,
                        value=value,
                    )
                )
        return pending

    def _served(self, state: HouseholdState) -> bool:
        """The source sent an act (already stored) of the household's open procedure."""
        procedure = state.open_procedure
        return procedure is not None and any(
            e.pk is not None and e.source_id == self.source.pk for e in state.events_of(procedure)
        )

    # ----------------------------------------------------------------- acts

    def same_act(self, state: HouseholdState, data: dict) -> Event | None:
        """An act of the same sender, type and date already known for this household."""
        for procedure in state.procedures:
            for event in state.events_of(procedure):
                if (
                    event.source_id == self.source.pk
                    and event.stage == data["type_acte"]
                    and event.date == data["date_acte"]
                ):
                    return event
        return None

    def record_act(self, state: HouseholdState, data: dict, *, explicit_ground: bool):
        """Record the act on the open procedure, or open one; returns (event, reasons)."""
        procedure = state.open_procedure
        reasons: list[str] = []
        if procedure is None:
            procedure = Procedure(
                **_household_of(state),
                departement_id=self.source.departement_id,
                ground=data["motif"],
                opened_on=data["date_acte"],
                stage=data["type_acte"],
                stage_date=data["date_acte"],
            )
            state.procedures.append(procedure)
            self.new_procedures.append(procedure)
        elif explicit_ground and data["motif"] != procedure.ground:
            reasons.append(
                f"Motif de l'acte ({Ground(data['motif']).label.lower()}) différent de celui de "
                f"la procédure en cours ({Ground(procedure.ground).label.lower()})."
            )
        events = state.events_of(procedure)
        before = sorted_events(events)
        fields = {
            "date": data["date_acte"],
            "hearing_date": data["date_audience"],
            "decision": data["decision"],
            "contradictoire": data["contradictoire"],
            "grace_months": None,
            "cfp_decision": data["cfp_decision"],
        }
        reasons += check_event(
            before, data["type_acte"], fields, ground=procedure.ground, rulebook=self.rulebook
        )
        reasons += check_warnings(before, data["type_acte"], fields, rulebook=self.rulebook)
        event = Event(
            procedure=procedure,
            stage=data["type_acte"],
            date=data["date_acte"],
            debt_amount=data["montant_dette"],
            hearing_date=data["date_audience"],
            decision=data["decision"],
            contradictoire=data["contradictoire"],
            cfp_decision=data["cfp_decision"],
            notes=data["observations"],
            source=self.source,
            reference=data["reference_acte"],
            flagged=flag_text(reasons),
            recorded_by_id=self.user_id,
        )
        events.append(event)
        self.dirty[id(procedure)] = (procedure, events)  # refreshed once, at flush
        if procedure.pk is not None:
            self.changed_procedures[procedure.pk] = procedure
        self.new_events.append(event)
        return event, reasons

    # ----------------------------------------------------------------- writing

    def flush(self) -> list[int]:
        """Write everything collected; returns the ids of the households created."""
        households = [h for h, _ in self.new_households]
        if households:
            numbers = next_references(self.source.departement_id, len(households), self.today)
            for household, reference in zip(households, numbers, strict=True):
                household.reference = reference
        for procedure, events in self.dirty.values():
            refresh_procedure_fields(procedure, events, self.rulebook, self.today)
        self.dirty = {}
        insert_objects(Household, households)
        members = []
        for household, rows in self.new_households:
            for member in rows:
                member.household = household
                members.append(member)
        insert_objects(Member, members)
        insert_objects(ContactChannel, self.new_contacts)
        insert_objects(Involvement, self.new_involvements)
        insert_objects(InvolvementRequest, self.new_requests)
        insert_objects(Procedure, self.new_procedures)
        bulk_update_cases(Procedure, list(self.changed_procedures.values()), DENORMALISED)
        insert_objects(Event, self.new_events)
        self._keys()
        for state in self.new_states:
            state.household_id = state.household.pk
            self.states[state.household_id] = state
        created = [h.pk for h in households]
        self.new_households, self.new_states = [], []
        self.new_contacts, self.new_involvements, self.new_requests = [], [], []
        self.new_procedures, self.changed_procedures, self.new_events = [], {}, []
        return created

    def _keys(self) -> None:
        """Blocking keys of the new households: what ``household_keys_bulk_refresh``
        computes (``household_key_values`` of the holders and dwelling), from the rows
        in memory instead of reading them back (tests/intake check both agree)."""
        rows = []
        for household, members in self.new_households:
            holders = [(m.last_name, m.first_name, m.birth_date) for m in members]
            values = household_key_values(
                holders=holders, address=household.address, postal_code=household.postal_code
            )
            rows.extend(
                {
                    "household_id": household.pk,
                    "departement_id": household.departement_id,
                    "kind": kind,
                    "value": value,
                }
                for kind, value in sorted(values)
            )
        insert_values(HouseholdKey, rows)


def _household_of(state: HouseholdState) -> dict:
    """The household of a new object: the instance when created in this chunk (saved
    later), else its id."""
    if state.household is not None:
        return {"household": state.household}
    return {"household_id": state.household_id}


def _contact_key(kind: str, value: str) -> str:
    if kind == ContactKind.TELEPHONE:
        digits = "".join(c for c in value if c.isdigit())
        return digits[-9:]
    return (value or "").strip().lower()
