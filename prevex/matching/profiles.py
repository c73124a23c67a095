"""The few fields of a household the engine compares, loaded in one query per chunk.

The two lookups of the engine (blocking keys, then profiles) are written in SQL: with
thousands of values per query, building them through the ORM cost more CPU than running
them (Django prepares every value of an ``IN`` list one by one). On PostgreSQL a list is
sent as one array parameter (``= ANY(%s)``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

from prevex.households.models import Household, HouseholdKey, Member, MemberRole, PastAddress

from .models import ClaimField, ClaimStatus, HouseholdClaim, KnownPhone
from .similarity import ident_of

HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)
ID_CHUNK = 10_000  # far below the bound-parameter limits of SQLite (32,766) and PostgreSQL


class Holder(NamedTuple):
    """A lease holder as compared. A named tuple, not a dataclass: thousands are built
    per chunk and compared inside the scorer's memo keys, in C."""

    last_name: str
    first_name: str
    birth_date: datetime.date | None = None
    member_id: int = 0
    claimed_births: tuple[datetime.date, ...] = ()  # pending claims of matched rows
    forms: tuple[tuple[str, str], ...] = ()  # (last, first) recognised by agents (NAME_FORM)


@dataclass
class HouseholdProfile:
    """A household as the scorer sees it; ``holders`` start with the titulaire."""

    id: int
    reference: str
    departement_id: str
    address: str
    postal_code: str
    commune_insee: str
    holders: list[Holder] = field(default_factory=list)
    prepared: list = field(default_factory=list, repr=False, compare=False)  # scoring's cache
    past: tuple = ()  # (address, postcode, INSEE) of the dwellings it left (PastAddress)
    phones: frozenset = frozenset()  # mobile numbers that identify it (KnownPhone)
    memo: object = field(default=None, init=False, repr=False, compare=False)  # scoring's key


class MemoKey:
    """A tuple hashed once: the part of the scorer's memo key read from a household,
    built once per loaded profile instead of hashed again for every record; ``ident``
    names its value in the scorer's memo (``similarity.ident_of``)."""

    __slots__ = ("hash", "ident", "value")

    def __init__(self, value: tuple):
        self.value = value
        self.hash = hash(value)
        self.ident = ident_of(self)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, MemoKey) and self.hash == other.hash and self.value == other.value
        )


def _in(column: str, values: list) -> tuple[str, list]:
    """``column IN (…)`` for these values: one array parameter on PostgreSQL, sent as
    the text of the array (``_array_text``), the column's type given by PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [_array_text(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _array_text(values: list) -> str:
    """The PostgreSQL array literal of these integers or strings: what psycopg writes
    for a list, element by element in Python (a quarter of the CPU of the key lookup for
    16,000 keys), written here with a few string operations. Every string is quoted, a
    backslash or a double quote in it escaped (PostgreSQL's array syntax)."""
    if not values:
        return "{}"
    if all(type(value) is int for value in values):
        return "{" + ",".join(map(str, values)) + "}"
    quoted = (str(value).replace("\\", "\\\\").replace('"', '\\"') for value in values)
    return '{"' + '","'.join(quoted) + '"}'


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))  # SQLite gives the ISO text


