"""Writes on household files. One transaction each; the acting membership is recorded.

The one write path of the household aggregate: a household, its members, contacts,
vulnerabilities, reference, search text and matching keys are written here and in the
modules it re-exports (``household_create``/``household_create_many``,
``household_update`` here; ``household_members_change``, ``contacts_add_many``,
``household_derived_refresh`` in members.py; the social evaluation's versions and
vulnerabilities in evaluations.py; merges and copies in prevex/households/merging.py).
Involvements are the access app's (``involvement_add``, ``involvement_add_many``,
``sender_involvements_add``: the access policy decides for a sender), re-exported here.
Every write goes to the history of writes (``audit.services.log_write(s_many)``). The
bulk forms write with prevex/core/sql.py (COPY on PostgreSQL).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prevex.access.bulk import (  # noqa: F401 (re-exported: the access app writes them)
    SenderInvolvements,
    involvement_add_many,
    sender_involvements_add,
)
from prevex.access.groups import FieldGroup
from prevex.access.services import involvement_add  # noqa: F401 (re-exported)
from prevex.accounts.models import LANDLORD_TYPES, Membership, Organisation
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.dates import french_date
from prevex.core.errors import BusinessError
from prevex.core.household_facts import FACTS, facts_changed
from prevex.core.locks import departement_lock
from prevex.core.models import Commune
from prevex.core.sql import insert_objects, insert_values, instance

from . import history
from .common import (  # noqa: F401 (re-exported)
    check_amounts,
    check_members,
    compute_search_text,
    require,
)
from .evaluations import (  # noqa: F401 (re-exported)
    _social_version,
    household_social_update,
    vulnerability_add,
)
from .keys import key_rows
from .members import (  # noqa: F401 (re-exported)
    contact_key,
    contacts_add_many,
    household_derived_refresh,
    household_members_change,
    keys_write,
    members_from_names,
)
from .models import (
    Composition,
    ContactChannel,
    Household,
    HouseholdKey,
    InvolvementReason,
    Member,
    SocialEvaluation,
    Vulnerability,
)
from .moves import household_address_complete_many, household_move  # noqa: F401 (re-exported)
from .retention import (  # noqa: F401 (re-exported: other apps refuse writes into anonymised files)
    ANONYMISED,
    anonymised_among,
    anonymised_filter,
    refuse_anonymised,
)


def next_references(departement_id: str, count: int, today: datetime.date) -> list[str]:
    """``count`` new household references (``93-2026-000042``), after the year's last one.

    Takes the département's reference lock until the end of the transaction, so that two
    writers (a form and an import, say) never compute the same number.
    """
    departement_lock("household-reference", departement_id)
    prefix = f"{departement_id}-{today.year}-"
    start = last_reference_number(prefix)
    return [f"{prefix}{start + i:06d}" for i in range(1, count + 1)]


def last_reference_number(prefix: str) -> int:
    """The number of the last household reference starting with ``prefix`` (0 if none)."""
    last = (
        Household.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return int(last.rsplit("-", 1)[1]) if last else 0


EARLIEST_LEASE = datetime.date(1900, 1, 1)


def check_lease_date(day: datetime.date) -> None:
    """A lease date is in the past (or today) and plausible; French message otherwise."""
    from prevex.core import clock

    if day > clock.today():
        raise BusinessError(
            f"La date du bail ({french_date(day)}) est dans le futur : indiquez la date de "
            "conclusion ou du dernier renouvellement du bail."
        )
    if day < EARLIEST_LEASE:
        raise BusinessError(f"Date du bail invraisemblable ({french_date(day)}).")


@dataclass(kw_only=True)
class HouseholdDraft:
    """A household to create, with its members, contacts and vulnerabilities.

    ``reported_by``: the organisation that reports it, involved as « a signalé le
    ménage » (``sender_involvements_add``); ``None`` when the household comes with a
    sender's act, whose involvement the act service grants.
    """

    departement: str
    address: str
    postal_code: str
    commune_id: str
    parc: str
    rent: Decimal
    members: list[dict]
    composition: str = Composition.AUTRE
    charges: Decimal = Decimal("0")
    address_complement: str = ""
    landlord: Organisation | None = None
    landlord_name: str = ""
    landlord_type: str = ""
    monthly_resources: Decimal | None = None
    resources_note: str = ""
    informed_on: datetime.date | None = None
    informed_channel: str = ""
    lease_date: datetime.date | None = None
    reference: str | None = None
    contacts: list[dict] = field(default_factory=list)
    vulnerabilities: list[dict] = field(default_factory=list)
    reported_by: Organisation | None = None
    landlord_since: datetime.date | None = None  # start of the landlord's involvement
    household: Household | None = None  # set once created


def _check_draft(draft: HouseholdDraft, by: Membership | None, communes: dict) -> str:
    """The refusals of ``household_create``; returns the commune's name."""
    departement = draft.departement
    commune = communes.get(draft.commune_id)
    if commune is None:
        raise BusinessError(f"Commune inconnue : « {draft.commune_id} ».")
    name, commune_departement = commune
    if commune_departement != departement:
        raise BusinessError(f"La commune {name} n'appartient pas au département {departement}.")
    if by is not None and by.organisation.departement_id != departement:
        raise BusinessError("Vous ne pouvez créer un dossier que dans votre département.")
    if draft.landlord is not None and draft.landlord.type not in LANDLORD_TYPES:
        raise BusinessError("L'organisation désignée comme bailleur n'est pas un bailleur.")
    for organisation in (draft.landlord, draft.reported_by):
        if organisation is not None and organisation.departement_id != departement:
            raise BusinessError(
                "Une organisation d'un autre département ne peut pas être impliquée dans "
                "ce dossier."
            )
    check_amounts(rent=draft.rent, charges=draft.charges, monthly_resources=draft.monthly_resources)
    check_members(draft.members)
    return name


