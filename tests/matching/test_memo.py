"""The engine's memos (person similarities, household scores) never change a score.

A noisy corpus is scored against households built from it, first with the plain
functions (``compute_*``, no memo at all), then through the memos, cold and warm, and
again after the households change (a co-tenant added, a move): every score, reason and
decision must be the same.
"""

import dataclasses
import random

import pytest

from prevex.matching import names_part, scoring, weak
from prevex.matching.profiles import Holder, HouseholdProfile
from prevex.synth.corpus import noisy_corpus

PLACES = [
    ("93066", "93200", "Saint-Denis"),
    ("93048", "93100", "Montreuil"),
    ("93001", "93300", "Aubervilliers"),
]


def profiles_of(rows) -> list[HouseholdProfile]:
    """One profile per true household, from its first row (as the import would create it)."""
    first = {}
    for row in rows:
        first.setdefault(row.truth, row.record)
    profiles = []
    for truth, record in sorted(first.items()):
        people = record.people()
        profile = HouseholdProfile(
            truth, f"M{truth}", "93", record.address, record.postal_code, record.commune_insee
        )
        profile.holders = [Holder(people[0][0], people[0][1], record.birth_date)]
        profile.holders += [Holder(last, first) for last, first in people[1:]]
        profiles.append(profile)
    return profiles


def score_all(rows, profiles, rng_seed=3):
    """Scores of each row against its own household and 6 others, and the decisions."""
    rng = random.Random(rng_seed)
    scores, decisions = [], []
    for row in rows:
        record = scoring.PreparedRecord.of(row.record)
        chosen = [profiles[row.truth], *rng.sample(profiles, 6)]
        scored = [(p.id, scoring.score_household(record, p)) for p in chosen]
        scores.append(scored)
        decisions.append(scoring.decide(sorted(scored, key=lambda s: (-s[1].score, s[0]))))
    return scores, decisions


@pytest.fixture
def clear_memos():
    scoring._SIMILARITIES.clear()
    scoring._SCORES.clear()
    weak._WEAK.clear()
    yield
    scoring._SIMILARITIES.clear()
    scoring._SCORES.clear()
    weak._WEAK.clear()


def test_memos_give_the_plain_scores_and_decisions(monkeypatch, clear_memos):
    rows = noisy_corpus(households=120, seed=11, places=PLACES, noise=0.6)
    profiles = profiles_of(rows)
    with monkeypatch.context() as patch:  # the plain path: no memo anywhere
        patch.setattr(names_part, "person_similarity", scoring.compute_person_similarity)
        patch.setattr(scoring, "score_household", scoring.compute_score_household)
        expected = score_all(rows, profiles)
    assert len(scoring._SIMILARITIES) == 0 and len(scoring._SCORES) == 0
    cold = score_all(rows, profiles)
    warm = score_all(rows, profiles)
    assert cold == expected
    assert warm == expected
    assert len(scoring._SCORES) > 0


def test_a_changed_household_is_scored_again(monkeypatch, clear_memos):
    rows = noisy_corpus(households=60, seed=5, places=PLACES, noise=0.6)
    profiles = profiles_of(rows)
    score_all(rows, profiles)  # fills the memos
    for profile in profiles[::2]:  # a co-tenant added, or the household moved
        if len(profile.holders) == 1:
            profile.holders.append(Holder("Nouvel", "Occupant"))
        else:
            profile.address = "3 impasse des Lilas"
    changed = [dataclasses.replace(p) for p in profiles]
    for fresh, old in zip(changed, profiles, strict=True):
        fresh.holders = list(old.holders)
    with monkeypatch.context() as patch:
        patch.setattr(names_part, "person_similarity", scoring.compute_person_similarity)
        patch.setattr(scoring, "score_household", scoring.compute_score_household)
        expected = score_all(rows, changed)
    assert score_all(rows, changed) == expected
