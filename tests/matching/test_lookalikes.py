"""Issue 9, item 4: look-alikes are never merged automatically; moves are joined."""

import datetime

import pytest

from prevex.audit.models import WriteLog
from prevex.core.errors import BusinessError
from prevex.households.keys import stored_keys
from prevex.households.models import PastAddress
from prevex.households.services import household_move
from prevex.matching.lookalikes import HOMONYM, TWINS, birth_comparison, same_first_name
from prevex.matching.records import PersonRecord
from prevex.matching.services import match_record
from tests import factories

from .conftest import BIRTH, record

FATHER = datetime.date(1961, 2, 9)
SON = datetime.date(1988, 6, 1)


def test_twins_same_birth_date_other_first_name_go_to_review(make_household):
    samir = make_household("Benali", "Samir", BIRTH)
    result = match_record(record=record("Benali", "Samia", BIRTH), departement="93")
    assert result.outcome == "REVIEW", result.reason
    assert TWINS in result.reason and TWINS in result.warnings
    assert result.candidates[0].household_id == samir.pk
    assert "prénoms différents" in result.candidates[0].rule


def test_transliterations_are_one_name_but_not_across_the_last_letter(make_household):
    mohamed = make_household("Haddad", "Mohamed", BIRTH)
    result = match_record(record=record("Haddad", "Muhammad", BIRTH), departement="93")
    assert result.outcome == "MATCH" and result.household_id == mohamed.pk, result.reason
    make_household("Fournier", "Emra", BIRTH, "8 rue Hoche")
    twin = match_record(record=record("Fournier", "Emre", BIRTH, "8 rue Hoche"), departement="93")
    assert twin.outcome == "REVIEW" and TWINS in twin.reason


def test_a_short_form_of_the_first_name_is_not_a_twin(make_household):
    """Brahim is the Maghreb's short form of Ibrahim (docs/decisions/
    2026-12-07-short-given-name-forms.md); Ibrahima is another name."""
    ibrahim = make_household("Hamdi", "Ibrahim", BIRTH)
    result = match_record(record=record("HAMDI", "Brahim", BIRTH), departement="93")
    assert result.outcome == "MATCH" and result.household_id == ibrahim.pk, result.reason
    make_household("Diallo", "Ibrahima", BIRTH, "8 rue Hoche")
    other = match_record(record=record("Diallo", "Brahim", BIRTH, "8 rue Hoche"), departement="93")
    assert other.outcome == "REVIEW" and TWINS in other.reason


def test_a_typing_slip_in_the_first_name_is_not_a_twin(make_household):
    samia = make_household("Benali", "Samia", BIRTH)
    for first in ("Samai", "Sammia", "Smia"):  # swapped, doubled, dropped inside
        result = match_record(record=record("Benali", first, BIRTH), departement="93")
        assert result.outcome == "MATCH", (first, result.reason)
        assert result.household_id == samia.pk


def test_a_couple_identifies_the_household_even_with_another_first_name(make_household):
    household = make_household("Benali", "Samia", BIRTH, co=("Haddad", "Karim"))
    result = match_record(
        record=record("Benali", "Samira", BIRTH, co_last_name="Haddad", co_first_name="Karim"),
        departement="93",
    )
    assert result.outcome == "MATCH" and result.household_id == household.pk


def test_same_names_other_birth_date_is_another_person(make_household):
    make_household("Dupont", "Jean", FATHER, "8 rue Jules Vallès")
    result = match_record(
        record=record("Dupont", "Jean", SON, "8 rue Jules Vallès"), departement="93"
    )
    assert result.outcome == "NEW", result.reason
    assert "autre date de naissance" in result.reason and HOMONYM in result.reason


def test_father_and_son_files_a_row_without_birth_date_is_not_attached(make_household):
    make_household("Dupont", "Jean", FATHER, "8 rue Jules Vallès")
    make_household("Dupont", "Jean", SON, "8 rue Jules Vallès")
    result = match_record(
        record=record("Dupont", "Jean", None, "8 rue Jules Vallès"), departement="93"
    )
    assert result.outcome == "REVIEW" and HOMONYM in result.reason
    dated = match_record(
        record=record("Dupont", "Jean", SON, "8 rue Jules Vallès"), departement="93"
    )
    assert dated.outcome == "MATCH"


def test_the_holder_birth_date_is_compared_on_the_co_tenant_path(make_household):
    make_household(
        "Benali", "Samia", BIRTH, co=("Haddad", "Karim"), co_birth=datetime.date(1980, 1, 1)
    )
    # The tenant, mis-typed, is recognised less well than the co-tenant.
    row = record(
        "Hadad", "Karin", datetime.date(1990, 2, 2), co_last_name="Benali", co_first_name="Samia"
    )
    result = match_record(record=row, departement="93")
    assert result.outcome != "MATCH", result.reason
    assert "date de naissance différente (02/02/1990 ≠ 01/01/1980)" in result.candidates[0].reason


