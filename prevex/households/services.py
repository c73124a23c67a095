"""Writes on household files. One transaction each; the acting membership is recorded.

The one write path of the household aggregate: a household, its members, contacts,
vulnerabilities, involvements, reference, search text and matching keys are written
here and nowhere else (``household_create``/``household_create_many``,
``household_update``, ``household_members_change``, ``contacts_add_many``,
``sender_involvements_add``; merges and copies in prevex/households/merging.py). The
bulk forms write with prevex/core/sql.py (COPY on PostgreSQL).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from prevex.accounts.models import LANDLORD_TYPES, Membership, Organisation, OrganisationType
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.locks import departement_lock
from prevex.core.models import Commune
from prevex.core.sql import insert_objects, insert_values
from prevex.core.text import fold

from .keys import ID_CHUNK, key_rows
from .models import (
    Composition,
    ContactChannel,
    ContactKind,
    Household,
    HouseholdKey,
    Involvement,
    InvolvementReason,
    Member,
    MemberRole,
    Vulnerability,
)


def compute_search_text(*, members: list[Member], address: str, commune_name: str) -> str:
    names = " ".join(f"{m.last_name} {m.first_name}" for m in members)
    return fold(f"{names} | {address} {commune_name}")


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


def _check_amounts(**amounts) -> None:
    labels = {"rent": "Le loyer", "charges": "Les charges", "monthly_resources": "Les ressources"}
    for name, value in amounts.items():
        if value is not None and Decimal(value) < 0:
            raise BusinessError(f"{labels[name]} ne peut pas être négatif.")


def _check_members(members: list[dict]) -> None:
    if not any(m.get("role") == MemberRole.TITULAIRE for m in members):
        raise BusinessError("Le ménage doit comporter un titulaire du bail.")
    today = clock.today()
    for m in members:
        if not (m.get("last_name") or "").strip() or not (m.get("first_name") or "").strip():
            raise BusinessError("Chaque membre du ménage doit avoir un nom et un prénom.")
        birth = m.get("birth_date")
        if birth and (birth > today or birth < datetime.date(1900, 1, 1)):
            raise BusinessError(
                f"Date de naissance impossible pour {m['first_name']} {m['last_name']} : "
                f"{birth:%d/%m/%Y}."
            )


def involvement_add(
    *,
    household: Household,
    organisation: Organisation,
    reason: str,
    starts_on: datetime.date,
    by: Membership | None,
    ends_on: datetime.date | None = None,
) -> Involvement:
    """Involve ``organisation`` in ``household`` for ``reason`` (designation by the
    secretariat, orientation, landlord…); an open involvement for the same reason is
    kept. A sender's involvement goes through ``sender_involvements_add``."""
    if organisation.departement_id != household.departement_id:
        raise BusinessError(
            "Une organisation d'un autre département ne peut pas être impliquée dans ce dossier."
        )
    existing = Involvement.objects.filter(
        household=household, organisation=organisation, reason=reason, ends_on__isnull=True
    ).first()
    if existing:
        return existing
    return Involvement.objects.create(
        household=household,
        organisation=organisation,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by.user if by else None,
    )


@transaction.atomic
def involvement_add_many(
    *, by: Membership | None, involvements: list[tuple[int, Organisation, str, datetime.date]]
) -> int:
    """The bulk form of ``involvement_add`` (demo loader, generator): (household id,
    organisation, reason, start) rows; an open involvement for the same organisation and
    reason is kept. Returns how many were added."""
    departements = dict(
        Household.objects.filter(pk__in={pk for pk, *_ in involvements}).values_list(
            "pk", "departement_id"
        )
    )
    ids = sorted(departements)
    known: set[tuple[int, int, str]] = set()
    for start in range(0, len(ids), ID_CHUNK):
        known.update(
            Involvement.objects.filter(
                household_id__in=ids[start : start + ID_CHUNK], ends_on__isnull=True
            ).values_list("household_id", "organisation_id", "reason")
        )
    rows = []
    user_id = by.user_id if by is not None else None
    for pk, organisation, reason, starts_on in involvements:
        if organisation.departement_id != departements.get(pk):
            raise BusinessError(
                "Une organisation d'un autre département ne peut pas être impliquée dans "
                "ce dossier."
            )
        if (pk, organisation.pk, reason) in known:
            continue
        known.add((pk, organisation.pk, reason))
        rows.append(
            {
                "household_id": pk,
                "organisation_id": organisation.pk,
                "reason": reason,
                "starts_on": starts_on,
                "ends_on": None,
                "created_by_id": user_id,
            }
        )
    insert_values(Involvement, rows)
    return len(rows)


