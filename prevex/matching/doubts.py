"""Attachments in doubt: a row attached to a file without its birth date being compared,
looked at again when another file of the same name opens in the same building.

A row that gives no birth date (or a file that has none) is attached by its names and
its dwelling: with one file of that name in the building, that is the right decision
at the time. When, later, a row of a second person of that name opens a file of its own
there (« même nom, autre date de naissance »: a father and his son, two neighbours),
the earlier attachment may have been that second person's: nothing had told them apart.

``attachments_in_doubt`` scores each such earlier row again, against the file it joined
and the file just opened, as the engine would have with both files present
(``decision.decide``): when that no longer gives the same file, the attachment is in
doubt and the caller sends the row to the review queue with both files as candidates.
The row's own claims (the birth date it declared, stored as a claim on the file it
joined) are left out of the file it is scored against: they are its own word, not the
file's. Rows whose birth date was compared equal, or that name the file's very flat, stay
(``decide`` keeps them). Decision recorded in
docs/decisions/2026-12-06-attachments-in-doubt.md.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .decision import decide
from .profiles import HouseholdProfile, load_profiles
from .records import Candidate, PersonRecord
from .scored import HIGH, LOW, NAME_GATE
from .scoring import score_household
from .similarity import PreparedRecord

RULE = "rattachement à revoir"
# The files a just-opened file's row was compared with whose earlier rows are looked at
# again: a namesake in the building scores just below LOW (« logement différent », « même
# nom, autre date de naissance »); a file far below cannot hold a row that resembles the
# new one enough to be in doubt, and reading its rows would cost for nothing.
OPENED_FLOOR = 0.6


def compared_files(opened: int, candidates: Sequence[Candidate]) -> list[int]:
    """The files whose earlier rows a file just opened may put in doubt: the candidates
    of the row that opened it, scored at ``OPENED_FLOOR`` or more."""
    return [
        c.household_id for c in candidates if c.household_id != opened and c.score >= OPENED_FLOOR
    ]


@dataclass(frozen=True)
class Doubt:
    """An automatic attachment to review: ``ref`` is the caller's row."""

    ref: object
    attached_to: int
    opened: int
    score: float
    reason: str
    candidates: list[Candidate]


def _without_own_claims(profile: HouseholdProfile, own: Sequence) -> HouseholdProfile:
    """The file without what this row declared (its pending birth-date claims): the
    row's own word is not the file's. Another row's claim of the same date stays."""
    if not own:
        return profile
    left = list(own)
    holders = []
    for holder in profile.holders:
        claimed = list(holder.claimed_births)
        for day in list(left):
            if day in claimed:
                claimed.remove(day)
                left.remove(day)
        holders.append(holder._replace(claimed_births=tuple(claimed)))
    return dataclasses.replace(profile, holders=holders, prepared=[])


def _candidate(pk: int, profile: HouseholdProfile, scored, rule: str = "") -> Candidate:
    return Candidate(
        pk, scored.score, scored.reason, profile.reference, rule=rule, warnings=scored.warnings
    )


def attachments_in_doubt(
    *,
    opened: Mapping[int, Sequence[int]],
    attached: Sequence[tuple[object, int, PersonRecord, Sequence]],
) -> list[Doubt]:
    """``opened``: each file just opened → the files its row was compared with (its
    candidates); ``attached``: ``(ref, file, record, own claims)`` of the rows attached
    automatically to those files (the rows that opened them excluded), with the birth
    dates of the row's own pending claims (``claims.claimed_births_of``). Returns the
    attachments that the
    engine, with the new file present, would not make again (one per row: the first new
    file that puts it in doubt)."""
    news_of: dict[int, list[int]] = defaultdict(list)
    for new, olds in opened.items():
        for old in olds:
            if old != new:
                news_of[old].append(new)
    rows = [row for row in attached if news_of.get(row[1])]
    if not rows:
        return []
    profiles = load_profiles({row[1] for row in rows} | set(opened))
    doubts = []
    for ref, old, record, own in rows:
        kept_profile = profiles.get(old)
        if kept_profile is None:
            continue
        prepared = PreparedRecord.of(record)
        kept_profile = _without_own_claims(kept_profile, own)
        kept = score_household(prepared, kept_profile)
        if kept.birth == "same":
            continue  # compared, and equal: that person
        for new in sorted(news_of[old]):
            new_profile = profiles.get(new)
            if new_profile is None:
                continue
            other = score_household(prepared, new_profile)
            if other.score < LOW or other.tenant_names < NAME_GATE:
                continue  # not that person's name, or too far: no doubt
            if other.elsewhere and not kept.elsewhere:
                continue  # the new file lives at another address: not a namesake here
            scored = sorted([(old, kept), (new, other)], key=lambda item: (-item[1].score, item[0]))
            outcome, chosen, _, why = decide(scored)
            if outcome == "MATCH" and chosen == old:
                continue
            if outcome == "MATCH" and kept.score < HIGH:
                why = f"{why} Le dossier d'abord choisi ne l'aurait plus été."
            reason = (
                f"Rattachement à revoir : un autre dossier au même nom ({new_profile.reference}) "
                f"a été ouvert dans le même immeuble après que cette ligne a été rattachée "
                f"au dossier {kept_profile.reference}, sans que les dates de naissance aient pu "
                f"être comparées. {why}"
            )
            candidates = [
                _candidate(pk, profiles[pk], s, RULE if pk == old else "") for pk, s in scored
            ]
            doubts.append(
                Doubt(ref, old, new, max(kept.score, other.score), reason.strip(), candidates)
            )
            break
    return doubts
