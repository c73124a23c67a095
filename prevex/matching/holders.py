"""The holder a record's tenant is compared with: first names, birth-date claims, usage
names, the building (rules of docs/decisions/2026-12-01-matching-rules.md, used by
``scoring.py``; ``tenant_j`` is the holder the tenant resembles most by name)."""

from __future__ import annotations

from prevex.core.normalize import parse_address

from .lookalikes import birth_comparison, first_names_distinct, same_first_name, swapped_date
from .profiles import HouseholdProfile
from .similarity import PreparedPerson, PreparedRecord, _surname_similarity


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
    for swapped, ours in enumerate((record.people[0], record.people[0].swapped())):
        # names may be swapped
        if swapped and all(
            first_names_distinct(ours.last, surname)
            and not same_first_name(
                ours.last,
                ours.last_tokens,
                surname,
                theirs.last_tokens if surname == theirs.last else frozenset({surname}),
            )
            for surname in theirs.surnames | {theirs.last}
        ):
            # Read the other way round, the surname fields hold the given names when the
            # file's own row was the swapped one (« nadia / Da-Silva » for « Da Silva
            # Nadir »): those must not be another first name (twins, issue 9) — a
            # typist's slip is not one (« Pagrick » / « Patrick »), nor the birth name of
            # « Camara épouse Diallo » written « Caamara ».
            continue
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


def claimed_birth(record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None) -> str:
    """The row's birth date against the dates earlier rows matched to the file declared
    for this holder (claims, read only, never written), when the file never confirmed
    one: ``same`` (the row's very date is among them and none is another person's — the
    evidence a move needs when the file's first rows came from a sender without dates),
    ``different`` (every one is another person's: a namesake), else ``""``."""
    if tenant_j is None or record.birth_date is None:
        return ""
    holder = profile.holders[tenant_j]
    if holder.birth_date is not None or not holder.claimed_births:
        return ""
    compared = [birth_comparison(record.birth_date, d) for d in holder.claimed_births]
    if "different" not in compared and record.birth_date in holder.claimed_births:
        return "same"
    return "different" if all(c == "different" for c in compared) else ""


USAGE_NAMES = 90.0  # N given to another surname with the same first name and birth date


def usage_name_holder(record: PreparedRecord, profile: HouseholdProfile) -> int | None:
    """The holder who has the tenant's first name and birth date under another surname
    (birth name on one row, usage name on the other: senders keep one or the other). The
    date may be written day and month swapped (« 11/10 » for « 10/11 »): the scorer then
    compares it as « proche », never as the same."""
    if record.birth_date is None:
        return None
    ours = record.people[0]
    # swapped_date gives None when no swap exists (day above 12): never a match for a
    # holder whose birth date is unknown
    dates = {d for d in (record.birth_date, swapped_date(record.birth_date)) if d is not None}
    for j, (holder, theirs) in enumerate(zip(profile.holders, holder_people(profile), strict=True)):
        if holder.birth_date in dates and _same_given(ours, theirs):
            return j
    return None


SPOUSE_SURNAME = 95.0  # the row's surname against the spouse's: the same name


def _same_given(ours: PreparedPerson, theirs: PreparedPerson) -> bool:
    return bool(ours.first and theirs.first) and bool(
        ours.given_forms & theirs.given_forms
        or same_first_name(ours.first, ours.first_tokens, theirs.first, theirs.first_tokens)
    )


def _surname_score(person: PreparedPerson, holder: PreparedPerson) -> float:
    return _surname_similarity(
        person, holder.last, holder.last_tokens, holder.last_phonetic, holder.surnames
    )


def under_spouse_name(person: PreparedPerson, her: PreparedPerson, spouse: PreparedPerson) -> bool:
    """``person`` is the holder ``her`` under the other holder's (``spouse``) surname —
    her usage name, the file's row giving her birth name: her first name, the spouse's
    surname and not her own, and no birth and usage names of her own on the row (« X
    épouse Y », neither of them hers: another woman of that first name)."""
    if any(not person.last.endswith(form) for form in person.surnames):
        return False
    return (
        _same_given(person, her)
        and _surname_score(person, spouse) >= SPOUSE_SURNAME
        and _surname_score(person, her) < SPOUSE_SURNAME
    )


def spouse_name_holder(record: PreparedRecord, profile: HouseholdProfile) -> int | None:
    """The co-tenant written under the other holder's surname (« HUBERT Valérie » for the
    file of « HUBERT Nicolas + COLIN Valérie »: ``under_spouse_name``). The holder whose
    first name the tenant bears, when neither the first names of the two holders nor the
    birth dates leave a doubt: the row names no co-tenant (else it names the couple
    itself), the other holder does not share the first name, the holder's birth date,
    when both rows give one, is the row's (or its day and month swapped), and the
    spouse's is not."""
    if len(record.people) != 1 or len(profile.holders) != 2:
        return None
    ours = record.people[0]
    people = holder_people(profile)
    named = [j for j in (0, 1) if _same_given(ours, people[j])]
    if len(named) != 1 or not under_spouse_name(ours, people[named[0]], people[1 - named[0]]):
        return None
    j = named[0]
    born = profile.holders[j].birth_date
    if (
        record.birth_date is not None
        and born is not None
        and born not in {record.birth_date, swapped_date(record.birth_date)}
    ):
        return None
    spouse_born = profile.holders[1 - j].birth_date
    if record.birth_date is not None and spouse_born == record.birth_date:
        return None  # the spouse's own date: the spouse, first name miswritten
    return j


def collective(ours, profile: HouseholdProfile) -> bool:
    """Either row names a flat, a building or an estate (« Résidence », « Cité »): a
    building of several dwellings."""
    theirs = parse_address(profile.address)
    return bool(
        ours.flat or ours.building or ours.estate or theirs.flat or theirs.building or theirs.estate
    )


def co_first_name_known(
    record: PreparedRecord, profile: HouseholdProfile, tenant_j: int | None
) -> bool:
    """The row's co-tenant bears the first name of one of the file's other holders (the
    same partner under her birth or usage surname: « ÖZTÜRK Özlem » / « YILDIZ Ozlem »)."""
    if len(record.people) < 2:
        return False
    co = record.people[1]
    return any(j != tenant_j and _same_given(co, h) for j, h in enumerate(holder_people(profile)))
