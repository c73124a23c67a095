"""Issue 9, fifth pass: moves the engine could not join (docs/decisions/
2026-12-02-matching-moves.md). Each test fails without its rule: the département-wide
phonetic name key (``PF``), and the birth date that the file's earlier rows declared."""

import datetime

import pytest

from prevex.households.keys import expected_keys, stored_keys
from prevex.households.models import KeyKind
from prevex.matching.claims import claims_record_many
from prevex.matching.keys import record_key_values
from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

BORN = datetime.date(1958, 5, 1)


def _pf(keys):
    return {value for kind, value in keys if kind == KeyKind.PHONETIC_NAME}


def test_a_couple_that_moved_under_other_spellings_is_still_a_candidate(make_household):
    """« Lefèvre Helene + Kumar Nikolai » in another commune, without birth dates,
    shares no postcode key, no exact name and no birth key with the file of « Lefebvre
    Hélène + Kumar Nicolaï »: only the phonetic names, anywhere in the département."""
    file = make_household(
        "LEFEBVRE", "HELENE", datetime.date(1975, 12, 31), "99 rue Hoche", co=("KUMAR", "NICOLAI")
    )
    row = record(
        "Lefèvre",
        "Helene",
        None,
        "134 rte de Noisy appt 06",
        postal_code="93230",
        co_last_name="Kumar",
        co_first_name="Nikolai",
    )
    shared = _pf(record_key_values(row)) & _pf(stored_keys([file.pk])[file.pk])
    assert shared, "no PF key in common"
    result = match_record(record=row, departement="93")
    # the same couple elsewhere, dates not comparable: an agent decides (not a new file)
    assert result.outcome == "REVIEW", result.reason
    assert result.candidates and result.candidates[0].household_id == file.pk


def test_swapped_names_share_the_phonetic_name_key(make_household):
    file = make_household("Cissé", "Moussa", None, "154 rue Quétigny")
    row = record("Moussa", "Cisse", None, "3 rue de Paris", postal_code="93800")
    assert _pf(record_key_values(row)) & _pf(stored_keys([file.pk])[file.pk])


def test_every_writer_stores_the_phonetic_name_key(make_household):
    file = make_household("Da Silva", "José", None, co=("Martin", "Anne-Marie"))
    stored = stored_keys([file.pk])[file.pk]
    assert stored == expected_keys([file.pk])[file.pk]
    assert len(_pf(stored)) >= 2  # one per holder (and per surname form)


def _claim(household, birth, n):
    for index in range(n):
        claims_record_many(
            matches=[
                (
                    household.pk,
                    record("ZHANG", "Svetlana", birth, household.address),
                    "test",
                    index,
                )
            ]
        )


def _elsewhere(birth):
    """Svetlana Zhang's row at another address, in another commune."""
    return match_record(
        record=record("ZHANG", "SVETLANA", birth, "163 rue Jean Jaurès", postal_code="93380"),
        departement="93",
    )


def test_a_move_is_recognised_by_the_birth_date_earlier_rows_declared(make_household):
    """The file's first row came without a birth date; the rows matched after it
    declared one (pending claims, never written). The same person at another address
    with that date has moved; with another date, she is someone else."""
    file = make_household("Zhang", "Svetlana", None, "174 avenue Paul Vaillant-Couturier")
    _claim(file, BORN, 2)
    moved = _elsewhere(BORN)
    assert moved.outcome == "MATCH" and moved.household_id == file.pk, moved.reason
    assert moved.moved
    other = _elsewhere(datetime.date(1988, 2, 9))
    assert not (other.outcome == "MATCH" and other.household_id == file.pk), other.reason


def test_conflicting_claims_are_no_evidence_of_a_move(make_household):
    """Earlier rows declared two different dates (a father and a son under one name):
    the claims prove nothing, the row elsewhere is not joined."""
    file = make_household("Zhang", "Svetlana", None, "174 avenue Paul Vaillant-Couturier")
    _claim(file, BORN, 1)
    _claim(file, datetime.date(1990, 3, 14), 1)
    result = _elsewhere(BORN)
    assert not (result.outcome == "MATCH" and result.household_id == file.pk), result.reason


def test_no_claim_no_move(make_household):
    file = make_household("Zhang", "Svetlana", None, "174 avenue Paul Vaillant-Couturier")
    result = _elsewhere(BORN)
    assert not (result.outcome == "MATCH" and result.household_id == file.pk), result.reason


def test_a_couple_elsewhere_whose_file_s_rows_declared_other_dates_is_another_couple(
    make_household,
):
    """The same couple's names at another address, the row's date unknown to the file:
    an agent decides (a move, or namesakes). But when the file's earlier rows declared
    another date for that person, it is a namesake couple: a new household, no review."""
    file = make_household("Çelik", "Serkan", None, "3 rue de la Paix", co=("Öztürk", "Ayşe"))
    row = record(
        "CELIK",
        "Serkan",
        datetime.date(1991, 6, 17),
        "32 allée du Rempart",
        postal_code="93160",
        co_last_name="Ozturk",
        co_first_name="Ayse",
    )
    undecided = match_record(record=row, departement="93")
    assert undecided.outcome == "REVIEW", undecided.reason
    claims_record_many(
        matches=[
            (
                file.pk,
                record("Celik", "Serkan", datetime.date(1975, 2, 3), file.address),
                "test",
                1,
            )
        ]
    )
    other = match_record(record=row, departement="93")
    assert other.outcome == "NEW", other.reason
