"""The co-tenant who writes as tenant under the other holder's surname — her usage name,
while the file's first row gave her birth name (« HUBERT Valérie » for the file of
« HUBERT Nicolas + COLIN Valérie »; docs/decisions/2026-12-07-spouse-usage-name.md).
Written from the rule, apart from the corpora."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

ADDRESS = "151 rue Aristide Briand"
NICOLAS = datetime.date(1954, 10, 29)
VALERIE = datetime.date(1968, 3, 4)


@pytest.fixture
def hubert(make_household):
    return make_household("HUBERT", "Nicolas", NICOLAS, ADDRESS, co=("COLIN", "Valérie"))


def test_the_co_tenant_under_her_husband_s_surname_is_the_file_s(hubert):
    result = match_record(record=record("Hubert", "Valérie", VALERIE, ADDRESS), departement="93")
    assert result.outcome == "MATCH", result.reason
    assert result.household_id == hubert.pk
    assert "nom de son conjoint" in result.reason


def test_without_a_birth_date_too(hubert):
    result = match_record(record=record("HUBERT", "VALERIE", None, ADDRESS), departement="93")
    assert result.household_id == hubert.pk, result.reason


def test_another_date_than_the_co_tenant_s_is_another_woman(make_household):
    """The file knows the co-tenant's birth date: a daughter « Valérie Hubert » born in
    1995 is not her."""
    make_household("HUBERT", "Nicolas", NICOLAS, ADDRESS, co=("COLIN", "Valérie"), co_birth=VALERIE)
    row = record("Hubert", "Valérie", datetime.date(1995, 6, 1), ADDRESS)
    result = match_record(record=row, departement="93")
    assert result.outcome == "NEW", result.reason


def test_the_spouse_s_own_birth_date_is_not_hers(hubert):
    row = record("Hubert", "Valérie", NICOLAS, ADDRESS)
    result = match_record(record=row, departement="93")
    assert "nom de son conjoint" not in result.reason


def test_a_row_naming_her_birth_name_itself_is_another_woman(hubert):
    """« DUPONT épouse HUBERT Valérie » says she was born Dupont, not Colin."""
    row = record("DUPONT ÉPOUSE HUBERT", "Valérie", VALERIE, ADDRESS)
    result = match_record(record=row, departement="93")
    assert result.household_id != hubert.pk or result.outcome != "MATCH", result.reason
    assert "nom de son conjoint" not in result.reason


def test_at_another_address_the_rule_does_not_apply(hubert):
    row = record("Hubert", "Valérie", VALERIE, "12 rue de la Paix")
    result = match_record(record=row, departement="93")
    assert result.outcome == "NEW", result.reason


def test_when_both_holders_bear_the_first_name_nothing_tells_which(make_household):
    household = make_household("MARTIN", "Dominique", NICOLAS, ADDRESS, co=("BLANC", "Dominique"))
    row = record("Martin", "Dominique", VALERIE, ADDRESS)
    result = match_record(record=row, departement="93")
    # Martin Dominique is the holder by name: another birth date, another person.
    assert not (result.outcome == "MATCH" and result.household_id == household.pk), result.reason
    assert "nom de son conjoint" not in result.reason


def test_a_row_with_its_own_co_tenant_is_left_to_the_couple_rules(hubert):
    row = record("Hubert", "Valérie", VALERIE, ADDRESS, co_last_name="LEROY", co_first_name="Marc")
    result = match_record(record=row, departement="93")
    assert "nom de son conjoint" not in result.reason
