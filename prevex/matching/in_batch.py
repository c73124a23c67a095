"""Rows of one call to ``match_records`` that are the same household as an earlier row
of the call, or as a row still waiting in the review queue.

The engine decides each record against the stored files; this pass then links the
records that no stored file holds yet: a ``NEW`` record that is the same household as an
earlier ``NEW`` one (``same_as_index``), or a later row of a file recognised at its new
address. A record that is the same person as a row waiting in review — given by the
caller (``Waiting``) or an earlier ``REVIEW`` record of the call — waits with it
(``waits_for`` / ``waits_for_index``): the file that row will be attached to, or opened
for, does not exist yet, and a second file opened now would be a duplicate of it
(docs/decisions/2026-12-05-rows-waiting-together.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from prevex.households.keys import KeyKind

from .claims import birth_claim_holder
from .holders import holder_people
from .keys import Key, household_key_values
from .lookalikes import HOMONYM
from .profiles import Holder, HouseholdProfile
from .records import MatchResult, PersonRecord, Waiting
from .scored import NAME_GATE
from .scoring import HIGH, LOW, score_household
from .similarity import PreparedRecord

NAME_KINDS = frozenset({KeyKind.NAME.value, KeyKind.PHONETIC_NAME.value})
# Rows of the call (or waiting) scored per record, those sharing most keys first: the
# engine's limit for stored files (prevex/matching/services.py).
CANDIDATE_LIMIT = 25


def with_adds(result: MatchResult, record: PersonRecord, profile: HouseholdProfile):
    """Flag a MATCH whose row may add a claim (``claims.claims_record_many``): a birth
    date the file lacks, a co-tenant the lease does not name."""
    adds = bool(record.birth_date and any(h.birth_date is None for h in profile.holders)) or (
        len(record.people()) > 1 and len(profile.holders) < 2
    )
    return replace(result, adds=True) if adds else result


def claim_in_batch(record: PersonRecord, prepared, profile: HouseholdProfile) -> None:
    """After a MATCH that claims a birth date for a holder without one: the later rows
    of the same call read that claim as if it were stored (``claims.claims_record_many``
    writes it only after the batch). Two rows of one file giving the dateless holder two
    dates are then two people, as they are across files (issue 9)."""
    if not record.birth_date:
        return
    holders = profile.holders
    index = birth_claim_holder(
        list(prepared.people), holder_people(profile), [h.birth_date for h in holders]
    )
    if index is None or record.birth_date in holders[index].claimed_births:
        return
    holder = holders[index]
    holders[index] = holder._replace(claimed_births=(*holder.claimed_births, record.birth_date))
    profile.memo = None  # the scorer's memo key reads the holders


def _pseudo_profile(index: int, record: PersonRecord) -> HouseholdProfile:
    profile = HouseholdProfile(
        id=-1 - index,
        reference="",
        departement_id=record.departement,
        address=record.address,
        postal_code=record.postal_code,
        commune_insee=record.commune_insee,
    )
    people = record.people()
    profile.holders = [Holder(people[0][0], people[0][1], record.birth_date)]
    profile.holders += [Holder(last, first) for last, first in people[1:]]
    return profile


def same_batch_households(
    records: Sequence[PersonRecord],
    prepared,
    keys: list[set[Key]],
    results: list[MatchResult],
    waiting: Sequence[Waiting] = (),
    labels: Sequence[str] | None = None,
    profiles: dict[int, HouseholdProfile] | None = None,
) -> list[MatchResult]:
    """Mark each NEW record that is the same household as an earlier NEW record; one
    that only resembles it (a score in the review range) goes to review against that
    record's household (``REVIEW`` with ``same_as_index``: the caller adds that
    household to the candidates once it is created), as it would against a stored
    file — never a silent new household.

    An earlier record recognised as a **move** of a stored file (``MATCH``, ``moved``:
    same holders, birth date compared) is a root too: the file's new dwelling is only
    written when the batch is, so a later row of the same file at the new address, sent
    without a birth date, would otherwise open a second file where the next batch would
    find the moved one. Such a row is attached to that file only at an automatic score;
    below it, it stays NEW (the earlier row's file is not a candidate yet).

    A ``NEW`` or ``REVIEW`` record that scores at least ``HIGH`` against a row waiting in
    review — one of ``waiting``, or an earlier ``REVIEW`` record of the call — goes to
    review with it (``waits_for`` / ``waits_for_index``), with that row's candidates.
    ``labels`` name the records in the reasons (« ligne 12 » of the file); by default
    « ligne N du lot », N counted from 1 in the call.

    A ``MATCH`` whose birth date and flat were not compared with the file's, while a row
    of a namesake of the file's holder waits in review (``_waiting_namesake``: that row
    has another birth date or another flat than the file), goes to review: the row may
    be the namesake's, whose file does not exist yet (``profiles``: the files matched,
    as the engine loaded them;
    docs/decisions/2026-12-06-waiting-namesake.md)."""

    def name(index: int) -> str:
        return labels[index] if labels is not None else f"ligne {index + 1} du lot"

    roots_by_key: dict[Key, list[int]] = defaultdict(list)
    roots: dict[int, HouseholdProfile] = {}
    moved_to: dict[int, int] = {}  # root index → the stored file it moved

    waits_by_key: dict[Key, list[int]] = defaultdict(list)
    waits: list[tuple[HouseholdProfile, Waiting | int]] = []  # a Waiting, or a record index

    def add_root(index: int) -> None:
        profile = _pseudo_profile(index, records[index])
        roots[index] = profile
        for key in _profile_keys(profile):
            roots_by_key[key].append(index)

    def add_wait(record: PersonRecord, handle: Waiting | int) -> None:
        profile = _pseudo_profile(len(waits), record)
        for key in _profile_keys(profile):
            waits_by_key[key].append(len(waits))
        waits.append((profile, handle))

    for row in waiting:
        add_wait(row.record, row)
    for index, result in enumerate(results):
        if result.outcome == "MATCH" and result.moved:
            moved_to[index] = result.household_id
            add_root(index)
            continue
        if result.outcome == "MATCH" and waits and profiles:
            results[index] = _waiting_namesake(
                index, records, prepared, keys, results, waits, waits_by_key, profiles, name
            )
            if results[index].outcome == "REVIEW":
                add_wait(records[index], index)
            continue
        if result.outcome == "REVIEW":
            results[index] = _waits_with(index, prepared, keys, results, waits, waits_by_key, name)
            add_wait(records[index], index)
            continue
        if result.outcome != "NEW":
            continue
        best, best_score, best_new, best_new_score = None, 0.0, None, 0.0
        for root in _nearest(keys[index], roots_by_key):
            scored = score_household(prepared[index], roots[root])
            if scored.score > best_score:
                best, best_score = (root, scored), scored.score
            if root not in moved_to and scored.score > best_new_score:
                best_new, best_new_score = (root, scored), scored.score
        if best is not None and best_score >= HIGH and best[0] in moved_to:
            root, scored = best
            results[index] = with_adds(
                MatchResult(
                    outcome="MATCH",
                    household_id=moved_to[root],
                    score=scored.score,
                    reason=(
                        f"Même ménage que la {name(root)}, reconnue à sa nouvelle "
                        f"adresse : {scored.reason}."
                    ),
                    candidates=result.candidates,
                    departement=result.departement,
                    warnings=scored.warnings,
                    birth_same=scored.birth == "same",
                ),
                records[index],
                roots[root],
            )
            continue
        best, best_score = best_new, best_new_score
        if best is not None and best_score >= HIGH:
            root, scored = best
            # What the row adds to the household created for the earlier one, and its
            # move (rows are in the order sent): as for a MATCH on a stored household.
            results[index] = with_adds(
                MatchResult(
                    outcome="NEW",
                    household_id=None,
                    score=scored.score,
                    reason=f"Même ménage que la {name(root)} : {scored.reason}.",
                    candidates=result.candidates,
                    same_as_index=root,
                    departement=result.departement,
                    moved=scored.moved,
                ),
                records[index],
                roots[root],
            )
            continue
        follows = _waits_with(index, prepared, keys, results, waits, waits_by_key, name)
        if follows is not result:
            results[index] = follows
            add_wait(records[index], index)
            continue
        if best is not None and best_score >= LOW:
            root, scored = best
            why = f" ({scored.rule})" if scored.rule else ""
            add_wait(records[index], index)
            results[index] = MatchResult(
                outcome="REVIEW",
                household_id=None,
                score=scored.score,
                reason=(
                    f"Rapprochement incertain{why} avec le ménage de la {name(root)} : "
                    f"{scored.reason}."
                ),
                candidates=result.candidates,
                same_as_index=root,
                departement=result.departement,
                warnings=scored.warnings,
            )
            continue
        add_root(index)
    return results


def _nearest(keys: set[Key], by_key: dict[Key, list[int]]) -> list[int]:
    """The CANDIDATE_LIMIT entries of ``by_key`` sharing most of ``keys`` (then by
    index)."""
    shared: dict[int, int] = defaultdict(int)
    for key in keys:
        for entry in by_key.get(key, ()):
            shared[entry] += 1
    return sorted(shared, key=lambda e: (-shared[e], e))[:CANDIDATE_LIMIT]


def _profile_keys(profile: HouseholdProfile) -> set[Key]:
    holders = [(h.last_name, h.first_name, h.birth_date) for h in profile.holders]
    return household_key_values(
        holders=holders, address=profile.address, postal_code=profile.postal_code
    )


def _waits_with(index, prepared, keys, results, waits, waits_by_key, name) -> MatchResult:
    """``results[index]`` turned into a review that follows the waiting row it is the
    same person as (scored against that row as against a file: at least ``HIGH``), with
    that row's candidates after its own; else unchanged."""
    result = results[index]
    best, best_score = None, 0.0
    for wait in _nearest(keys[index], waits_by_key):
        scored = score_household(prepared[index], waits[wait][0])
        if scored.score > best_score:
            best, best_score = (wait, scored), scored.score
    if best is None or best_score < HIGH:
        return result
    wait, scored = best
    handle = waits[wait][1]
    own = list(result.candidates) if result.outcome == "REVIEW" else []
    same_as = result.same_as_index  # a NEW record's is None
    if isinstance(handle, Waiting):
        label, theirs, follows = handle.label, handle.candidates, {"waits_for": handle.ref}
    else:  # an earlier REVIEW record of this call: its batch household too, if any
        label, theirs, follows = (
            name(handle),
            results[handle].candidates,
            {"waits_for_index": handle},
        )
        same_as = same_as if same_as is not None else results[handle].same_as_index
    seen = {c.household_id for c in own}
    return replace(
        result,
        outcome="REVIEW",
        household_id=None,
        score=scored.score,
        reason=(
            f"Même personne qu'une ligne encore en attente de revue ({label}) : "
            f"{scored.reason}. Elle sera rattachée au même dossier que celle-ci."
        ),
        candidates=own + [c for c in theirs if c.household_id not in seen],
        same_as_index=same_as,
        warnings=scored.warnings,
        **follows,
    )


