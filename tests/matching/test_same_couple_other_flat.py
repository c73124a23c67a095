"""The same couple — both names, first names included — at the same address in another
building or flat: a typo of the building letter or a change of flat, sent to review;
one person alone with the same name there stays another household (namesakes)."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

ADDRESS = "Bât C, Appt 0104 - 12 avenue de la République"


@pytest.fixture
def couple(make_household):
    return make_household(
        "Ozturk", "Fatma", datetime.date(1970, 11, 10), ADDRESS, co=("Ozturk", "Mustafa")
    )


def test_the_same_couple_in_another_building_goes_to_review(couple):
    row = record(
        "Ozturk",
        "Fatma",
        None,
        "12 avenue de la République bat x",
        co_last_name="ozturk",
        co_first_name="moustafa",
    )
    result = match_record(record=row, departement="93")
    assert result.outcome == "REVIEW"
    assert result.candidates[0].household_id == couple.pk
    assert result.candidates[0].rule == "Appartement différent"


def test_one_namesake_in_another_building_is_another_household(couple):
    row = record("Ozturk", "Fatma", None, "12 avenue de la République bat x")
    assert match_record(record=row, departement="93").outcome == "NEW"


def test_the_same_couple_with_another_birth_date_is_another_household(couple):
    row = record(
        "Ozturk",
        "Fatma",
        datetime.date(1991, 2, 3),
        "12 avenue de la République bat x",
        co_last_name="Ozturk",
        co_first_name="Mustafa",
    )
    assert match_record(record=row, departement="93").outcome == "NEW"