def test_a_tenant_unknown_to_the_file_elsewhere_is_not_attached_by_its_co_tenant(
    make_household,
):
    make_household("Benali", "Samia", BIRTH, "12 avenue de la République")
    row = record(
        "Martin", "Paul", None, "3 rue de Paris", co_last_name="Benali", co_first_name="Samia"
    )
    assert match_record(record=row, departement="93").outcome != "MATCH"


def test_different_flats_in_one_building_are_not_one_household(make_household):
    make_household("Traoré", "Awa", None, "Bât G Appt 0703, 14 rue de Noisy")
    result = match_record(
        record=record("Traoré", "Awa", None, "Bât C Pte 1011, 14 rue de Noisy"),
        departement="93",
    )
    assert result.outcome != "MATCH", result.reason
    same = match_record(
        record=record("TRAORE", "Awa", None, "14 rte de Noisy, Bât G Appt 703"),
        departement="93",
    )
    assert same.outcome == "MATCH", same.reason


def test_a_consonant_typo_a_street_variant_and_no_birth_date_still_find_the_file(
    make_household,
):
    household = make_household("Benali", "Samia", BIRTH, "12 avenue de la République")
    row = record("Benaki", "Samia", None, "12 av de la Republic")
    result = match_record(record=row, departement="93")
    assert household.pk in [c.household_id for c in result.candidates], result.reason
    assert result.outcome != "NEW"


def test_a_move_in_the_departement_is_a_match_flagged_as_a_move(make_household, montreuil):
    household = make_household("Benali", "Samia", BIRTH, co=("Haddad", "Karim"))
    moved = PersonRecord(
        last_name="Benali",
        first_name="Samia",
        birth_date=BIRTH,
        co_last_name="Haddad",
        co_first_name="Karim",
        address="5 rue de Paris",
        postal_code="93100",
        commune_insee="93048",
        departement="93",
    )
    result = match_record(record=moved, departement="93")
    assert result.outcome == "MATCH" and result.household_id == household.pk
    assert result.moved and "déménagement" in result.reason
    # Without the birth date, or with the co-tenant missing, it is not decided alone.
    alone = match_record(
        record=PersonRecord(**{**moved.__dict__, "co_last_name": "", "co_first_name": ""}),
        departement="93",
    )
    assert alone.outcome != "MATCH"
    undated = match_record(
        record=PersonRecord(**{**moved.__dict__, "birth_date": None}), departement="93"
    )
    assert undated.outcome != "MATCH"


def test_household_move_keeps_the_old_address_and_refreshes_the_keys(make_household, montreuil):
    household = make_household("Benali", "Samia", BIRTH)
    past = household_move(
        household=household,
        address="5 rue de Paris",
        postal_code="93100",
        commune=montreuil,
        on=datetime.date(2026, 10, 1),
        by=None,
        source_kind="intake_row",
        source_id=4,
    )
    household.refresh_from_db()
    assert (household.address, household.postal_code, household.commune_id) == (
        "5 rue de Paris",
        "93100",
        "93048",
    )
    assert (past.address, past.postal_code, past.left_on) == (
        "12 avenue de la République",
        "93200",
        datetime.date(2026, 10, 1),
    )
    assert ("AD", "5|paris") in stored_keys([household.pk])[household.pk]
    assert WriteLog.objects.filter(household_id=household.pk, object_type="HOUSEHOLD").exists()
    assert PastAddress.objects.filter(household=household).count() == 1
    again = household_move(
        household=household,
        address="5 rue de Paris",
        postal_code="93100",
        commune=montreuil,
        on=datetime.date(2026, 10, 2),
        by=None,
    )
    assert again is None
    elsewhere = factories.commune("75056", "Paris", "75001")
    with pytest.raises(BusinessError, match="hors du département"):
        household_move(
            household=household,
            address="1 rue de Rivoli",
            postal_code="75001",
            commune=elsewhere,
            on=datetime.date(2026, 10, 3),
            by=None,
        )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("samia", "samia", True),
        ("samia", "samai", True),  # two letters swapped
        ("yanis", "yannis", True),  # doubled
        ("etienne", "etinne", True),  # dropped inside
        ("mathieu", "mathoeu", True),  # a neighbouring key (AZERTY), inside
        ("adam", "adem", False),  # vowels apart on the keyboard: twins' names
        ("samir", "samia", False),
        ("sami", "samia", False),  # other form of the name
        ("louis", "louise", False),
        ("lea", "lia", False),
        ("", "samia", None),
    ],
)
def test_same_first_name(a, b, same):
    assert same_first_name(a, frozenset({a}), b, frozenset({b})) is same


