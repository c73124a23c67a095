"""The matching engine: find the household of a record, and journal every decision.

``match_record``/``match_records`` only read: they return a ``MatchResult`` and the
caller (the import, the API, a form) attaches the row, creates the household or sends
the row to review, then calls ``match_decision_record``. Candidate retrieval uses the
blocking keys (prevex/matching/keys.py) with a constant number of indexed queries per
batch of up to ``RECORD_CHUNK`` records: one for the keys, one for the candidates.
Merges, splits and undos live in prevex/matching/corrections.py (re-exported here).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from django.db import transaction

from prevex.accounts.models import Membership
from prevex.core.collector import collector_paused
from prevex.core.errors import BusinessError
from prevex.households.models import Household

from .claims import household_holders_complete
from .corrections import household_merge, household_split, match_decision_undo
from .in_batch import CANDIDATE_LIMIT, claim_in_batch, same_batch_households, with_adds
from .keys import Key, record_key_values
from .models import MatchDecision, Outcome
from .profiles import HouseholdProfile, key_hits, load_profiles
from .records import Candidate, MatchResult, PersonRecord, Waiting
from .scoring import (
    HIGH,
    LOW,
    PreparedRecord,
    Scored,
    decide,
    score_household,
)
from .weak import score_or_weak

__all__ = [
    "HIGH",
    "LOW",
    "household_holders_complete",
    "household_merge",
    "household_split",
    "match_decision_confirm",
    "match_decision_record",
    "match_decision_undo",
    "match_record",
    "match_records",
]

# Records per round of queries (≈ 13 key values each): bigger rounds load each candidate
# household once for more records (500 → 1,000 with the Counter below: 8 % fewer
# instructions on the independent corpus, docs/benchmarks.md); a round also stops at KEY_VALUES_CHUNK distinct keys, well under SQLite's
# 32,766 bound parameters.
RECORD_CHUNK = 1000
KEY_VALUES_CHUNK = 15_000
# households scored per record, those sharing most keys first (the same for rows of the
# call: in_batch.py)
SHOWN_CANDIDATES = 5  # candidates kept in the result (and in the journal)
SHOWN_FLOOR = 0.3  # …with at least this score


def _key_hits(keys: set[Key], departement: str) -> dict[Key, list[int]]:
    """Households of the département holding each of these keys (one query)."""
    return key_hits(keys, departement)


def _candidate_ids(keys: set[Key], hits: dict[Key, list[int]]) -> list[int]:
    """The CANDIDATE_LIMIT households sharing most keys with the record (then by id).
    A common name's key hits hundreds of households: counted and sorted in C
    (``Counter.update``, ``list.sort``), no Python call per household."""
    shared: Counter[int] = Counter()
    for key in keys:
        found = hits.get(key)
        if found:
            shared.update(found)
    # by id, then by count (a stable sort, reversed: equal counts keep their id order)
    ids = sorted(shared)
    ids.sort(key=shared.__getitem__, reverse=True)
    return ids[:CANDIDATE_LIMIT]


def _result(scored: list[tuple[int, Scored]], profiles, departement: str) -> MatchResult:
    scored.sort(key=lambda item: (-item[1].score, item[0]))
    outcome, household_id, score, reason = decide(scored)
    candidates = [
        Candidate(
            pk,
            s.score,
            s.reason,
            profiles[pk].reference if pk in profiles else "",
            rule=s.rule,
            warnings=s.warnings,
        )
        for pk, s in scored[:SHOWN_CANDIDATES]
        if s.score >= SHOWN_FLOOR
    ]
    best = scored[0][1] if scored else None
    if household_id is not None and scored[0][0] != household_id:
        # the file decided on, when the decision preferred another than the top score
        best = next((s for pk, s in scored if pk == household_id), best)
    return MatchResult(
        outcome=outcome,
        household_id=household_id,
        score=score,
        reason=reason,
        candidates=candidates,
        departement=departement,
        warnings=best.warnings if best and outcome != "NEW" else (),
        moved=bool(best and outcome == "MATCH" and best.moved),
        birth_same=bool(best and outcome == "MATCH" and best.birth == "same"),
    )


def match_records(
    *,
    records: Sequence[PersonRecord],
    departement: str,
    waiting: Sequence[Waiting] = (),
    labels: Sequence[str] | None = None,
) -> list[MatchResult]:
    """Decide MATCH / REVIEW / NEW for each record, in order (two queries per
    ``RECORD_CHUNK`` records). NEW records of the same household within the batch are
    linked through ``same_as_index``; a record that is the same person as one of the
    rows ``waiting`` in review (or as an earlier REVIEW record) follows it
    (prevex/matching/in_batch.py); ``labels`` name the records in those reasons (« ligne
    12 »; « ligne N du lot » by default). The cyclic garbage collector is paused meanwhile
    (``prevex.core.collector``: a third of the CPU otherwise, docs/benchmarks.md)."""
    departement = (departement or "").strip()
    if not departement:
        raise BusinessError("Le département est obligatoire pour rapprocher un ménage.")
    with collector_paused():
        return _match_records(list(records), departement, waiting, labels)


def _match_records(
    records: list[PersonRecord],
    departement: str,
    waiting: Sequence[Waiting] = (),
    labels: Sequence[str] | None = None,
) -> list[MatchResult]:
    prepared = [PreparedRecord.of(r) for r in records]
    all_keys = [record_key_values(r) for r in records]
    results: list[MatchResult] = []
    # Nothing is written while a call runs: a key's households and a household's profile
    # read in one round serve the next rounds (a common name's key, a big estate's
    # address, the households they lead to), and are not read again.
    hits: dict[Key, list[int]] = {}
    profiles: dict[int, HouseholdProfile] = {}
    for start, end in _rounds(all_keys):
        keys = all_keys[start:end]
        missing = set().union(*keys).difference(hits)
        if missing:
            found = _key_hits(missing, departement)
            hits.update((key, found.get(key, ())) for key in missing)
        candidate_ids = [_candidate_ids(k, hits) for k in keys]
        wanted = {pk for ids in candidate_ids for pk in ids}.difference(profiles)
        if wanted:
            profiles.update(load_profiles(wanted))
        for offset, ids in enumerate(candidate_ids):
            scored = _scored(prepared[start + offset], ids, profiles)
            result = _result(scored, profiles, departement)
            if result.outcome == "MATCH":
                profile = profiles[result.household_id]
                result = with_adds(result, records[start + offset], profile)
                if result.adds:
                    claim_in_batch(records[start + offset], prepared[start + offset], profile)
            results.append(result)
    return same_batch_households(
        records, prepared, all_keys, results, waiting, labels, profiles=profiles
    )


def _scored(record: PreparedRecord, ids: list[int], profiles) -> list[tuple[int, Scored]]:
    """The candidates scored for a record. Those the names, the birth date or another
    dwelling prove weak (``weak.score_or_weak``: below ``LOW``) cannot change an
    automatic match, only be listed with it: when the others already decide a MATCH,
    they are left out.
    Otherwise (review, new household) they are scored while one may still be the best
    or among the ``SHOWN_CANDIDATES`` shown (≥ ``SHOWN_FLOOR``), highest bound first —
    what an agent is shown is the same as if every candidate had been scored
    (docs/decisions/2026-12-03-weak-candidates.md and
    docs/decisions/2026-12-03-weak-candidates-elsewhere.md)."""
    scored, weak = [], []
    for pk in ids:
        profile = profiles.get(pk)
        if profile is None:
            continue
        found = score_or_weak(record, profile)
        if found.__class__ is float:
            weak.append((found, pk))
        else:
            scored.append((pk, found))
    if not weak:
        return scored
    if scored and max(s.score for _, s in scored) >= LOW:
        ordered = sorted(scored, key=lambda item: (-item[1].score, item[0]))
        if decide(ordered)[0] == "MATCH":
            return scored
    weak.sort(key=lambda item: (-item[0], item[1]))
    scores = sorted((s.score for _, s in scored), reverse=True)
    for bound, pk in weak:
        shown = bound >= SHOWN_FLOOR and (
            len(scores) < SHOWN_CANDIDATES or bound >= scores[SHOWN_CANDIDATES - 1]
        )
        if not (shown or not scores or bound >= scores[0]):
            break  # the next bounds are lower still
        found = score_household(record, profiles[pk])
        scored.append((pk, found))
        bisect.insort(scores, found.score, key=lambda value: -value)
    return scored


def _rounds(all_keys: list) -> list[tuple[int, int]]:
    """(start, end) of each round: at most RECORD_CHUNK records and KEY_VALUES_CHUNK
    distinct keys (a record is never split)."""
    rounds, start, seen = [], 0, set()
    for i, keys in enumerate(all_keys):
        full = i - start >= RECORD_CHUNK or len(seen) + len(keys - seen) > KEY_VALUES_CHUNK
        if i > start and full:
            rounds.append((start, i))
            start, seen = i, set()
        seen |= keys
    if start < len(all_keys):
        rounds.append((start, len(all_keys)))
    return rounds


def match_record(*, record: PersonRecord, departement: str) -> MatchResult:
    """Decide MATCH / REVIEW / NEW for one record (two indexed queries at most)."""
    return match_records(records=[record], departement=departement)[0]


def _departement_of(result: MatchResult, household: Household | None) -> str:
    if household is not None:
        return household.departement_id
    if result.departement:
        return result.departement
    raise BusinessError("Le département de la décision de rapprochement est inconnu.")


@transaction.atomic
def match_decision_record(
    *,
    result: MatchResult,
    source_kind: str,
    source_id: int,
    by: Membership | None = None,
    household: Household | None = None,
) -> MatchDecision:
    """Journal a decision: the engine's (``by=None``) or an agent's.

    ``household`` is the household finally used when it is not ``result.household_id``
    (for instance the one just created for a NEW record).
    """
    if household is None and result.household_id is not None:
        household = Household.objects.filter(pk=result.household_id).first()
        if household is None:
            raise BusinessError("Le ménage rapproché n'existe plus.")
    source_kind = (source_kind or "").strip()
    if not source_kind:
        raise BusinessError("La source de la décision de rapprochement est obligatoire.")
    return MatchDecision.objects.create(
        departement_id=_departement_of(result, household),
        household=household,
        household_reference=household.reference if household else "",
        outcome=result.outcome,
        score=result.score,
        reason=result.reason[:500],
        candidates=[
            {"household_id": c.household_id, "score": c.score, "reason": c.reason}
            for c in result.candidates
        ],
        automatic=by is None,
        decided_by=by.user if by else None,
        organisation=by.organisation if by else None,
        source_kind=source_kind,
        source_id=source_id,
    )


@transaction.atomic
def match_decision_confirm(
    *, decision: MatchDecision, household: Household | None, by: Membership
) -> MatchDecision:
    """An agent settles a REVIEW: attach to ``household`` (MATCH) or to a new one (NEW)."""
    if decision.outcome != Outcome.REVIEW or decision.undone_at is not None:
        raise BusinessError("Seul un rapprochement à vérifier peut être tranché.")
    if by.organisation.departement_id != decision.departement_id:
        raise BusinessError("Ce rapprochement relève d'un autre département.")
    if household is not None and household.departement_id != decision.departement_id:
        raise BusinessError("Le ménage choisi appartient à un autre département.")
    chosen = next(
        (c for c in decision.candidates if household and c["household_id"] == household.pk), None
    )
    if household is None:
        outcome, score, reason = Outcome.NEW, 0.0, "Nouveau ménage, décidé par un agent."
    else:
        outcome = Outcome.MATCH
        score = chosen["score"] if chosen else 0.0
        detail = f" ({chosen['reason']})" if chosen else ""
        reason = f"Rattachement décidé par un agent{detail}."
    return match_decision_record(
        result=MatchResult(
            outcome=outcome,
            household_id=household.pk if household else None,
            score=score,
            reason=reason,
            departement=decision.departement_id,
        ),
        source_kind=decision.source_kind,
        source_id=decision.source_id,
        by=by,
        household=household,
    )