def _build(draft: HouseholdDraft, commune_name: str, by: Membership | None, today):
    landlord = draft.landlord
    household = instance(
        Household,
        departement_id=draft.departement,
        reference=draft.reference or "",
        composition=draft.composition,
        address=draft.address.strip(),
        address_complement=draft.address_complement.strip(),
        postal_code=draft.postal_code,
        commune_id=draft.commune_id,
        parc=draft.parc,
        rent=draft.rent,
        charges=draft.charges,
        landlord=landlord,
        landlord_name=draft.landlord_name or (landlord.name if landlord else ""),
        landlord_type=draft.landlord_type,
        monthly_resources=draft.monthly_resources,
        resources_note=draft.resources_note,
        informed_on=draft.informed_on,
        informed_channel=draft.informed_channel,
        lease_date=draft.lease_date,
        created_by_id=by.user_id if by else None,
    )
    members = [
        instance(
            Member,
            household=household,
            role=m["role"],
            last_name=m["last_name"].strip(),
            first_name=m["first_name"].strip(),
            birth_date=m.get("birth_date"),
        )
        for m in draft.members
    ]
    household.search_text = compute_search_text(  # members as read back: by role, then id
        members=sorted(members, key=lambda m: m.role),
        address=household.address,
        commune_name=commune_name,
    )
    contacts = [
        ContactChannel(household=household, kind=c["kind"], value=c["value"])
        for c in draft.contacts
    ]
    vulnerabilities = [
        Vulnerability(
            household=household,
            kind=v["kind"],
            note=v.get("note", ""),
            recorded_on=v.get("recorded_on") or today,
        )
        for v in draft.vulnerabilities
    ]
    return household, members, contacts, vulnerabilities


@transaction.atomic
def household_create_many(
    *, by: Membership | None, drafts: list[HouseholdDraft]
) -> list[Household]:
    """Create households in bulk — THE write path of a new household, whoever calls it
    (form, import, API, review queue, corrections, demo, generator): the same checks,
    reference, search text, members, contacts, vulnerabilities, the landlord's and the
    reporter's involvements, and the matching keys. Returns the households, in order
    (each also set on its draft)."""
    if not drafts:
        return []
    today = clock.today()
    # One query for the batch's communes; each new household keeps its commune cached
    # (its history entries read the name: no query per household).
    objects = Commune.objects.in_bulk({d.commune_id for d in drafts})
    communes = {insee: (c.name, c.departement_id) for insee, c in objects.items()}
    built = []
    for draft in drafts:
        name = _check_draft(draft, by, communes)
        built.append(_build(draft, name, by, today))
        built[-1][0].commune = objects[draft.commune_id]
    missing: dict[str, list[Household]] = defaultdict(list)
    for household, *_ in built:
        if not household.reference:
            missing[household.departement_id].append(household)
    for departement, households in sorted(missing.items()):
        for household, reference in zip(
            households, next_references(departement, len(households), today), strict=True
        ):
            household.reference = reference
    households = [b[0] for b in built]
    insert_objects(Household, households)
    insert_objects(Member, [m for b in built for m in b[1]])
    insert_objects(ContactChannel, [c for b in built for c in b[2]])
    insert_objects(Vulnerability, [v for b in built for v in b[3]])
    insert_values(HouseholdKey, [row for h, members, *_ in built for row in key_rows(h, members)])
    landlords = []
    reporters: dict[int, list[int]] = defaultdict(list)
    organisations = {}
    for draft, household in zip(drafts, households, strict=True):
        draft.household = household
        if draft.landlord is not None:
            since = draft.landlord_since or today
            landlords.append((household.pk, draft.landlord, InvolvementReason.BAILLEUR, since))
        if draft.reported_by is not None:
            organisations[draft.reported_by.pk] = draft.reported_by
            reporters[draft.reported_by.pk].append(household.pk)
    entries = []
    for household, members, contacts, vulnerabilities in built:
        entries += history.household_created_entries(
            household=household,
            members=members,
            contacts=contacts,
            vulnerabilities=vulnerabilities,
            by=by,
        )
    audit.log_writes_many(entries)
    _social_versions_many(drafts, by)
    involvement_add_many(by=by, involvements=landlords)
    for pk, ids in reporters.items():
        sender_involvements_add(
            organisation=organisations[pk], reason=InvolvementReason.SIGNALEMENT,
            household_ids=ids, created_ids=set(ids), starts_on=today, by=by,
        )  # fmt: skip
    return households