def _waiting_namesake(
    index, records, prepared, keys, results, waits, waits_by_key, profiles, name
) -> MatchResult:
    """``results[index]`` (a MATCH) turned into a review when a namesake of the matched
    file's holder waits in review and the row may be that person's: the row's birth date
    and flat were not compared with the file's (not the same date, not the same flat),
    the row resembles the waiting row (``LOW`` or more, the same name), and the waiting
    row is not the file's person (another birth date, or another flat than the file's).
    Else unchanged. The row does not follow the waiting row: it may be the file's."""
    result = results[index]
    profile = profiles.get(result.household_id)
    if profile is None:
        return result
    kept = score_household(prepared[index], profile)
    if kept.birth == "same" or kept.dwelling == "flat":
        return result
    # Only the waiting rows that share a name key with the row (its address key brings
    # every waiting row of the building: scoring them all cost a third of the call).
    names = {key for key in keys[index] if key[0] in NAME_KINDS}
    for wait in _nearest(names, waits_by_key):
        wait_profile, handle = waits[wait]
        scored = score_household(prepared[index], wait_profile)
        if scored.score < LOW or scored.tenant_names < NAME_GATE:
            continue
        record = handle.record if isinstance(handle, Waiting) else records[handle]
        theirs = score_household(PreparedRecord.of(record), profile)
        if theirs.tenant_names < NAME_GATE or not (
            theirs.birth == "different" or theirs.flat_conflict
        ):
            continue
        label = handle.label if isinstance(handle, Waiting) else name(handle)
        if isinstance(handle, Waiting):
            waiting_candidates = handle.candidates
        else:
            waiting_candidates = results[handle].candidates
        seen = {c.household_id for c in result.candidates}
        return replace(
            result,
            outcome="REVIEW",
            household_id=None,
            reason=(
                f"Rattachement incertain : un homonyme du titulaire du dossier attend en "
                f"revue ({label} : {theirs.reason}) et la date de naissance de cette ligne "
                f"n'a pas pu être comparée ({kept.reason}). Attention : {HOMONYM}."
            ),
            candidates=[
                *result.candidates,
                *(c for c in waiting_candidates if c.household_id not in seen),
            ],
            warnings=(*result.warnings, HOMONYM)
            if HOMONYM not in result.warnings
            else result.warnings,
            moved=False,
            adds=False,
            birth_same=False,
        )
    return result
