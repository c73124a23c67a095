"""Blocking keys: which households are worth scoring for a record.

Four kinds of key, computed in Python from the lease holders (titulaire, cotitulaire)
and the dwelling, stored in ``HouseholdKey`` and looked up by indexed equality only:

- ``PN`` phonetic key of the surname + postcode (one per holder, and one per part of a
  compound surname): survives typos on vowels, doubled letters, accents, silent endings;
- ``BD`` birth date + first letter of the surname: survives any spelling of the name and
  a wrong postcode, when the sender gives the birth date;
- ``AD`` house number + street name without type or small words (no postcode, so a
  wrong postcode does not hide the dwelling): survives anything on the names (it finds
  everyone living at that number of a street of that name, scoring sorts them);
- ``NM`` folded name tokens, sorted: survives accents, case, hyphens, swapped first and
  last names, and a wrong postcode.

A record's keys are computed the same way, with first and last names also tried the
other way round, so a record finds its household when at least one key survives its
noise. Nothing here depends on the database engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from prevex.households.models import Household

from .models import HouseholdKey, KeyKind
from .normalize import compact, name_tokens, parse_address, phonetic
from .profiles import ID_CHUNK, load_profiles
from .records import PersonRecord

VALUE_LENGTH = HouseholdKey._meta.get_field("value").max_length
BULK_BATCH = 2_000

Key = tuple[str, str]


def _phonetic_keys(name: str, postal_code: str) -> set[Key]:
    keys = set()
    whole = phonetic(compact(name))
    if whole:
        keys.add((KeyKind.PHONETIC_POSTCODE.value, f"{whole}|{postal_code}"))
    parts = name_tokens(name)
    if len(parts) > 1:  # « Da Silva », « Martin-Dupont »: also each significant part
        for part in (p for p in parts if len(p) >= 3):
            code = phonetic(part)
            if code:
                keys.add((KeyKind.PHONETIC_POSTCODE.value, f"{code}|{postal_code}"))
    return keys


def _name_key(last: str, first: str) -> Key | None:
    tokens = sorted(name_tokens(last) + name_tokens(first))
    if not tokens:
        return None
    return (KeyKind.NAME.value, " ".join(tokens)[:VALUE_LENGTH])


def _birth_key(birth_date, name: str) -> Key | None:
    initial = compact(name)[:1]
    if birth_date is None or not initial:
        return None
    return (KeyKind.BIRTH.value, f"{birth_date.isoformat()}|{initial}")


def _address_key(address: str) -> Key | None:
    parsed = parse_address(address)
    if not parsed.name:
        return None
    return (KeyKind.ADDRESS.value, parsed.key[:VALUE_LENGTH])


def household_key_values(
    *, holders: Iterable[tuple[str, str, object]], address: str, postal_code: str
) -> set[Key]:
    """Keys stored for a household: ``holders`` are (last name, first name, birth date)."""
    keys: set[Key] = set()
    for last, first, birth in holders:
        keys |= _phonetic_keys(last, postal_code)
        keys.add(_name_key(last, first))
        keys.add(_birth_key(birth, last))
    keys.add(_address_key(address))
    keys.discard(None)
    return keys


def record_key_values(record: PersonRecord) -> set[Key]:
    """Keys looked up for a record: names are tried both ways round (swapped names)."""
    keys: set[Key] = set()
    for index, (last, first) in enumerate(record.people()):
        for name in (last, first):
            keys |= _phonetic_keys(name, record.postal_code)
            if index == 0:
                keys.add(_birth_key(record.birth_date, name))
        keys.add(_name_key(last, first))
    keys.add(_address_key(record.address))
    keys.discard(None)
    return keys


@transaction.atomic
def household_keys_bulk_refresh(*, household_ids: Iterable[int]) -> int:
    """(Re)compute the blocking keys of these households; returns the number of keys."""
    ids = sorted(set(household_ids))
    if not ids:
        return 0
    rows: list[HouseholdKey] = []
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        HouseholdKey.objects.filter(household_id__in=chunk).delete()
        for profile in load_profiles(chunk).values():
            values = household_key_values(
                holders=[(h.last_name, h.first_name, h.birth_date) for h in profile.holders],
                address=profile.address,
                postal_code=profile.postal_code,
            )
            rows.extend(
                HouseholdKey(
                    household_id=profile.id,
                    departement_id=profile.departement_id,
                    kind=kind,
                    value=value,
                )
                for kind, value in sorted(values)
            )
    HouseholdKey.objects.bulk_create(rows, batch_size=BULK_BATCH)
    return len(rows)


def household_keys_refresh(*, household: Household) -> int:
    """(Re)compute the blocking keys of one household (after a create or an edit)."""
    return household_keys_bulk_refresh(household_ids=[household.pk])