def _involvements_insert(
    *,
    organisation: Organisation,
    reason: str,
    household_ids: Iterable[int],
    starts_on: datetime.date,
    by: Membership | None,
) -> list[int]:
    """Insert the open involvements of ``organisation`` for ``reason`` these households
    do not have yet (one query, one insert); returns the households now involved."""
    ids = sorted(set(household_ids))
    if not ids:
        return []
    known: set[int] = set()
    for start in range(0, len(ids), ID_CHUNK):
        known.update(
            Involvement.objects.filter(
                household_id__in=ids[start : start + ID_CHUNK],
                organisation=organisation,
                reason=reason,
                ends_on__isnull=True,
            ).values_list("household_id", flat=True)
        )
    new = [pk for pk in ids if pk not in known]
    user_id = by.user_id if by is not None else None
    insert_values(
        Involvement,
        [
            {
                "household_id": pk,
                "organisation_id": organisation.pk,
                "reason": reason,
                "starts_on": starts_on,
                "ends_on": None,
                "created_by_id": user_id,
            }
            for pk in new
        ],
    )
    return new


def sender_involvements_add(
    *,
    organisation: Organisation,
    reason: str,
    household_ids: Iterable[int],
    created_ids: set[int],
    starts_on: datetime.date,
    by: Membership | None,
) -> list[int]:
    """THE one place where a sender becomes involved in households: the organisation
    that reports a household (form, review queue) or sends one of its acts (import, API,
    review queue). ``created_ids`` are the households created from what it sent (its
    own report); the others already existed. The CCAPEX secretariat sees its whole
    département: never involved. Returns the households it is now involved in."""
    if organisation.type == OrganisationType.ETAT_CCAPEX:
        return []
    return _involvements_insert(
        organisation=organisation,
        reason=reason,
        household_ids=household_ids,
        starts_on=starts_on,
        by=by,
    )


def contact_key(kind: str, value: str) -> str:
    """What makes two contact values the same: the last 9 digits of a phone number, an
    e-mail without case."""
    if kind == ContactKind.TELEPHONE:
        return "".join(c for c in value if c.isdigit())[-9:]
    return (value or "").strip().lower()


