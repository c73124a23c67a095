"""Issue 9, second pass: the dwelling, the couple and the old address in the decision.

Written from the rules of docs/decisions/2026-12-01-matching-rules.md (addendum), not
from corpus rows.
"""

import datetime

import pytest

from prevex.core.names import given_key
from prevex.households.keys import stored_keys
from prevex.households.services import household_move
from prevex.matching.lookalikes import TWINS
from prevex.matching.services import match_record

from .conftest import BIRTH, record

pytestmark = pytest.mark.django_db

FATHER = datetime.date(1961, 2, 9)
BUILDING = "14 route de Noisy"


def test_twins_in_two_flats_of_one_building_are_two_households(make_household):
    """Same birth date, another first name, and both rows name another flat: another
    lease of the building — a new household, not a merge and not a review."""
    make_household("Benali", "Samir", BIRTH, f"Bât G Appt 0703 {BUILDING}")
    result = match_record(
        record=record("Benali", "Samia", BIRTH, f"Bât G Appt 1011 {BUILDING}"), departement="93"
    )
    assert result.outcome == "NEW", result.reason
    assert TWINS in result.reason
    # Without the flat on one side the same row stays a review (possible twins).
    unknown = match_record(record=record("Benali", "Samia", BIRTH, BUILDING), departement="93")
    assert unknown.outcome == "REVIEW", unknown.reason


def test_the_same_person_in_another_flat_still_goes_to_review(make_household):
    make_household("Benali", "Samir", BIRTH, f"Bât G Appt 0703 {BUILDING}")
    result = match_record(
        record=record("Benali", "Samir", BIRTH, f"Bât G Appt 1011 {BUILDING}"), departement="93"
    )
    assert result.outcome == "REVIEW", result.reason


def test_the_flat_tells_father_and_son_files_apart(make_household):
    """Two files bear the name, the row gives no birth date: the flat it names decides
    when it is one file's flat and not the other's."""
    father = make_household("Dupont", "Jean", FATHER, f"Bât A Appt 0102 {BUILDING}")
    make_household("Dupont", "Jean", BIRTH, f"Bât A Appt 0405 {BUILDING}")
    result = match_record(
        record=record("Dupont", "Jean", None, f"Bât A Appt 0102 {BUILDING}"), departement="93"
    )
    assert result.outcome == "MATCH" and result.household_id == father.pk, result.reason
    unknown = match_record(record=record("Dupont", "Jean", None, BUILDING), departement="93")
    assert unknown.outcome == "REVIEW", unknown.reason


def test_a_couple_at_another_address_without_birth_dates_goes_to_review(make_household):
    make_household("Benali", "Samia", None, co=("Haddad", "Karim"))
    result = match_record(
        record=record(
            "Benali",
            "Samia",
            None,
            "5 rue de Paris",
            postal_code="93100",
            co_last_name="Haddad",
            co_first_name="Karim",
        ),
        departement="93",
    )
    assert result.outcome == "REVIEW", result.reason
    assert "même couple" in result.candidates[0].rule
    alone = match_record(
        record=record("Benali", "Samia", None, "5 rue de Paris", postal_code="93100"),
        departement="93",
    )
    assert alone.outcome == "NEW", alone.reason  # one name, no date: nothing to go on


def test_the_file_at_the_rows_address_beats_the_file_at_an_old_one(make_household):
    """The same holder, same birth date, in two files: the one at the row's address is
    where the household lives; the other is a duplicate for the secretariat."""
    make_household("Benali", "Samia", BIRTH, "12 avenue de la République")
    here = make_household("Benali", "Samia", BIRTH, "5 rue de Paris")
    result = match_record(
        record=record("Benali", "Samia", BIRTH, "5 rue de Paris"), departement="93"
    )
    assert result.outcome == "MATCH" and result.household_id == here.pk, result.reason
    assert not result.moved


def test_a_row_at_the_dwelling_the_household_left_finds_it(make_household, montreuil):
    household = make_household("Benali", "Samia", None, "12 avenue de la République")
    household_move(
        household=household,
        address="5 rue de Paris",
        postal_code="93100",
        commune=montreuil,
        on=datetime.date(2025, 10, 1),
        by=None,
    )
    keys = stored_keys([household.pk])[household.pk]
    assert ("AD", "12|republique") in keys and ("AD", "5|paris") in keys
    late = match_record(record=record("Benali", "Samia", None), departement="93")
    assert late.outcome == "MATCH" and late.household_id == household.pk, late.reason
    assert "ancienne adresse" in late.reason and not late.moved
    other = match_record(record=record("Benali", "Samia", None, "3 rue Hoche"), departement="93")
    assert other.outcome != "MATCH"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khadidja", "Khadija"),
        ("Djamel", "Jamel"),
        ("Kareem", "Karim"),
        ("Noor", "Nour"),
        ("Mehmed", "Mehmet"),
        ("Swetlana", "Svetlana"),
        ("Aïcha", "Aisha"),
    ],
)
def test_transliterations_of_one_letter_share_the_key(a, b):
    assert given_key(a) == given_key(b)


@pytest.mark.parametrize(("a", "b"), [("Karim", "Karima"), ("Samir", "Samia"), ("Jean", "Jeanne")])
def test_other_first_names_keep_their_own_key(a, b):
    assert given_key(a) != given_key(b)


def test_a_final_consonant_folded_by_the_key_is_the_same_first_name(make_household):
    household = make_household("Yilmaz", "Mehmet", BIRTH)
    result = match_record(record=record("Yilmaz", "Mehmed", BIRTH), departement="93")
    assert result.outcome == "MATCH" and result.household_id == household.pk, result.reason


STREET_ONLY = "Bât E, Porte 0209 - 111 rue Hoche"
ESTATE_ONLY = "Cité des Quatre-Chemins, bât E"


def test_an_estate_alone_against_a_street_alone_in_the_same_building(make_household):
    """One row names only its estate, the other only its street: not comparable, but the
    same building in the same commune keeps the dwelling possible — the birth date
    decides (docs/decisions/2026-12-04-estate-or-street.md)."""
    file = make_household("Pereira", "Fernando", BIRTH, STREET_ONLY)
    same = match_record(record=record("Pereira", "Fernando", BIRTH, ESTATE_ONLY), departement="93")
    assert same.outcome == "MATCH" and same.household_id == file.pk, same.reason
    # The same row read the other way round (the file names the estate).
    undated = match_record(
        record=record("Pereira", "Fernando", None, ESTATE_ONLY), departement="93"
    )
    assert undated.outcome == "REVIEW", undated.reason  # the name alone, in a building


def test_an_estate_alone_with_another_building_or_commune_is_elsewhere(make_household):
    make_household("Pereira", "Fernando", None, STREET_ONLY)
    other_building = match_record(
        record=record("Pereira", "Fernando", None, "Cité des Quatre-Chemins, bât F"),
        departement="93",
    )
    assert other_building.outcome == "NEW", other_building.reason
    other_commune = match_record(
        record=record("Pereira", "Fernando", None, ESTATE_ONLY, postal_code="93500"),
        departement="93",
    )
    assert other_commune.outcome == "NEW", other_commune.reason
    no_building = match_record(
        record=record("Pereira", "Fernando", None, "Cité des Quatre-Chemins"), departement="93"
    )
    assert no_building.outcome == "NEW", no_building.reason
