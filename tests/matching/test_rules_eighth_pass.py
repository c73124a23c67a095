"""Issue 9, eighth pass (docs/decisions/2026-12-05-other-surname-forms-and-co-tenant-holder.md),
on pairs designed apart from the corpus. Each test fails without its change."""

import datetime

import pytest

from prevex.households.models import Member
from prevex.matching.claims import claims_of
from prevex.matching.models import ClaimField
from prevex.matching.scoring import NAME_GATE, PreparedPerson, person_similarity
from prevex.matching.services import match_record, match_records

from .conftest import record

pytestmark = pytest.mark.django_db

ADDRESS = "Bât B, Appt 0212 - 18 rue Gabriel Péri"


def similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    return person_similarity(PreparedPerson.of(*a), PreparedPerson.of(*b))[0]


def test_a_mistyped_birth_name_is_compared_with_the_other_forms():
    """« Mansouri ép. Abdelaziz » / « Mansoury »: the usage name is not what was
    mistyped, the birth name is; read against the full field, 44 % alike."""
    assert similarity(("Mansouri ép. Abdelaziz", "Leïla"), ("Mansoury", "Leila")) >= NAME_GATE
    # Another family stays far, whatever the forms.
    assert similarity(("Mansouri ép. Abdelaziz", "Leïla"), ("Benaissa", "Leila")) < NAME_GATE


def test_names_written_the_other_way_round_find_the_birth_name_and_the_given_name_form():
    """« Maryam | caamara » (given name in the surname field, birth name mistyped) for
    « CAMARA ÉPOUSE DIALLO | Mariam »."""
    score = similarity(("Maryam", "caamara"), ("CAMARA ÉPOUSE DIALLO", "Mariam"))
    assert score >= 90
    assert similarity(("Fatou", "caamara"), ("CAMARA ÉPOUSE DIALLO", "Mariam")) < NAME_GATE


def test_swapped_names_with_the_birth_name_are_the_same_woman_not_possible_twins(
    make_household,
):
    birth = datetime.date(1979, 3, 22)
    file = make_household("CAMARA ÉPOUSE DIALLO", "Mariam", birth, ADDRESS)
    row = record("Maryam", "caamara", birth, "18 r Gabriel Peri bat B")
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH", result.reason
    assert result.household_id == file.pk
    assert "jumeaux" not in result.reason


@pytest.fixture
def antonio(make_household):
    return make_household("Dos Santos", "Antonio", datetime.date(1986, 7, 14), ADDRESS)


def test_the_co_tenant_named_on_the_file_is_not_refused_for_the_tenant_date(antonio):
    """The wife sends her birth date with her husband as co-tenant: her date is not
    his, and the row is not « même nom, autre date de naissance »."""
    row = record(
        "Dos Santos",
        "Conceição",
        datetime.date(1989, 2, 3),
        "18 rue Gabriel Péri, Bât B, Appt 212",
        co_last_name="Dos Santos",
        co_first_name="Antonio",
    )
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH", result.reason
    assert result.household_id == antonio.pk
    assert "autre date" not in result.reason


def test_a_namesake_with_another_date_and_no_co_tenant_is_still_refused(antonio):
    """The rule above does not weaken « même nom, autre date de naissance »."""
    row = record("Dos Santos", "Antonio", datetime.date(1961, 5, 30), ADDRESS)
    assert match_record(record=row, departement="93").household_id != antonio.pk


def test_the_tenant_date_is_not_claimed_for_the_co_tenant_holder(make_household):
    """The file's holder has no birth date; the row's co-tenant is him. The row's birth
    date is the tenant's: claiming it for him would let the next row of another person
    match on « même date de naissance ». The tenant is claimed as co-tenant instead."""
    file = make_household("Dos Santos", "Antonio", None, ADDRESS)
    holders = list(Member.objects.filter(household=file))
    row = record(
        "Dos Santos",
        "Conceição",
        datetime.date(1989, 2, 3),
        ADDRESS,
        co_last_name="Dos Santos",
        co_first_name="Antonio",
    )
    claims = claims_of(household=file, holders=holders, record=row)
    assert [c.field for c in claims] == [ClaimField.CO_TENANT]
    assert (claims[0].last_name, claims[0].first_name) == ("Dos Santos", "Conceição")
    # The tenant's own row still claims his date.
    own = record("Dos Santos", "Antonio", datetime.date(1986, 7, 14), ADDRESS)
    assert [c.field for c in claims_of(household=file, holders=holders, record=own)] == [
        ClaimField.BIRTH_DATE
    ]


def test_two_rows_of_one_file_claiming_two_dates_for_a_dateless_holder(make_household):
    """One sender's file names « Traoré Fatoumata » twice in the same building with two
    birth dates; the file of that name has none. The first row's date is a claim, read
    by the second row of the same call as if it were stored: two people, not one."""
    file = make_household("TRAORÉ", "Fatoumata", None, "33 avenue Paul Vaillant-Couturier")
    first = record(
        "Traoré", "Fatoumata", datetime.date(1954, 9, 12), "33 av Paul Vaillant-Couturier"
    )
    second = record(
        "TRAORÉ", "Fatoumata", datetime.date(1955, 5, 18), "33 av Paul Vaillant-Couturier"
    )
    again = record("Traore", "Fatoumata", datetime.date(1954, 9, 12), "33 av P. Vaillant Couturier")
    results = match_records(records=[first, second, again], departement="93")
    assert results[0].outcome == "MATCH" and results[0].household_id == file.pk
    assert not (results[1].outcome == "MATCH" and results[1].household_id == file.pk), results[1]
    # The same person again in the same call is still recognised.
    assert results[2].outcome == "MATCH" and results[2].household_id == file.pk, results[2]
    # Each call alone, as before: the second row against the file with no claim stored.
    assert match_record(record=second, departement="93").household_id == file.pk
