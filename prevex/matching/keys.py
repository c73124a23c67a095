"""A record's blocking keys, computed as the household's (prevex/households/keys.py).

The keys of a household are computed and stored by the households services whenever a
household or its holders are written; here only the keys looked up for an incoming
record: the same functions, with first and last names also tried the other way round,
so a record finds its household when at least one key survives its noise.
"""

from __future__ import annotations

from prevex.households.keys import (
    Key,
    address_key,
    birth_key,
    given_number_key,
    household_key_values,
    name_key,
    names_of,
    phonetic_keys,
    phonetic_name_key,
    variant_keys,
    variant_lookup_keys,
)

from .lookalikes import swapped_date
from .records import PersonRecord

__all__ = ["Key", "household_key_values", "record_key_values"]


def record_key_values(record: PersonRecord) -> set[Key]:
    """Keys looked up for a record: names are tried both ways round (swapped names);
    the one-error variants (``PV``) only for the surnames as given, with the lookups
    that meet a symbol missing or added (``variant_lookup_keys``); the first name at the
    house number (``PA``) for every person of the record; the birth date also
    with day and month swapped (a typing error the scorer calls « proche »)."""
    keys: set[Key] = set()
    for index, (last, first) in enumerate(record.people()):
        surnames, given = names_of(last, first)
        for name in (*surnames, given):
            keys |= phonetic_keys(name, record.postal_code)
            if index == 0:
                keys.add(birth_key(record.birth_date, name))
                keys.add(birth_key(swapped_date(record.birth_date), name))
        keys.add(name_key(surnames[0] if surnames else "", given))
        keys.add(given_number_key(given, record.address, record.postal_code))
        for surname in surnames:  # one error in the surname
            keys |= variant_keys(surname, record.postal_code)
            keys |= variant_lookup_keys(surname, record.postal_code)  # one symbol more/less
            keys.add(phonetic_name_key(surname, given))  # anywhere in the département
            keys.add(phonetic_name_key(given, surname))  # first and last names swapped
    keys.add(address_key(record.address))
    keys.discard(None)
    return keys
