"""A row whose tenant is a file's co-tenant, at the same street and number in another
commune, with no birth date to compare (docs/decisions/2026-12-07-co-tenant-other-commune.md).
Seen on the full import of the independent corpus: « FOURNIER Sandrine, 36 av. J. Jaurès,
93700 Drancy » attached to the file of « LE GALL Laurent + FOURNIER Sandrine, 36 avenue
Jean Jaurès, 93370 Montfermeil » — another woman of the same name."""

import datetime

import pytest

from prevex.matching.services import match_record
from tests import factories

from .conftest import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def le_gall(make_household):
    montfermeil = factories.commune("93047", "Montfermeil", "93370")
    return make_household(
        "LE GALL",
        "Laurent",
        datetime.date(1973, 2, 14),
        "36 avenue Jean Jaurès",
        postal_code="93370",
        commune=montfermeil,
        co=("FOURNIER", "Sandrine"),
    )


def fournier(postal_code: str, insee: str, **extra):
    return record(
        "FOURNIER",
        "SANDRINE",
        datetime.date(1968, 5, 23),
        "BAT 3, APPT 0707 - 36 Av. J JAURES",
        postal_code=postal_code,
        commune_insee=insee,
        **extra,
    )


def test_the_co_tenant_in_another_commune_is_not_attached_without_a_birth_date(le_gall):
    factories.commune("93029", "Drancy", "93700")
    result = match_record(record=fournier("93700", "93029"), departement="93")
    assert result.outcome == "REVIEW", result.reason
    (first, *_) = result.candidates
    assert first.household_id == le_gall.pk
    assert first.rule.lower() == "cotitulaire du dossier, autre commune, date non comparable"


def test_the_co_tenant_in_the_file_s_commune_is_still_the_file_s(le_gall):
    """The rule is about the other commune: at the file's own address the co-tenant
    who writes as tenant (the CAF's « allocataire ») is the household's."""
    result = match_record(record=fournier("93370", "93047"), departement="93")
    assert result.outcome == "MATCH", result.reason
    assert result.household_id == le_gall.pk


def test_the_file_s_tenant_in_a_neighbouring_postcode_is_not_held_by_this_rule(le_gall):
    """A postcode typo on the file's own tenant, birth date compared: unchanged."""
    row = record(
        "LE GALL",
        "Laurent",
        datetime.date(1973, 2, 14),
        "36 avenue Jean Jaurès",
        postal_code="93730",
    )
    result = match_record(record=row, departement="93")
    assert result.household_id == le_gall.pk, result.reason
    assert "cotitulaire du dossier, autre commune" not in result.reason.lower()
