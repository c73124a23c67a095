"""The row's co-tenant is the file's, written under the tenant's surname — her usage
name (« LE GOFF Kévin + LE GOFF Josiane » for the file of « LE GOFF Kevin + BLANCHARD
Josiane »; docs/decisions/2026-12-07-spouse-usage-name.md). At the file's dwelling she
confirms the couple; elsewhere, or with another birth date, she proves nothing.
Written from the rule, apart from the corpora."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

ADDRESS = "160 rue Édouard Vaillant"
KEVIN = datetime.date(1968, 1, 28)


@pytest.fixture
def le_goff(make_household):
    return make_household("LE GOFF", "Kevin", KEVIN, ADDRESS, co=("BLANCHARD", "Josiane"))


def _row(birth=None, address=ADDRESS, co=("LE GOFF", "Josiane")):
    return record("LE GOFF", "Kévin", birth, address, co_last_name=co[0], co_first_name=co[1])


def test_at_the_file_s_dwelling_she_confirms_the_couple(le_goff):
    result = match_record(record=_row(), departement="93")
    assert result.outcome == "MATCH", result.reason
    assert result.household_id == le_goff.pk
    assert "cotitulaire concordant" in result.reason


def test_another_co_tenant_still_goes_to_review(le_goff):
    result = match_record(record=_row(co=("LE GOFF", "Sandrine")), departement="93")
    assert result.outcome == "REVIEW", result.reason


def test_elsewhere_she_does_not_make_the_couple_a_move(le_goff):
    result = match_record(record=_row(address="12 rue de la Paix"), departement="93")
    assert result.outcome != "MATCH", result.reason
    assert "même couple" not in result.reason


def test_another_birth_date_of_the_tenant_is_another_household(le_goff):
    result = match_record(record=_row(birth=datetime.date(1995, 3, 1)), departement="93")
    assert result.outcome == "NEW", result.reason


def test_elsewhere_with_the_tenants_birth_date_she_completes_the_move(le_goff):
    """The tenant's own birth date names him; the co-tenant under his surname is then his
    wife, not a namesake couple's: the same holders moved (issue 9's move rule)."""
    result = match_record(record=_row(birth=KEVIN, address="12 rue de la Paix"), departement="93")
    assert result.outcome == "MATCH" and result.moved, result.reason
    assert result.household_id == le_goff.pk
    # Without a birth date, still no move on the strength of the usage name alone.
    dateless = match_record(record=_row(address="12 rue de la Paix"), departement="93")
    assert dateless.outcome != "MATCH", dateless.reason


def test_elsewhere_with_the_file_s_own_mobile_she_completes_the_move(le_goff):
    """No birth date on the row, but the mobile number the file learnt from a row of
    established identity: the same couple, moved with its phone — the usage name then
    completes the move as the tenant's birth date does."""
    from prevex.matching.phones import phones_learn

    mobile = "06 59 50 15 87"

    def moved_row():
        return record(
            "LE GOFF",
            "Kévin",
            None,
            "102 rue Henri Barbusse",
            co_last_name="LE GOFF",
            co_first_name="Josiane",
            phone=mobile,
        )

    before = match_record(record=moved_row(), departement="93")
    assert before.outcome != "MATCH", before.reason
    phones_learn([(le_goff.pk, "93", mobile, "test", le_goff.pk)])
    after = match_record(record=moved_row(), departement="93")
    assert after.outcome == "MATCH" and after.moved, after.reason
    assert after.household_id == le_goff.pk