def test_birth_comparison():
    assert birth_comparison(BIRTH, BIRTH) == "same"
    assert birth_comparison(datetime.date(1985, 12, 4), BIRTH) == "near"  # day/month swapped
    assert birth_comparison(datetime.date(1985, 4, 13), BIRTH) == "near"  # one digit
    assert birth_comparison(SON, BIRTH) == "different"
    assert birth_comparison(None, BIRTH) == "unknown"


def test_first_of_january_is_the_year_alone():
    """« 01/01/1985 »: what records write when only the year of birth is known."""
    year_only = datetime.date(BIRTH.year, 1, 1)
    assert birth_comparison(year_only, BIRTH) == "unknown"
    assert birth_comparison(BIRTH, year_only) == "unknown"
    assert birth_comparison(year_only, year_only) == "same"
    assert birth_comparison(datetime.date(1960, 1, 1), BIRTH) == "different"  # another year
    assert birth_comparison(datetime.date(1985, 1, 2), BIRTH) == "different"


def test_a_year_only_birth_date_is_not_another_person_but_another_year_is(make_household):
    household = make_household("Moreau", "Bernard", BIRTH, "31 rue de la Résistance")
    same_year = match_record(
        record=record("MOREAU", "Bernard", datetime.date(1985, 1, 1), "31 rue de la Résistance"),
        departement="93",
    )
    assert same_year.outcome == "MATCH", same_year.reason
    assert same_year.household_id == household.pk
    assert "date de naissance différente" not in same_year.reason
    other_year = match_record(
        record=record("MOREAU", "Bernard", datetime.date(1958, 1, 1), "31 rue de la Résistance"),
        departement="93",
    )
    assert other_year.outcome == "NEW" and HOMONYM in other_year.reason


def test_the_same_flat_in_the_same_commune_is_one_dwelling_street_or_estate(make_household):
    household = make_household(
        "Saidi", "Naïma", None, "Cité des Courtillières, Bât G, Appt 1403 - 178 rue Hoche"
    )
    result = match_record(
        record=record("SAIDI", "Naima", None, "Cité des Courtillières, Bât G, Esc 2, Appt 1403"),
        departement="93",
    )
    assert result.outcome == "MATCH", result.reason
    assert result.household_id == household.pk and "même logement" in result.reason


def test_a_door_number_without_its_floor_is_not_another_flat(make_household):
    # The file knows the birth date (without any date on either side, a name alone in a
    # collective building goes to review: test_rules_third_pass).
    household = make_household(
        "Dogan", "Serkan", BIRTH, "Bâtiment B, Appt 0806 - 64 av Jean Lolive"
    )
    result = match_record(
        record=record("DOGAN", "Serkan", None, "64 avenue Jean Lolive appt 06"), departement="93"
    )
    assert result.outcome == "MATCH" and result.household_id == household.pk, result.reason
    other = match_record(
        record=record("DOGAN", "Serkan", None, "64 avenue Jean Lolive appt 0807"), departement="93"
    )
    assert other.outcome != "MATCH", other.reason


def test_father_and_son_on_one_lease_a_row_without_birth_date_goes_to_review(make_household):
    make_household(
        "Dupont", "Jean", FATHER, "8 rue Jules Vallès", co=("Dupont", "Jean"), co_birth=SON
    )
    result = match_record(
        record=record("Dupont", "Jean", None, "8 rue Jules Vallès"), departement="93"
    )
    assert result.outcome == "REVIEW" and HOMONYM in result.reason
    # A couple sharing a surname is not a pair of homonyms, even with close first names.
    couple = make_household("Nguyen", "Margot", None, "3 rue Hoche", co=("Nguyen", "Marc"))
    for row in (
        record("Nguyen", "Margot", None, "3 rue Hoche"),
        record(
            "Nguyen", "Margot", None, "3 rue Hoche", co_last_name="Nguyen", co_first_name="Marc"
        ),
    ):
        found = match_record(record=row, departement="93")
        assert found.outcome == "MATCH" and found.household_id == couple.pk, found.reason


def test_a_civility_in_the_surname_field_does_not_hide_the_file(make_household, montreuil):
    household = make_household(
        "LEFEBVRE", "Nathalie", BIRTH, "58 bis avenue Paul Vaillant Couturier"
    )
    moved = PersonRecord(
        last_name="MLLE Lefevre",
        first_name="Nathalie",
        birth_date=BIRTH,
        address="119 allée Maurice Audin",
        postal_code="93100",
        commune_insee="93048",
        departement="93",
    )
    result = match_record(record=moved, departement="93")
    assert result.outcome == "MATCH" and result.household_id == household.pk, result.reason
    assert result.moved
