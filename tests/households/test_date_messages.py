"""The household writers' refusals show a year before 1000 with four digits: the
API and the import can hand them any date, and « 01/01/1 » reads as a typo of the
message, not as the date received (found by a hostile-input probe)."""

import datetime

import pytest

from prevex.core.dates import french_date
from prevex.core.errors import BusinessError
from prevex.households.common import check_members
from prevex.households.members import household_members_change
from prevex.households.models import Household
from prevex.households.services import check_lease_date
from tests.households.test_holder_correction import holder  # noqa: F401 (fixture)
from tests.pages.test_adversarial_forms import secretariat_file  # noqa: F401 (fixture)

YEAR_ONE = datetime.date(1, 1, 1)


def test_french_date_pads_the_day_the_month_and_the_year():
    assert french_date(YEAR_ONE) == "01/01/0001"
    assert french_date(datetime.date(999, 12, 5)) == "05/12/0999"
    assert french_date(datetime.date(2025, 3, 10)) == "10/03/2025"


def test_a_members_birth_date_before_1000_is_named_with_four_digits():
    members = [{"role": "TITULAIRE", "last_name": "Benali", "first_name": "Samia",
                "birth_date": YEAR_ONE}]  # fmt: skip
    with pytest.raises(BusinessError) as refusal:
        check_members(members)
    assert refusal.value.messages == [
        "Date de naissance impossible pour Samia Benali : 01/01/0001."
    ]


@pytest.mark.django_db
def test_a_corrected_birth_date_before_1000_is_named_with_four_digits(holder):  # noqa: F811
    _, household, member = holder
    with pytest.raises(BusinessError) as refusal:
        household_members_change(
            household=Household.objects.get(pk=household.pk),
            by=None,
            corrections={member.pk: {"birth_date": datetime.date(999, 12, 5)}},
        )
    assert refusal.value.messages == ["Date de naissance impossible : 05/12/0999."]


def test_a_lease_date_before_1000_is_named_with_four_digits():
    with pytest.raises(BusinessError) as refusal:
        check_lease_date(datetime.date(12, 6, 30))
    assert refusal.value.messages == ["Date du bail invraisemblable (30/06/0012)."]
