"""Issue 9, sixth pass (docs/decisions/2026-12-02-name-forms.md and the rules it names),
on pairs designed apart from the corpus. Each test fails without its rule."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

BORN = datetime.date(1997, 3, 14)


def test_a_twin_is_not_merged_through_a_file_written_with_swapped_columns(make_household):
    """The file of « Sofiane Ben Amara » was created from a row with the names in the
    wrong columns. His twin sister « Ben Amara Sofia », same birth date, same address,
    read the other way round would share the file's « first name » (Ben Amara) — but
    the given names are then Sofia and Sofiane: another person."""
    file = make_household("Sofiane", "Ben Amara", BORN, "40 rue Gabriel Péri")
    sister = match_record(
        record=record("Ben Amara", "Sofia", BORN, "40 rue Gabriel Péri"), departement="93"
    )
    assert sister.outcome != "MATCH", sister.reason
    # The brother himself, written the right way round, is still found.
    brother = match_record(
        record=record("Ben Amara", "Sofiane", BORN, "40 rue Gabriel Péri"), departement="93"
    )
    assert (brother.outcome, brother.household_id) == ("MATCH", file.pk), brother.reason


def test_a_namesake_born_the_same_day_in_another_building_is_asked_about(make_household):
    """« Ousman » born the day « Ousmane » was, at another address: a move under another
    spelling, or a namesake — an agent decides. The twins' rule (« prénom et appartement
    différents : un autre ménage de l'immeuble ») is for two flats of one building, and
    only there does it make a new household without asking."""
    born = datetime.date(1989, 11, 25)
    make_household("Camara", "Ousmane", born, "Bât G, Appt 0207 - 15 rue Gabriel Péri")
    elsewhere = match_record(
        record=record("CAMARA", "OUSMAN", born, "BAT B, APPT 1204 - 128 AVENUE JEAN JAURES"),
        departement="93",
    )
    assert elsewhere.outcome == "REVIEW", elsewhere.reason
    # In the same building, another flat: the twins' rule still makes a new household.
    twin = match_record(
        record=record("CAMARA", "OUSMAN", born, "BAT B, APPT 1204 - 15 RUE GABRIEL PERI"),
        departement="93",
    )
    assert twin.outcome == "NEW", twin.reason


def test_the_file_of_the_flat_the_row_names_wins_even_when_it_scored_second(make_household):
    """Two files of « Haddou Karim » in one building, the father's without a flat (and
    created first: it comes first on an equal score), the son's with flat 1305. A row
    without birth date naming flat 1305 is the son's: the flat tells his file from the
    father's, whichever the scores put first."""
    father = make_household("Haddou", "Karim", datetime.date(1961, 2, 3), "103 allée du Parc")
    son = make_household("HADDOU", "KARIM", None, "Bât 3, Appt 1305 - 103 allée du Parc")
    row = match_record(
        record=record("Haddou", "Karim", None, "103 allée du Parc bât 3 appt 1305"),
        departement="93",
    )
    assert (row.outcome, row.household_id) == ("MATCH", son.pk), row.reason
    # Without a flat, nothing tells them apart: an agent decides.
    bare = match_record(
        record=record("Haddou", "Karim", None, "103 allée du Parc"), departement="93"
    )
    assert bare.outcome == "REVIEW", bare.reason
    assert {c.household_id for c in bare.candidates} >= {father.pk, son.pk}


def test_a_slip_in_a_file_written_with_swapped_columns_is_still_the_person(make_household):
    """The file was created from a row with swapped columns and a typo in the given name
    (« Pagrick / Gillet »): read the other way round, « Patrick » and « Pagrick » are one
    name with a key hit next to the right one, not twins."""
    file = make_household("Pagrick", "Gillet", BORN, "162 rue Margot")
    row = match_record(record=record("GILLET", "Patrick", BORN, "162 rue Margot"), departement="93")
    assert (row.outcome, row.household_id) == ("MATCH", file.pk), row.reason
