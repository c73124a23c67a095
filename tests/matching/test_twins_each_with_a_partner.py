"""Twins each with a partner: the same birth date, a first name the matcher reads as the
same only through a spelling (« Adem » / « Adam », a transliteration), and a co-tenant
of another name, first name included. That is as much twins in two households as one
person, so it goes to review with the twins' warning, not to a merge
(docs/decisions/2026-12-08-twins-each-with-a-partner.md). Written from the rule, apart
from the corpora."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

ADDRESS = "147 bis impasse Anatole France"
BORN = datetime.date(1981, 11, 18)


@pytest.fixture
def adem(make_household):
    return make_household("GUNES", "Adem", BORN, ADDRESS, co=("GUNES", "Hatice"))


def _row(first="Adam", co=("OZTURK", "Ozlem"), birth=BORN):
    return record("GUNES", first, birth, ADDRESS, co_last_name=co[0], co_first_name=co[1])


def test_a_spelling_and_another_partner_goes_to_review_as_twins(adem):
    result = match_record(record=_row(), departement="93")
    assert result.outcome == "REVIEW", result.reason
    assert "possibles jumeaux" in result.reason
    assert "autre cotitulaire" in result.reason.lower()


def test_the_same_first_name_letter_for_letter_is_the_same_person(adem):
    """A new partner of the same person (the first name written as the file writes it):
    the rule does not fire."""
    result = match_record(record=_row(first="Adem"), departement="93")
    assert "prénom écrit autrement, autre cotitulaire" not in result.reason.lower()


def test_the_same_partner_under_her_birth_name_is_the_same_couple(adem):
    """« YILDIZ Hatice » for the file's « GUNES Hatice »: his wife under her birth name."""
    result = match_record(record=_row(co=("YILDIZ", "Hatice")), departement="93")
    assert "prénom écrit autrement, autre cotitulaire" not in result.reason.lower()
    assert result.household_id == adem.pk, result.reason


def test_without_a_partner_on_the_row_the_rule_does_not_fire(adem):
    result = match_record(record=record("GUNES", "Adam", BORN, ADDRESS), departement="93")
    assert "prénom écrit autrement, autre cotitulaire" not in result.reason.lower()
