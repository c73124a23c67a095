"""Writes on household files. One transaction each; the acting membership is recorded."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prevex.access import gate
from prevex.access.groups import FieldGroup
from prevex.access.services import involvement_add  # noqa: F401 (re-exported)
from prevex.accounts.models import LANDLORD_TYPES, Membership, Organisation
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.locks import departement_lock
from prevex.core.models import Commune
from prevex.core.text import fold

from . import history
from .models import (
    ContactChannel,
    Household,
    InvolvementReason,
    Member,
    MemberRole,
    SocialEvaluation,
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


def _require(by: Membership | None, household: Household, group: str) -> None:
    """The actor must read ``group`` in this file (the access gate decides)."""
    if by is not None and group not in gate.groups_for(membership=by, household=household):
        raise BusinessError("Votre organisation n'a pas accès à cette partie du dossier.")


@transaction.atomic
def household_create(
    *,
    by: Membership | None,
    departement: str,
    composition: str,
    address: str,
    postal_code: str,
    commune: Commune,
    parc: str,
    rent: Decimal,
    charges: Decimal = Decimal("0"),
    address_complement: str = "",
    landlord: Organisation | None = None,
    landlord_name: str = "",
    landlord_type: str = "",
    monthly_resources: Decimal | None = None,
    resources_note: str = "",
    members: list[dict],
    contacts: list[dict] = (),
    vulnerabilities: list[dict] = (),
    informed_on: datetime.date | None = None,
    informed_channel: str = "",
    reference: str | None = None,
) -> Household:
    """Create a household file; the acting organisation becomes involved (it reported it)."""
    if commune.departement_id != departement:
        raise BusinessError(
            f"La commune {commune.name} n'appartient pas au département {departement}."
        )
    if by is not None and by.organisation.departement_id != departement:
        raise BusinessError("Vous ne pouvez créer un dossier que dans votre département.")
    if landlord is not None and landlord.type not in LANDLORD_TYPES:
        raise BusinessError("L'organisation désignée comme bailleur n'est pas un bailleur.")
    _check_amounts(rent=rent, charges=charges, monthly_resources=monthly_resources)
    _check_members(members)
    household = Household.objects.create(
        departement_id=departement,
        reference=reference or next_references(departement, 1, clock.today())[0],
        composition=composition,
        address=address.strip(),
        address_complement=address_complement.strip(),
        postal_code=postal_code,
        commune=commune,
        parc=parc,
        rent=rent,
        charges=charges,
        landlord=landlord,
        landlord_name=landlord_name or (landlord.name if landlord else ""),
        landlord_type=landlord_type,
        monthly_resources=monthly_resources,
        resources_note=resources_note,
        informed_on=informed_on,
        informed_channel=informed_channel,
        created_by=by.user if by else None,
    )
    member_rows = Member.objects.bulk_create(
        [
            Member(
                household=household,
                role=m["role"],
                last_name=m["last_name"].strip(),
                first_name=m["first_name"].strip(),
                birth_date=m.get("birth_date"),
            )
            for m in members
        ]
    )
    ContactChannel.objects.bulk_create(
        [ContactChannel(household=household, kind=c["kind"], value=c["value"]) for c in contacts]
    )
    vulnerability_rows = Vulnerability.objects.bulk_create(
        [
            Vulnerability(
                household=household,
                kind=v["kind"],
                note=v.get("note", ""),
                recorded_on=v.get("recorded_on") or clock.today(),
            )
            for v in vulnerabilities
        ]
    )
    household.search_text = compute_search_text(
        members=member_rows, address=household.address, commune_name=commune.name
    )
    household.save(update_fields=["search_text"])
    audit.log_writes_many(
        history.household_created_entries(
            household=household,
            members=member_rows,
            contacts=contacts,
            vulnerabilities=vulnerability_rows,
            by=by,
        )
    )
    if monthly_resources is not None or resources_note.strip():
        _social_version(
            household=household,
            by=by,
            text="",
            monthly_resources=monthly_resources,
            resources_note=resources_note.strip(),
        )
    today = clock.today()
    if by is not None and not gate.is_secretariat(by):
        involvement_add(
            household=household,
            organisation=by.organisation,
            reason=InvolvementReason.SIGNALEMENT,
            starts_on=today,
            by=by,
        )
    if landlord is not None:
        involvement_add(
            household=household,
            organisation=landlord,
            reason=InvolvementReason.BAILLEUR,
            starts_on=today,
            by=by,
        )
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
    _require(by, household, FieldGroup.IDENTITY)
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise BusinessError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    commune = changes.get("commune", household.commune)
    if commune.departement_id != household.departement_id:
        raise BusinessError(
            f"La commune {commune.name} n'appartient pas au département du dossier."
        )
    _check_amounts(rent=changes.get("rent"), charges=changes.get("charges"))
    before = history.household_snapshot(household)
    for name, value in changes.items():
        setattr(household, name, value)
    members = list(household.members.order_by("role", "id"))
    household.search_text = compute_search_text(
        members=members, address=household.address, commune_name=commune.name
    )
    household.save()
    audit.log_writes_many(
        history.household_changed_entries(household=household, before=before, by=by)
    )
    return household


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
    """Social evaluation group (resources, evaluation): social workers and the secretariat.

    Writes a new dated, authored version; the previous ones stay as they were.
    """
    _require(by, household, FieldGroup.SOCIAL)
    _check_amounts(monthly_resources=monthly_resources)
    _social_version(
        household=household,
        by=by,
        text=social_evaluation.strip(),
        monthly_resources=monthly_resources,
        resources_note=resources_note.strip(),
    )
    return household


def _social_version(
    *,
    household: Household,
    by: Membership | None,
    text: str,
    monthly_resources: Decimal | None,
    resources_note: str,
) -> SocialEvaluation:
    """A new version of the social evaluation, its history row, and the household's copy
    of the latest version (kept one release, see SocialEvaluation)."""
    previous = (
        SocialEvaluation.objects.filter(household_id=household.pk)
        .order_by("-written_at", "-id")
        .first()
    )
    evaluation = SocialEvaluation.objects.create(
        household=household,
        text=text,
        monthly_resources=monthly_resources,
        resources_note=resources_note,
        written_at=timezone.now(),
        written_by_id=by.user_id if by is not None else None,
        organisation_id=by.organisation_id if by is not None else None,
    )
    audit.log_write(
        history.social_evaluation_entry(evaluation=evaluation, previous=previous, by=by)
    )
    household.monthly_resources = monthly_resources
    household.resources_note = resources_note
    household.social_evaluation = text
    household.save(
        update_fields=["monthly_resources", "resources_note", "social_evaluation", "updated_at"]
    )
    return evaluation


@transaction.atomic
def vulnerability_add(
    *,
    household: Household,
    by: Membership,
    kind: str,
    note: str,
    recorded_on: datetime.date,
) -> Vulnerability:
    """Special-category data: only for readers of the HEALTH group."""
    _require(by, household, FieldGroup.HEALTH)
    if recorded_on > clock.today():
        raise BusinessError("La date de constat ne peut pas être dans le futur.")
    vulnerability = Vulnerability.objects.create(
        household=household, kind=kind, note=note.strip(), recorded_on=recorded_on
    )
    audit.log_write(history.vulnerability_entry(vulnerability=vulnerability, by=by))
    return vulnerability
