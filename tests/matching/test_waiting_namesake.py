"""A row attached without its birth date or flat being compared goes to review when a
namesake of the file's holder waits in review (prevex/matching/in_batch.py,
``_waiting_namesake``; docs/decisions/2026-12-06-waiting-namesake.md)."""

import datetime

import pytest

from prevex.matching.lookalikes import HOMONYM
from prevex.matching.records import Waiting
from prevex.matching.services import match_records

from .conftest import record

pytestmark = pytest.mark.django_db

SON_BORN = datetime.date(1987, 5, 26)
FATHER_BORN = datetime.date(1967, 1, 15)
STREET = "160 boulevard Stalingrad"
# The father's bailiff rows wait in review (his file does not exist yet).
FATHER = record("Traoré", "Ousmane", FATHER_BORN, f"{STREET}, bâtiment 14, porte 0903")
COURT = record("TRAORÉ", "OUSMANE", None, STREET)  # no birth date, no flat


@pytest.fixture
def son(make_household):
    return make_household("TRAORE", "Ousmane", SON_BORN, f"{STREET}, bâtiment 14, porte 1411")


def _waiting(rec, ref=7):
    return [Waiting(label="fichier « cdp.csv », ligne 3", record=rec, ref=ref)]


def test_an_undated_row_goes_to_review_while_the_namesake_waits(son):
    alone = match_records(records=[COURT], departement="93")[0]
    assert alone.outcome == "MATCH" and alone.household_id == son.pk  # the control
    result = match_records(records=[COURT], departement="93", waiting=_waiting(FATHER))[0]
    assert result.outcome == "REVIEW" and result.household_id is None
    assert result.candidates[0].household_id == son.pk
    assert "homonyme" in result.reason and "cdp.csv" in result.reason
    assert HOMONYM in result.warnings
    assert result.waits_for is None  # it does not follow the father's row


def test_the_same_birth_date_or_the_same_flat_keeps_the_match(son):
    dated = record("TRAORÉ", "OUSMANE", SON_BORN, STREET)
    flat = record("TRAORÉ", "OUSMANE", None, f"{STREET}, bâtiment 14, porte 1411")
    for rec in (dated, flat):
        result = match_records(records=[rec], departement="93", waiting=_waiting(FATHER))[0]
        assert result.outcome == "MATCH" and result.household_id == son.pk, result.reason


def test_a_waiting_row_of_the_files_own_person_changes_nothing(son):
    # The son's own row waiting for another reason (same birth date as the file)
    own = record("Traoré", "Ousmane", SON_BORN, f"{STREET}, bâtiment 14, porte 1411")
    result = match_records(records=[COURT], departement="93", waiting=_waiting(own))[0]
    assert result.outcome == "MATCH" and result.household_id == son.pk
