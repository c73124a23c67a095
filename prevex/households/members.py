"""Writes of a household's members and contacts, and of what derives from them (search
text, matching keys): ``household_members_change``, ``contacts_add_many``,
``household_derived_refresh``. Importable from prevex.households.services."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from prevex.access.groups import FieldGroup
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.dates import french_date
from prevex.core.errors import BusinessError
from prevex.core.sql import insert_values

from . import history
from .common import compute_search_text, require
from .keys import ID_CHUNK, key_rows
from .models import ContactChannel, ContactKind, Household, HouseholdKey, Member, PastAddress
from .retention import refuse_anonymised


def contact_key(kind: str, value: str) -> str:
    """What makes two contact values the same: the last 9 digits of a phone number, an
    e-mail without case."""
    if kind == ContactKind.TELEPHONE:
        return "".join(c for c in value if c.isdigit())[-9:]
    return (value or "").strip().lower()


@transaction.atomic
def contacts_add_many(
    *, by: Membership | None, contacts: list[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """Add (household id, kind, value) contacts a household does not have yet (same
    ``contact_key``), with their history (one insert for the batch); returns those
    added."""
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
    ids = insert_values(ContactChannel, rows)
    audit.log_writes_many(
        history.contact_added_entry(
            household_id=row["household_id"],
            contact_id=pk,
            kind=row["kind"],
            value=row["value"],
            by=by,
        )  # fmt: skip
        for pk, row in zip(ids, rows, strict=True)
    )
    return added


def keys_write(household: Household, members: list[Member]) -> None:
    """Replace the matching keys of a saved household (after its holders or dwelling
    changed)."""
    HouseholdKey.objects.filter(household_id=household.pk).delete()
    past = PastAddress.objects.filter(household_id=household.pk).values_list(
        "address", "postal_code"
    )
    insert_values(HouseholdKey, key_rows(household, members, list(past)))


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
        past: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for pk, address, code in PastAddress.objects.filter(household_id__in=chunk).values_list(
            "household_id", "address", "postal_code"
        ):
            past[pk].append((address, code))
        rows, changed = [], []
        for household in households:
            text = compute_search_text(
                members=members[household.pk],
                address=household.address,
                commune_name=household.commune.name,
            )
            if text != household.search_text:
                household.search_text = text
                changed.append(household)
            rows += key_rows(household, members[household.pk], past[household.pk])
        Household.objects.bulk_update(changed, ["search_text"])
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
    corrections: dict[int, dict] | None = None,
) -> list[Member]:
    """Fill missing birth dates (``{member id: date}``, never overwriting one), correct
    members as an agent typed them (``{member id: {"last_name", "first_name",
    "birth_date"}}``: the agent's right to the lease holders' names and to the
    occupants' identity is checked) and add members; refreshes the search text and the
    matching keys, and writes the change to the write history. Returns the new members."""
    refuse_anonymised(household.pk)
    today = clock.today()
    before = list(Member.objects.filter(household=household).order_by("role", "id"))
    for pk, birth in sorted((birth_dates or {}).items()):
        _check_birth(birth, today)
        Member.objects.filter(pk=pk, household=household, birth_date__isnull=True).update(
            birth_date=birth
        )
    if corrections:
        _correct(household, by, before, corrections, today)
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
    keys_write(household, members)
    audit.log_writes_many(
        history.members_changed_entries(
            household_id=household.pk, before=before, after=members, by=by
        )
    )
    return added


def _check_birth(birth: datetime.date | None, today: datetime.date) -> None:
    if birth and (birth > today or birth < datetime.date(1900, 1, 1)):
        raise BusinessError(f"Date de naissance impossible : {french_date(birth)}.")


def _correct(household, by, members: list[Member], corrections: dict, today) -> None:
    if by is not None:  # an agent: both groups the names and birth dates belong to
        require(by, household, FieldGroup.LEASE)
        require(by, household, FieldGroup.IDENTITY)
    known = {m.pk: m for m in members}
    for pk, values in sorted(corrections.items()):
        member = known.get(pk)
        if member is None:
            raise BusinessError("Ce membre n'appartient pas au dossier.")
        last = (values.get("last_name", member.last_name) or "").strip()
        first = (values.get("first_name", member.first_name) or "").strip()
        if not last or not first:
            raise BusinessError("Chaque membre du ménage doit avoir un nom et un prénom.")
        birth = values.get("birth_date", member.birth_date)
        _check_birth(birth, today)
        Member.objects.filter(pk=pk).update(last_name=last, first_name=first, birth_date=birth)


def members_from_names(*pairs) -> list[dict]:
    """Helper for forms: [(role, last, first, birth), ...] → member dicts, skipping blanks."""
    return [
        {"role": role, "last_name": last, "first_name": first, "birth_date": birth}
        for role, last, first, birth in pairs
        if (last or "").strip() or (first or "").strip()
    ]
