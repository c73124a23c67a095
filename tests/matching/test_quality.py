"""End to end on a seeded noisy corpus: import row by row, then compare with the truth."""

from collections import Counter
from decimal import Decimal

import pytest

from prevex.households.models import Household, HouseholdKey, MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.matching.services import household_holders_complete, match_record
from prevex.synth.corpus import NOISES, noisy_corpus
from tests import factories

PLACES = [
    ("93066", "93200", "Saint-Denis"),
    ("93048", "93100", "Montreuil"),
    ("93001", "93300", "Aubervilliers"),
    ("93008", "93000", "Bobigny"),
]


def pair_count(counter: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def import_rows(rows, communes):
    assigned, outcomes = [], Counter()
    for row in rows:
        record = row.record
        result = match_record(record=record, departement="93")
        outcomes[result.outcome] += 1
        if result.outcome == "MATCH":
            household = result.household_id
            household_holders_complete(household=Household.objects.get(pk=household), record=record)
        else:  # REVIEW counted, then treated as a new household (no agent here)
            members = [
                {
                    "role": MemberRole.TITULAIRE,
                    "last_name": record.last_name,
                    "first_name": record.first_name,
                    "birth_date": record.birth_date,
                }
            ]
            created = household_create(
                by=None,
                departement="93",
                composition="AUTRE",
                address=record.address,
                postal_code=record.postal_code,
                commune=communes[record.commune_insee or "93066"],
                parc=Parc.PRIVE,
                rent=Decimal("500"),
                members=members,
            )
            household_derived_refresh(household_ids=[created.pk])
            household = created.pk
        assigned.append(household)
    return assigned, outcomes


@pytest.mark.django_db
def test_a_noisy_corpus_is_matched_with_high_precision_and_recall():
    communes = {insee: factories.commune(insee, name, code) for insee, code, name in PLACES}
    rows = noisy_corpus(households=120, seed=7, places=PLACES)
    assert {n for row in rows for n in row.noise} == set(NOISES)  # every noise is exercised
    assigned, outcomes = import_rows(rows, communes)
    truth = [row.truth for row in rows]
    both = pair_count(Counter(zip(assigned, truth, strict=True)))
    precision = both / pair_count(Counter(assigned))
    recall = both / pair_count(Counter(truth))
    assert precision >= 0.99, precision
    assert recall >= 0.97, recall
    assert outcomes["REVIEW"] <= 0.03 * len(rows)
    assert HouseholdKey.objects.exists()