def _social_versions_many(drafts: list[HouseholdDraft], by: Membership | None) -> None:
    """The first version of the social evaluation of the new households given resources
    (one insert, and its history)."""
    now = timezone.now()
    versions = [
        SocialEvaluation(
            household=d.household,
            text="",
            monthly_resources=d.monthly_resources,
            resources_note=d.resources_note.strip(),
            written_at=now,
            written_by_id=by.user_id if by is not None else None,
            organisation_id=by.organisation_id if by is not None else None,
        )
        for d in drafts
        if d.monthly_resources is not None or d.resources_note.strip()
    ]
    insert_objects(SocialEvaluation, versions)
    audit.log_writes_many(
        history.social_evaluation_entry(evaluation=v, previous=None, by=by) for v in versions
    )


@transaction.atomic
def household_create(
    *,
    by: Membership | None,
    departement: str,
    address: str,
    postal_code: str,
    commune: Commune,
    parc: str,
    rent: Decimal,
    members: list[dict],
    composition: str = Composition.AUTRE,
    charges: Decimal = Decimal("0"),
    address_complement: str = "",
    landlord: Organisation | None = None,
    landlord_name: str = "",
    landlord_type: str = "",
    monthly_resources: Decimal | None = None,
    resources_note: str = "",
    contacts: list[dict] = (),
    vulnerabilities: list[dict] = (),
    informed_on: datetime.date | None = None,
    informed_channel: str = "",
    lease_date: datetime.date | None = None,
    reference: str | None = None,
) -> Household:
    """Create a household file (``household_create_many`` with one draft); the acting
    organisation becomes involved (it reported it)."""
    draft = HouseholdDraft(
        departement=departement,
        composition=composition,
        address=address,
        postal_code=postal_code,
        commune_id=commune.pk,
        parc=parc,
        rent=rent,
        charges=charges,
        address_complement=address_complement,
        landlord=landlord,
        landlord_name=landlord_name,
        landlord_type=landlord_type,
        monthly_resources=monthly_resources,
        resources_note=resources_note,
        members=list(members),
        contacts=list(contacts),
        vulnerabilities=list(vulnerabilities),
        informed_on=informed_on,
        informed_channel=informed_channel,
        lease_date=lease_date,
        reference=reference,
        reported_by=by.organisation if by is not None else None,
    )
    household = household_create_many(by=by, drafts=[draft])[0]
    household.commune = commune
    return household


UPDATABLE_FIELDS = (
    "composition",
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "parc",
    "rent",
    "charges",
    "landlord_name",
    "landlord_type",
    "informed_on",
    "informed_channel",
    "lease_date",
)


@transaction.atomic
def household_update(*, household: Household, by: Membership, **changes) -> Household:
    require(by, household, FieldGroup.IDENTITY)
    refuse_anonymised(household.pk)
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise BusinessError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    commune = changes.get("commune", household.commune)
    if commune.departement_id != household.departement_id:
        raise BusinessError(
            f"La commune {commune.name} n'appartient pas au département du dossier."
        )
    check_amounts(rent=changes.get("rent"), charges=changes.get("charges"))
    if changes.get("lease_date") is not None:
        check_lease_date(changes["lease_date"])
    before = history.household_snapshot(household)
    facts = {n for n in changes if n in FACTS and getattr(household, n) != changes[n]}
    for name, value in changes.items():
        setattr(household, name, value)
    members = list(household.members.order_by("role", "id"))
    household.search_text = compute_search_text(
        members=members, address=household.address, commune_name=commune.name
    )
    household.save()
    keys_write(household, members)
    audit.log_writes_many(
        history.household_changed_entries(household=household, before=before, by=by)
    )
    facts_changed(household_id=household.pk, fields=facts)  # stored deadlines follow
    return household
