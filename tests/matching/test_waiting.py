"""Records that repeat a row waiting in review follow it (prevex/matching/in_batch.py)."""

import pytest

from prevex.matching.records import Candidate, Waiting
from prevex.matching.services import match_records

from .conftest import BIRTH, record

pytestmark = pytest.mark.django_db

# Samir, same surname and birth date as the stored Samia, elsewhere: possibly twins.
SAMIR = record("Benali", "Samir", BIRTH, "3 avenue Jean Jaurès", postal_code="93100")
SAMIR_AGAIN = record("BENALI", "SAMIR", None, "3 av. Jean Jaurès", postal_code="93100")
STRANGER = record("Keita", "Awa", None, "3 avenue Jean Jaurès", postal_code="93100")


@pytest.fixture
def samia(make_household):
    return make_household("Benali", "Samia", BIRTH, "12 avenue de la République")


def test_a_waiting_row_given_by_the_caller_is_followed(samia):
    alone = match_records(records=[SAMIR_AGAIN], departement="93")[0]
    assert alone.outcome == "NEW"  # the control: nothing stored holds him
    proposed = Candidate(samia.pk, 0.8, "possibles jumeaux", samia.reference)
    waiting = [
        Waiting(label="fichier « a.csv », ligne 2", record=SAMIR, candidates=(proposed,), ref=41)
    ]
    result = match_records(records=[SAMIR_AGAIN], departement="93", waiting=waiting)[0]
    assert result.outcome == "REVIEW" and result.household_id is None
    assert result.waits_for == 41 and result.waits_for_index is None
    assert "fichier « a.csv », ligne 2" in result.reason
    assert [c.household_id for c in result.candidates] == [samia.pk]


def test_someone_else_at_the_same_address_does_not_follow(samia):
    waiting = [Waiting(label="ligne 2", record=SAMIR, ref=41)]
    result = match_records(records=[STRANGER], departement="93", waiting=waiting)[0]
    assert result.outcome == "NEW" and result.waits_for is None


def test_a_review_earlier_in_the_call_is_followed(samia):
    results = match_records(records=[SAMIR, STRANGER, SAMIR_AGAIN], departement="93")
    assert results[0].outcome == "REVIEW"  # possibly Samia's twin
    assert results[1].outcome == "NEW" and results[1].waits_for_index is None
    assert results[2].outcome == "REVIEW"
    assert results[2].waits_for_index == 0
    assert [c.household_id for c in results[2].candidates] == [
        c.household_id for c in results[0].candidates
    ]
