"""A first name written with other vowels by a row of the same birth date is that
person's spelling too (prevex/matching/name_forms.py, ``name_forms_declared``;
docs/decisions/2026-12-06-first-name-spellings.md)."""

import datetime

import pytest

from prevex.matching.follow_up import matches_follow_up
from prevex.matching.models import ClaimField, HouseholdClaim
from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

STREET = "179 rue Hélène Cochennec"
BORN_1966 = datetime.date(1966, 6, 2)
BORN_1961 = datetime.date(1961, 2, 10)


@pytest.fixture
def files(make_household):
    fatimata = make_household("TRAORE", "Fatimata", BORN_1966, f"{STREET}, bâtiment F, porte 1011")
    fatoumata = make_household(
        "TRAORE", "Fatoumata", BORN_1961, f"{STREET}, bâtiment F, porte 1301"
    )
    return fatimata, fatoumata


def _follow(household, row):
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH" and result.household_id == household.pk, result.reason
    assert result.birth_same
    matches_follow_up(matches=[(household.pk, row, result, "test", 1, None)])


def test_the_spelling_of_a_dated_row_is_recognised(files):
    fatimata, fatoumata = files
    undated = record("TRAORÉ", "FATOUMATA", None, STREET)
    before = match_record(record=undated, departement="93")
    assert before.outcome == "MATCH" and before.household_id == fatoumata.pk  # the control
    _follow(fatimata, record("Traoré", "Fatoumata", BORN_1966, f"{STREET}, bât F, porte 1011"))
    form = HouseholdClaim.objects.get(household=fatimata, field=ClaimField.NAME_FORM)
    assert (form.last_name, form.first_name) == ("TRAORE", "Fatoumata")
    # « Fatoumata » with no birth date nor flat is now either woman's: review
    after = match_record(record=undated, departement="93")
    assert after.outcome == "REVIEW", after.reason
    assert {c.household_id for c in after.candidates} >= {fatimata.pk, fatoumata.pk}


def test_another_first_name_or_the_same_spelling_declares_nothing(files):
    fatimata, _ = files
    _follow(fatimata, record("TRAORE", "FATIMATA", BORN_1966, f"{STREET}, bât F, porte 1011"))
    assert not HouseholdClaim.objects.filter(field=ClaimField.NAME_FORM).exists()