def key_hits(keys, departement: str) -> dict[tuple[str, str], list[int]]:
    """Households of the département holding each of these (kind, value) keys (one
    query; in no particular order: the engine counts them)."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, value in keys:
        by_kind[kind].add(value)
    if not by_kind:
        return {}
    conditions, params = [], []
    for kind, values in sorted(by_kind.items()):
        sql, values_params = _in("value", sorted(values))
        conditions.append(f"(kind = %s AND {sql})")
        params += [kind, *values_params]
    query = (
        f"SELECT kind, value, household_id FROM {HouseholdKey._meta.db_table} "  # noqa: S608
        f"WHERE departement_id = %s AND ({' OR '.join(conditions)})"
    )
    hits: dict[tuple[str, str], list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(query, [departement, *params])
        for kind, value, household_id in cursor.fetchall():
            hits[(kind, value)].append(household_id)
    return hits


def load_profiles(household_ids) -> dict[int, HouseholdProfile]:
    """Profiles of these households: per 10,000 ids, one query for the holders joined to
    their household, the dwellings each household left and the mobile numbers known to
    identify it (``KnownPhone``), then one for the pending
    birth-date claims of matched rows and the name forms agents recognised, by member. A
    household without any lease holder is left out: nothing to compare.

    The claims are not joined to the holders: with a claims table grown inside the
    import's transaction, PostgreSQL's statistics said « one row » and planned a nested
    loop over every claim for every holder (1.3 s per chunk at 60,000 members). Looked
    up by ``member_id`` (indexed), the plan cannot go that way."""
    ids = sorted(set(household_ids))
    profiles: dict[int, HouseholdProfile] = {}
    members, households = Member._meta.db_table, Household._meta.db_table
    claims = HouseholdClaim._meta.db_table
    past_table = PastAddress._meta.db_table
    phone_table = KnownPhone._meta.db_table
    roles = [str(role) for role in HOLDER_ROLES]
    claim_params = [
        ClaimStatus.PENDING.value,
        ClaimField.BIRTH_DATE.value,
        ClaimStatus.CONFIRMED.value,
        ClaimField.NAME_FORM.value,
    ]
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        in_ids, params = _in("m.household_id", chunk)
        in_roles, role_params = _in("m.role", roles)
        in_past, past_params = _in("p.household_id", chunk)
        in_phones, phone_params = _in("k.household_id", chunk)
        # Holders (part 0), the dwellings left (part 1, PastAddress) and the mobile
        # numbers (part 2, KnownPhone: the number in the address column), in one query.
        query = (
            "SELECT 0 AS part, m.household_id AS hid, h.reference, h.departement_id, "  # noqa: S608
            "h.address, h.postal_code, h.commune_id, m.id AS mid, m.last_name, m.first_name, "
            "m.birth_date, m.role AS role "
            f"FROM {members} m JOIN {households} h ON h.id = m.household_id "
            f"WHERE {in_ids} AND {in_roles} "
            "UNION ALL SELECT 1, p.household_id, '', '', p.address, p.postal_code, "
            f"p.commune_id, NULL, '', '', NULL, '' FROM {past_table} p WHERE {in_past} "
            "UNION ALL SELECT 2, k.household_id, '', '', k.number, '', NULL, NULL, '', '', "
            f"NULL, '' FROM {phone_table} k WHERE {in_phones} "
            "ORDER BY hid, part, role DESC, mid"  # TITULAIRE first
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [*params, *role_params, *past_params, *phone_params])
            rows = cursor.fetchall()
        people: dict[int, list] = {}
        past: dict[int, list] = defaultdict(list)
        phones: dict[int, set] = defaultdict(set)
        for row in rows:
            part, pk, reference, departement_id, address, postcode, insee, member_id = row[:8]
            if part == 1:
                past[pk].append((address, postcode, insee))
                continue
            if part == 2:
                phones[pk].add(address)
                continue
            last, first, birth = row[8:11]
            if pk not in profiles:
                profiles[pk] = HouseholdProfile(
                    pk, reference, departement_id, address, postcode, insee
                )
            people[member_id] = [pk, last, first, _date(birth), member_id, [], []]
        if people:
            in_members, member_params = _in("member_id", sorted(people))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT member_id, birth_date, last_name, first_name FROM {claims} "  # noqa: S608
                    f"WHERE ((status = %s AND field = %s) OR (status = %s AND field = %s)) "
                    f"AND {in_members} ORDER BY member_id, birth_date, id",
                    [*claim_params, *member_params],
                )
                for member_id, claimed, form_last, form_first in cursor.fetchall():
                    if claimed is not None:
                        people[member_id][5].append(_date(claimed))
                    elif form_first:  # a name form (no date)
                        people[member_id][6].append((form_last, form_first))
        for pk, last, first, birth, member_id, claimed, forms in people.values():  # query order
            profiles[pk].holders.append(
                Holder(last, first, birth, member_id, tuple(claimed), tuple(forms))
            )
        for pk, dwellings in past.items():
            if pk in profiles:
                profiles[pk].past = tuple(dwellings)
        for pk, numbers in phones.items():
            if pk in profiles:
                profiles[pk].phones = frozenset(numbers)
    return profiles
