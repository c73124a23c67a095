"""The holder a record's tenant is compared with: first names, birth-date claims, usage
names, the building (rules of docs/decisions/2026-12-01-matching-rules.md, used by
``scoring.py``; ``tenant_j`` is the holder the tenant resembles most by name)."""

from __future__ import annotations

from prevex.core.normalize import parse_address

from .lookalikes import birth_comparison, first_names_distinct, same_first_name
from .profiles import HouseholdProfile
from .similarity import PreparedPerson, PreparedRecord


def holder_people(profile: HouseholdProfile) -> list[PreparedPerson]:
    if len(profile.prepared) != len(profile.holders):
        profile.prepared = [PreparedPerson.of(h.last_name, h.first_name) for h in profile.holders]
    return profile.prepared


def first_names_distinct_of(
    record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None
) -> bool:
    """The tenant's first name and the holder's differ by their consonants, names read
    either way round (lookalikes.first_names_distinct)."""
    if tenant_j is None:
        return False
    theirs = holder_people(profile)[tenant_j]
    ours = record.people[0]
    return all(first_names_distinct(p.first, theirs.first) for p in (ours, ours.swapped()))


def given_exact(record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None) -> bool:
    """The tenant's first name is the holder's letter for letter once folded (names read
    either way round)."""
    if tenant_j is None:
        return False
    theirs = holder_people(profile)[tenant_j].first
    ours = record.people[0]
    return bool(theirs) and theirs in (ours.first, ours.swapped().first)


def first_names_agree(record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None):
    if tenant_j is None:
        return None
    theirs = holder_people(profile)[tenant_j]
    agree = None
    for ours in (record.people[0], record.people[0].swapped()):  # names may be swapped
        # A shared transliteration key (Mohamed / Muhammad) counts, but not across a
        # different last letter: names make their other forms there (Emre / Emra).
        # A final consonant folded by the key (Mehmed / Mehmet) is no such letter.
        transliterated = bool(ours.given_forms & theirs.given_forms) and (
            ours.first[-1:] == theirs.first[-1:]
            or not ({ours.first[-1:], theirs.first[-1:]} & set("aeiouy"))
        )
        same = transliterated or same_first_name(
            ours.first, ours.first_tokens, theirs.first, theirs.first_tokens
        )
        if same:
            return True
        agree = same if agree is None else agree
    return agree


def claims_conflict(
    record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None
) -> bool:
    """Birth dates declared by earlier rows for this holder (claims, not confirmed)
    point at someone else: another date than this row's, or two different dates."""
    if tenant_j is None:
        return False
    claimed = profile.holders[tenant_j].claimed_births
    dates = set(claimed) | ({record.birth_date} if record.birth_date else set())
    return any(birth_comparison(a, b) == "different" for a in dates for b in dates if a < b)


def claims_agree(record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None) -> bool:
    """The file never confirmed this holder's birth date, but earlier rows matched to it
    declared the row's very date (claims), and none declared another one: the evidence
    a move needs when the first rows of a file came from a sender without birth dates.
    Read only, never written (the claims stay pending)."""
    if tenant_j is None or record.birth_date is None:
        return False
    holder = profile.holders[tenant_j]
    claimed = holder.claimed_births
    return (
        holder.birth_date is None
        and record.birth_date in claimed
        and all(birth_comparison(record.birth_date, d) != "different" for d in claimed)
    )


def claims_disagree(
    record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None
) -> bool:
    """The file never confirmed this holder's birth date, and every date earlier rows
    matched to it declared is another than the row's (not one digit away): the row's
    person is someone else — a namesake couple elsewhere, not the file's move."""
    if tenant_j is None or record.birth_date is None:
        return False
    holder = profile.holders[tenant_j]
    return (
        holder.birth_date is None
        and bool(holder.claimed_births)
        and all(
            birth_comparison(record.birth_date, d) == "different" for d in holder.claimed_births
        )
    )


USAGE_NAMES = 90.0  # N given to another surname with the same first name and birth date


def usage_name_holder(record: PreparedRecord, profile: HouseholdProfile) -> int | None:
    """The holder who has the tenant's first name and birth date under another surname
    (birth name on one row, usage name on the other: senders keep one or the other)."""
    if record.birth_date is None:
        return None
    ours = record.people[0]
    for j, (holder, theirs) in enumerate(zip(profile.holders, holder_people(profile), strict=True)):
        if holder.birth_date != record.birth_date or not (ours.first and theirs.first):
            continue
        if ours.given_forms & theirs.given_forms or same_first_name(
            ours.first, ours.first_tokens, theirs.first, theirs.first_tokens
        ):
            return j
    return None


def collective(ours, profile: HouseholdProfile) -> bool:
    """Either row names a flat or a building: a building of several dwellings."""
    theirs = parse_address(profile.address)
    return bool(ours.flat or ours.building or theirs.flat or theirs.building)
