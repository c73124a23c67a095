"""Birth name on one row, usage name on the other, and the birth date written day and
month swapped (the association writes month first): the same woman in the same dwelling
(``holders.usage_name_holder``)."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

ADDRESS = "139 rue de Paris"


@pytest.fixture
def traore(make_household):
    return make_household(
        "Traoré", "Mariam", datetime.date(1972, 11, 10), ADDRESS, co=("Traoré", "Ousmane")
    )


def test_birth_name_with_swapped_date_is_the_usage_name_holder(traore):
    row = record("Diakite", "Mariam", datetime.date(1972, 10, 11), ADDRESS)
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH" and result.household_id == traore.pk
    assert "nom d'usage ou de naissance" in result.reason
    assert "date mal saisie" in result.reason


def test_another_first_name_with_the_swapped_date_is_not_her(traore):
    row = record("Diakite", "Fatou", datetime.date(1972, 10, 11), ADDRESS)
    assert match_record(record=row, departement="93").household_id is None


def test_another_date_altogether_is_not_her(traore):
    row = record("Diakite", "Mariam", datetime.date(1980, 3, 4), ADDRESS)
    assert match_record(record=row, departement="93").household_id is None
