"""A couple that moved, its holder's first name written another way (decision
2026-12-06-couple-identifies-a-move). The couple and the holder's birth date identify the
household; a first name alone differing at its end stays a look-alike (twins)."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

BORN = datetime.date(1952, 4, 7)


@pytest.fixture
def ndiaye(make_household):
    return make_household("N'Diaye", "Ousmane", BORN, "92 rue Jean Durand", co=("N'Diaye", "Umu"))


def test_the_same_couple_elsewhere_is_a_move_despite_a_first_name_spelling(ndiaye):
    row = record(
        "N Diaye",
        "Ousman",
        BORN,
        "106 avenue Paul Vaillant-Couturier",
        postal_code="93240",
        co_last_name="Konate épouse N Diaye",
        co_first_name="Umu",
    )
    result = match_record(record=row, departement="93")
    assert (result.outcome, result.household_id) == ("MATCH", ndiaye.pk), result.reason
    assert result.moved
    assert "déménagement des mêmes titulaires" in result.reason


def test_without_the_co_tenant_the_spelling_is_not_enough(ndiaye):
    row = record(
        "N Diaye", "Ousman", BORN, "106 avenue Paul Vaillant-Couturier", postal_code="93240"
    )
    result = match_record(record=row, departement="93")
    assert result.outcome != "MATCH", result.reason


def test_another_co_tenant_is_not_the_couple(ndiaye):
    row = record(
        "N Diaye",
        "Ousman",
        BORN,
        "106 avenue Paul Vaillant-Couturier",
        postal_code="93240",
        co_last_name="Traoré",
        co_first_name="Aminata",
    )
    result = match_record(record=row, departement="93")
    assert result.outcome != "MATCH", result.reason