def contacts_add_many(
    *, by: Membership | None, contacts: list[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """Add (household id, kind, value) contacts a household does not have yet (same
    ``contact_key``); returns those added."""
    contacts = [(pk, kind, value) for pk, kind, value in contacts if (value or "").strip()]
    if not contacts:
        return []
    ids = sorted({pk for pk, _, _ in contacts})
    known: set[tuple[int, str, str]] = set()
    for start in range(0, len(ids), ID_CHUNK):
        for pk, kind, value in ContactChannel.objects.filter(
            household_id__in=ids[start : start + ID_CHUNK]
        ).values_list("household_id", "kind", "value"):
            known.add((pk, kind, contact_key(kind, value)))
    rows, added = [], []
    for pk, kind, value in contacts:
        key = (pk, kind, contact_key(kind, value))
        if key not in known:
            known.add(key)
            rows.append({"household_id": pk, "kind": kind, "value": value.strip()})
            added.append((pk, kind, value))
    insert_values(ContactChannel, rows)
    return added


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
    _check_amounts(
        rent=draft.rent, charges=draft.charges, monthly_resources=draft.monthly_resources
    )
    _check_members(draft.members)
    return name


def _build(draft: HouseholdDraft, commune_name: str, by: Membership | None, today):
    landlord = draft.landlord
    household = Household(
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
        created_by_id=by.user_id if by else None,
    )
    members = [
        Member(
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
    communes = {
        insee: (name, departement_id)
        for insee, name, departement_id in Commune.objects.filter(
            insee__in={d.commune_id for d in drafts}
        ).values_list("insee", "name", "departement_id")
    }
    built = []
    for draft in drafts:
        name = _check_draft(draft, by, communes)
        built.append(_build(draft, name, by, today))
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
    involvement_add_many(by=by, involvements=landlords)
    for pk, ids in reporters.items():
        sender_involvements_add(
            organisation=organisations[pk], reason=InvolvementReason.SIGNALEMENT,
            household_ids=ids, created_ids=set(ids), starts_on=today, by=by,
        )  # fmt: skip
    return households


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
)


@transaction.atomic
def household_update(*, household: Household, by: Membership, **changes) -> Household:
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise BusinessError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    commune = changes.get("commune", household.commune)
    if commune.departement_id != household.departement_id:
        raise BusinessError(
            f"La commune {commune.name} n'appartient pas au département du dossier."
        )
    _check_amounts(rent=changes.get("rent"), charges=changes.get("charges"))
    for name, value in changes.items():
        setattr(household, name, value)
    members = list(household.members.order_by("role", "id"))
    household.search_text = compute_search_text(
        members=members, address=household.address, commune_name=commune.name
    )
    household.save()
    _keys_write(household, members)
    return household


def _keys_write(household: Household, members: list[Member]) -> None:
    """Replace the matching keys of a saved household (after its holders or dwelling
    changed)."""
    HouseholdKey.objects.filter(household_id=household.pk).delete()
    insert_values(HouseholdKey, key_rows(household, members))


@transaction.atomic
def household_derived_refresh(*, household_ids: Iterable[int]) -> int:
    """Recompute the search text and matching keys of these households from their rows
    (after a merge, or to repair); returns the number of keys written."""
    ids = sorted(set(household_ids))
    written = 0
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        members: dict[int, list[Member]] = defaultdict(list)
        for member in Member.objects.filter(household_id__in=chunk).order_by("role", "id"):
            members[member.household_id].append(member)
        households = list(
            Household.objects.filter(pk__in=chunk).select_related("commune").order_by("pk")
        )
        HouseholdKey.objects.filter(household_id__in=chunk).delete()
        rows = []
        for household in households:
            text = compute_search_text(
                members=members[household.pk],
                address=household.address,
                commune_name=household.commune.name,
            )
            if text != household.search_text:
                Household.objects.filter(pk=household.pk).update(search_text=text)
            rows += key_rows(household, members[household.pk])
        insert_values(HouseholdKey, rows)
        written += len(rows)
    return written


@transaction.atomic
def household_members_change(
    *,
    household: Household,
    by: Membership | None,
    birth_dates: dict[int, datetime.date] | None = None,
    add: list[dict] = (),
) -> list[Member]:
    """Fill missing birth dates (``{member id: date}``, never overwriting one) and add
    members; refreshes the search text and the matching keys. Returns the new members."""
    today = clock.today()
    for pk, birth in sorted((birth_dates or {}).items()):
        if birth and (birth > today or birth < datetime.date(1900, 1, 1)):
            raise BusinessError(f"Date de naissance impossible : {birth:%d/%m/%Y}.")
        Member.objects.filter(pk=pk, household=household, birth_date__isnull=True).update(
            birth_date=birth
        )
    added = []
    for m in add:
        if not (m.get("last_name") or "").strip() or not (m.get("first_name") or "").strip():
            raise BusinessError("Chaque membre du ménage doit avoir un nom et un prénom.")
        added.append(
            Member.objects.create(
                household=household,
                role=m["role"],
                last_name=m["last_name"].strip(),
                first_name=m["first_name"].strip(),
                birth_date=m.get("birth_date"),
            )
        )
    members = list(Member.objects.filter(household=household).order_by("role", "id"))
    household.search_text = compute_search_text(
        members=members, address=household.address, commune_name=household.commune.name
    )
    household.save(update_fields=["search_text", "updated_at"])
    _keys_write(household, members)
    return added


def members_from_names(*pairs) -> list[dict]:
    """Helper for forms: [(role, last, first, birth), ...] → member dicts, skipping blanks."""
    return [
        {"role": role, "last_name": last, "first_name": first, "birth_date": birth}
        for role, last, first, birth in pairs
        if (last or "").strip() or (first or "").strip()
    ]


@transaction.atomic
def household_social_update(
    *,
    household: Household,
    by: Membership,
    monthly_resources: Decimal | None,
    resources_note: str,
    social_evaluation: str,
) -> Household:
    """Social evaluation group (resources, evaluation): social workers and the secretariat."""
    _check_amounts(monthly_resources=monthly_resources)
    household.monthly_resources = monthly_resources
    household.resources_note = resources_note.strip()
    household.social_evaluation = social_evaluation.strip()
    household.save(
        update_fields=["monthly_resources", "resources_note", "social_evaluation", "updated_at"]
    )
    return household


@transaction.atomic
def vulnerability_add(
    *,
    household: Household,
    by: Membership,
    kind: str,
    note: str,
    recorded_on: datetime.date,
) -> Vulnerability:
    """Special-category data: only called for readers of the HEALTH group."""
    if recorded_on > clock.today():
        raise BusinessError("La date de constat ne peut pas être dans le futur.")
    return Vulnerability.objects.create(
        household=household, kind=kind, note=note.strip(), recorded_on=recorded_on
    )
