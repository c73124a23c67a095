"""Valid rows become households, procedures and acts — through the owning apps' bulk
services, never written here.

A chunk's rows are turned into drafts (``household_draft``, ``act_draft``); at the end
of each pass the ``Attacher`` writes them with ``household_create_many`` (new
households: reference, members, search text, matching keys, the landlord's
involvement) and ``event_record_many`` (acts on the open procedure or opening one,
checked and flagged, duplicates of known acts recognised, the sender involved, the
denormalised fields), then adds the rows' phone numbers and e-mails with
``contacts_add_many``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prevex.accounts.models import Membership, Organisation, OrganisationType
from prevex.audit.models import WriteChannel
from prevex.audit.services import channel_in_force as audit_channel_in_force
from prevex.audit.services import write_channel
from prevex.core.names import surname_as_kept, without_civility
from prevex.households.models import Composition, ContactKind, LandlordType, MemberRole, Parc
from prevex.households.services import HouseholdDraft, contacts_add_many, household_create_many
from prevex.procedures.models import Channel
from prevex.procedures.services import ActDraft, ActResult, event_record_many

CONTACT_COLUMNS = ((ContactKind.TELEPHONE, "telephone"), (ContactKind.EMAIL, "email"))


def household_draft(data: dict, source: Organisation) -> HouseholdDraft:
    """The household of a row (the sender is its landlord when it is one). Its people are
    named as the row names them, without the civilities (« Madame », « M. et Mme »), which
    are no part of a name; « veuve … née … » is kept."""
    landlord = source if source.is_landlord else None
    landlord_type = data["bailleur_type"] or (
        LandlordType.BAILLEUR_SOCIAL if source.type == OrganisationType.BAILLEUR_SOCIAL else ""
    )
    parc = data["parc"] or (
        Parc.SOCIAL if landlord_type == LandlordType.BAILLEUR_SOCIAL else Parc.PRIVE
    )
    members = [
        {
            "role": MemberRole.TITULAIRE,
            "last_name": surname_as_kept(data["locataire_nom"], data["locataire_prenom"]),
            "first_name": without_civility(data["locataire_prenom"]),
            "birth_date": data["locataire_date_naissance"],
        }
    ]
    if data["cotitulaire_nom"]:
        members.append(
            {
                "role": MemberRole.COTITULAIRE,
                "last_name": surname_as_kept(data["cotitulaire_nom"], data["cotitulaire_prenom"]),
                "first_name": without_civility(data["cotitulaire_prenom"]),
            }
        )
    return HouseholdDraft(
        departement=data["departement"] or source.departement_id,
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
        lease_date=data.get("date_bail"),
        members=members,
    )


def act_draft(data: dict, source: Organisation, *, explicit_ground: bool) -> ActDraft:
    return ActDraft(
        stage=data["type_acte"],
        date=data["date_acte"],
        ground=data["motif"],
        explicit_ground=explicit_ground,
        debt_amount=data["montant_dette"],
        hearing_date=data["date_audience"],
        decision=data["decision"],
        contradictoire=data["contradictoire"],
        served_on=data.get("date_signification"),
        cfp_decision=data["cfp_decision"],
        notes=data["observations"],
        source_id=source.pk,
        reference=data["reference_acte"],
    )


def row_contacts(household_id: int, data: dict) -> list[tuple[int, str, str]]:
    return [
        (household_id, kind.value, data.get(column) or "")
        for kind, column in CONTACT_COLUMNS
        if data.get(column)
    ]


@dataclass
class Pending:
    """A row waiting for its household (an id, or a draft created at flush) and act."""

    data: dict
    household_id: int | None
    draft: HouseholdDraft | None
    act: ActDraft
    outcome: object = None  # the caller's own data (row, match result…)
    result: ActResult | None = None
    contacts_added: bool = False
    # (column, French reason): nothing of the row is written (what the row adds to a
    # known act, refused by the caller's ``hold``)
    refusal: tuple[str, str] | None = None

    @property
    def held(self) -> bool:
        """The service recorded nothing of the row (``ActResult.refused``: a landlord's
        act on a file not its tenant's): it waits for the secretariat, no contact added."""
        return bool(self.result is not None and self.result.refused)

    @property
    def target_id(self) -> int:
        return self.household_id if self.household_id is not None else self.draft.household.pk


class Attacher:
    """Collects the rows of one pass and writes them through the services."""

    def __init__(self, *, source: Organisation, by: Membership | None, channel: str):
        self.source, self.by = source, by
        self.channel = Channel.API if channel == "API" else Channel.IMPORT
        self.pending: list[Pending] = []
        self.drafts: list[HouseholdDraft] = []

    def new_household(self, data: dict) -> HouseholdDraft:
        draft = household_draft(data, self.source)
        self.drafts.append(draft)
        return draft

    def add(self, data: dict, *, household_id=None, draft=None, explicit_ground: bool, outcome):
        item = Pending(
            data=data,
            household_id=household_id,
            draft=draft,
            act=act_draft(data, self.source, explicit_ground=explicit_ground),
            outcome=outcome,
        )
        self.pending.append(item)
        return item

    def flush(self, hold=None) -> list[Pending]:
        """Write the households, the acts and the contacts (the write history says
        « import » or « API »); returns the rows attached, each with its ``result`` (the
        act, or the known act it repeats). ``hold``: Pending → (column, reason) refusing
        the row after its act's result (passed here, not kept: the caller's bound method
        would make a reference cycle that only the collector frees)."""
        channel = WriteChannel.API if self.channel == Channel.API else WriteChannel.IMPORT
        with write_channel(audit_channel_in_force() or channel):
            return self._flush(hold)

    def _flush(self, hold) -> list[Pending]:
        household_create_many(by=self.by, drafts=self.drafts)
        created = {d.household.pk for d in self.drafts}
        pending = self.pending
        for item in pending:
            item.act.household_id = item.target_id
        results = event_record_many(
            acts=[item.act for item in pending],
            by=self.by,
            channel=self.channel,
            recorded_for=self.source,
            strict=False,
            involve_senders=True,
            created_ids=created,
        )
        contacts = []
        for item, result in zip(pending, results, strict=True):
            item.result = result
            if not item.held and hold is not None:
                item.refusal = hold(item)
            if not item.held and item.refusal is None:
                contacts += row_contacts(item.target_id, item.data)
        added = {pk for pk, _, _ in contacts_add_many(by=self.by, contacts=contacts)}
        for item in pending:
            item.contacts_added = item.target_id in added
        self.pending, self.drafts = [], []
        return pending
