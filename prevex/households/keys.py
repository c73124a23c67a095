"""Blocking keys of a household: which households are worth scoring for a record.

Computed in Python from the lease holders (titulaire, cotitulaire) and the dwelling,
stored in ``HouseholdKey`` by the households services whenever a household or its
holders are written (``household_create``/``_many``, ``household_update``, member
changes, merges), and looked up by indexed equality only (prevex/matching). Seven kinds:

- ``PN`` phonetic key of the surname + postcode (one per holder, and one per part of a
  compound surname): survives typos on vowels, doubled letters, accents, silent endings;
- ``BD`` birth date + first letter of the surname: survives any spelling of the name and
  a wrong postcode, when the sender gives the birth date;
- ``AD`` house number + street name without type or small words (no postcode, so a
  wrong postcode does not hide the dwelling): survives anything on the names;
- ``NM`` folded name tokens, sorted: survives accents, case, hyphens, swapped first and
  last names, and a wrong postcode;
- ``PV`` the phonetic key of the surname with one symbol left out, one key per symbol,
  + postcode (a deletion neighbourhood): two spellings whose phonetic keys differ by one
  symbol — a consonant typo, « Benali » / « Benaki » — share one of them; a record
  also looks its whole key up among them, and its own deletions among the ``PN`` keys,
  so that a symbol missing or added (« Ben-Ail » / « BENALI ») is met too. Only for
  keys of four symbols or more (shorter ones would gather half a postcode);
- ``PF`` phonetic keys of the surname and of the first name, without postcode: a
  household that moved to another commune, named with other spellings than its file
  (« Lefèvre Helene + Kumar Nikolai » for « Lefebvre Hélène + Kumar Nicolaï »), and
  sending no birth date, shares no other key with its file;
- ``PA`` phonetic key of the first name + house number + postcode (one per holder and
  per dwelling, the former ones included): a row whose surname and street are both
  mistyped (« Labmert Stéphane, 30 bd Félix Fure » for « LAMBERT STEPHANE, 30 BD FELIX
  FAURE ») and that gives no birth date still finds its file.

Names are read first (``names_of``: civilities removed, usage and birth names of
« X épouse Y » both keyed). The matching engine computes a record's keys with the same
functions (names also tried the other way round). Nothing here depends on the database engine.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from prevex.core.names import parse_person_name
from prevex.core.normalize import compact, name_tokens, parse_address, phonetic

from .models import Household, HouseholdKey, KeyKind, Member, MemberRole, PastAddress

VALUE_LENGTH = HouseholdKey._meta.get_field("value").max_length
HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)
ID_CHUNK = 5_000

Key = tuple[str, str]


def phonetic_keys(name: str, postal_code: str) -> frozenset[Key]:
    """The phonetic keys of a last name in a postcode (memoised: an import computes
    the same names' keys for the records and for the households it creates)."""
    return _phonetic_keys(name, postal_code)


@functools.lru_cache(maxsize=100_000)
def _phonetic_keys(name: str, postal_code: str) -> frozenset[Key]:
    keys = set()
    whole = _phonetic(name)
    if whole:
        keys.add((KeyKind.PHONETIC_POSTCODE.value, f"{whole}|{postal_code}"))
    parts = name_tokens(name)
    if len(parts) > 1:  # « Da Silva », « Martin-Dupont »: also each significant part
        for part in (p for p in parts if len(p) >= 3):
            code = phonetic(part)
            if code:
                keys.add((KeyKind.PHONETIC_POSTCODE.value, f"{code}|{postal_code}"))
    return frozenset(keys)


VARIANT_MIN = 4  # phonetic keys shorter than this get no variant keys


def variant_keys(name: str, postal_code: str) -> frozenset[Key]:
    """``PV`` keys of a surname in a postcode: its phonetic key with each symbol left
    out in turn (memoised)."""
    return _variant_keys(name, postal_code)


@functools.lru_cache(maxsize=100_000)
def _variant_keys(name: str, postal_code: str) -> frozenset[Key]:
    code = _phonetic(name)
    if len(code) < VARIANT_MIN:
        return frozenset()
    kind = KeyKind.PHONETIC_VARIANT.value
    return frozenset((kind, f"{code[:i]}{code[i + 1 :]}|{postal_code}") for i in range(len(code)))


def variant_lookup_keys(name: str, postal_code: str) -> frozenset[Key]:
    """Keys a record looks up for one missing or extra symbol in its surname's phonetic
    key (``variant_keys`` alone only meets a substitution: both sides drop the symbol
    that differs). Its whole key among the households' ``PV`` keys (« Ben-Ail », key
    ``banal``, for « BENALI », key ``banala``: a symbol missing from the record), and each
    of its own one-symbol deletions among their ``PN`` keys (a symbol too many) — the
    latter only when the deletion keeps four symbols, so that it does not gather every
    short name of a postcode. Nothing is stored for these: the lookup side only
    (memoised)."""
    return _variant_lookup_keys(name, postal_code)


@functools.lru_cache(maxsize=100_000)
def _variant_lookup_keys(name: str, postal_code: str) -> frozenset[Key]:
    code = _phonetic(name)
    keys: set[Key] = set()
    if len(code) >= VARIANT_MIN - 1:
        keys.add((KeyKind.PHONETIC_VARIANT.value, f"{code}|{postal_code}"))
    if len(code) - 1 >= VARIANT_MIN:
        phonetic_kind = KeyKind.PHONETIC_POSTCODE.value
        for i in range(len(code)):
            keys.add((phonetic_kind, f"{code[:i]}{code[i + 1 :]}|{postal_code}"))
    return frozenset(keys)


def name_key(last: str, first: str) -> Key | None:
    tokens = sorted(name_tokens(last) + name_tokens(first))
    if not tokens:
        return None
    return (KeyKind.NAME.value, " ".join(tokens)[:VALUE_LENGTH])


def phonetic_name_key(surname: str, given: str) -> Key | None:
    """``PF`` key of one spelling of a person."""
    last, first = _phonetic(surname), _phonetic(given)
    if not last or not first:
        return None
    return (KeyKind.PHONETIC_NAME.value, f"{last}|{first}")


@functools.lru_cache(maxsize=100_000)
def _phonetic(name: str) -> str:
    """The phonetic key of a name written in one word (memoised)."""
    return phonetic(compact(name))


def given_number_key(given: str, address: str, postal_code: str) -> Key | None:
    """``PA`` key of a first name at a house number in a postcode."""
    first, number = _phonetic(given), parse_address(address).number
    if not first or not number or not postal_code:
        return None
    return (KeyKind.GIVEN_NUMBER.value, f"{first}|{number}|{postal_code}")


def birth_key(birth_date, name: str) -> Key | None:
    initial = compact(name)[:1]
    if birth_date is None or not initial:
        return None
    return (KeyKind.BIRTH.value, f"{birth_date.isoformat()}|{initial}")


def address_key(address: str) -> Key | None:
    parsed = parse_address(address)
    if not parsed.name:
        return None
    return (KeyKind.ADDRESS.value, parsed.key[:VALUE_LENGTH])


def names_of(last: str, first: str) -> tuple[tuple[str, ...], str]:
    """(surnames, given name) as compared: civilities removed, the usage and the birth
    name of « X épouse Y » both kept (prevex/core/names.py); the fields as sent when
    nothing is left of them."""
    parsed = parse_person_name(last or "", first or "")
    surnames = parsed.surnames or ((last,) if (last or "").strip() else ())
    return surnames, parsed.given or (first or "")


def household_key_values(
    *,
    holders: Iterable[tuple[str, str, object]],
    address: str,
    postal_code: str,
    past: Iterable[tuple[str, str]] = (),
) -> set[Key]:
    """Keys stored for a household: ``holders`` are (last name, first name, birth date);
    ``past`` the (address, postcode) of the dwellings it left (``PastAddress``): a row
    about an act at the old address, sent or imported after the move was recorded,
    still finds the file there."""
    keys: set[Key] = set()
    postcodes = [postal_code, *{code for _, code in past if code and code != postal_code}]
    dwellings = [(address, postal_code), *past]
    for last, first, birth in holders:
        surnames, given = names_of(last, first)
        for street, code in dwellings:
            keys.add(given_number_key(given, street, code))
        for surname in surnames:
            for code in postcodes:
                keys |= phonetic_keys(surname, code)
                keys |= variant_keys(surname, code)
            keys.add(birth_key(birth, surname))
            keys.add(phonetic_name_key(surname, given))
        keys.add(name_key(surnames[0] if surnames else "", given))
    keys.add(address_key(address))
    for old, _ in past:
        keys.add(address_key(old))
    keys.discard(None)
    return keys


def holders_of(members: Iterable) -> list[tuple[str, str, object]]:
    """(last, first, birth) of the lease holders among ``members`` (objects or dicts),
    titulaire first."""
    rows = []
    for m in members:
        get = m.get if isinstance(m, dict) else lambda name, m=m: getattr(m, name)
        if get("role") in HOLDER_ROLES:
            rows.append((get("role"), get("last_name"), get("first_name"), get("birth_date")))
    rows.sort(key=lambda r: r[0] != MemberRole.TITULAIRE)
    return [(last, first, birth) for _, last, first, birth in rows]


def key_rows(household, members: Iterable, past: Iterable[tuple[str, str]] = ()) -> list[dict]:
    """``HouseholdKey`` rows (``{attname: value}``) of a saved household and its members
    (``past``: its former dwellings, (address, postcode))."""
    values = household_key_values(
        holders=holders_of(members),
        address=household.address,
        postal_code=household.postal_code,
        past=past,
    )
    return [
        {
            "household_id": household.pk,
            "departement_id": household.departement_id,
            "kind": kind,
            "value": value,
        }
        for kind, value in sorted(values)
    ]


def stored_keys(household_ids: Iterable[int]) -> dict[int, set[Key]]:
    """The keys stored for these households (for checks and tests)."""
    ids = sorted(set(household_ids))
    found: dict[int, set[Key]] = {pk: set() for pk in ids}
    for start in range(0, len(ids), ID_CHUNK):
        for pk, kind, value in HouseholdKey.objects.filter(
            household_id__in=ids[start : start + ID_CHUNK]
        ).values_list("household_id", "kind", "value"):
            found[pk].add((kind, value))
    return found


def expected_keys(household_ids: Iterable[int]) -> dict[int, set[Key]]:
    """The keys these households should have, recomputed from their rows (their former
    dwellings included, as every writer stores them)."""
    ids = sorted(set(household_ids))
    expected: dict[int, set[Key]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        members: dict[int, list] = {pk: [] for pk in chunk}
        for member in Member.objects.filter(household_id__in=chunk, role__in=HOLDER_ROLES):
            members[member.household_id].append(member)
        past: dict[int, list[tuple[str, str]]] = {pk: [] for pk in chunk}
        for pk, address, code in PastAddress.objects.filter(household_id__in=chunk).values_list(
            "household_id", "address", "postal_code"
        ):
            past[pk].append((address, code))
        for household in Household.objects.filter(pk__in=chunk).only(
            "pk", "address", "postal_code", "departement_id"
        ):
            expected[household.pk] = household_key_values(
                holders=holders_of(members[household.pk]),
                address=household.address,
                postal_code=household.postal_code,
                past=past[household.pk],
            )
    return expected
