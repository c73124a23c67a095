"""A personal mobile number as matching evidence (prevex/matching/phones.py): it tells two
files of one name apart where no birth date can, and only when learnt from a row of
established identity."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.core.phones import mobile_number
from prevex.matching.lookalikes import HOMONYM, TWINS
from prevex.matching.models import KnownPhone, MatchDecision
from prevex.matching.phones import phones_forget, phones_learn
from prevex.matching.services import match_record

from .conftest import BIRTH, record

FATHER = datetime.date(1961, 2, 9)
SON = datetime.date(1988, 6, 1)
MOBILE = "06 71 28 45 93"
ADDRESS = "8 rue Jules Vallès bâtiment B"


@pytest.mark.parametrize(
    ("sent", "number"),
    [
        ("06 71 28 45 93", "0671284593"),
        ("+33 7 71 28 45 93", "0771284593"),
        ("0033671284593", "0671284593"),
        ("06.71.28.45.93", "0671284593"),
        ("01 48 20 45 93", ""),  # a landline: the dwelling's, not a person's
        ("06 00 00 00 00", ""),  # placeholders
        ("06 12 34 56 78", ""),
        ("07 98 76 54 32", ""),
        ("06 11 11 22 22", ""),
        ("+32 471 28 45 93", ""),  # foreign
        ("", ""),
        (None, ""),
        # as spreadsheets and partners' tools write them
        ("+33 (0)6 71 28 45 93", "0671284593"),
        ("33671284593", "0671284593"),
        ("671284593", "0671284593"),
        ("6 71 28 45 93", "0671284593"),
        ("671284593.0", "0671284593"),
        ("Tél. : 06 71 28 45 93", "0671284593"),
        ("06 71 28 45 93 / 01 48 32 11 00", "0671284593"),
        ("01 48 32 11 00 - 06 71 28 45 93", "0671284593"),
        ("06 71 28 45 93 ou 07 81 28 45 93", ""),  # two people's: whose?
        ("06 71 28 45 9", ""),
        ("06 71 28 45 933", ""),
        ("171284593", ""),  # a landline without its 0
        ("+33 6 71 28 45 93 +33", ""),
    ],
)
def test_only_a_personal_french_mobile_number_counts(sent, number):
    assert mobile_number(sent) == number


@given(st.text(max_size=30))
def test_mobile_number_is_ten_digits_or_nothing(value):
    number = mobile_number(value)
    assert number == "" or (len(number) == 10 and number.isdigit() and number[:2] in ("06", "07"))


def _learn(household, phone=MOBILE):
    return phones_learn([(household.pk, "93", phone, "test", household.pk)])


def test_the_file_that_knows_the_mobile_is_told_from_its_namesake(make_household):
    father = make_household("Dupont", "Jean", FATHER, ADDRESS)
    son = make_household("Dupont", "Jean", SON, ADDRESS)
    row = record("Dupont", "Jean", None, "8 rue Jules Vallès", phone=MOBILE)
    assert match_record(record=row, departement="93").outcome == "REVIEW"  # nothing tells
    _learn(son)
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH" and result.household_id == son.pk, result.reason
    assert "même téléphone portable" in result.reason
    # a landline or a number neither file knows tells nothing
    for other in ("01 48 20 45 93", "06 55 28 45 91", ""):
        again = match_record(
            record=record("Dupont", "Jean", None, ADDRESS, phone=other), departement="93"
        )
        assert again.outcome == "REVIEW" and HOMONYM in again.reason, other
    # both files knowing it: nothing tells them apart either
    _learn(father)
    assert match_record(record=row, departement="93").outcome == "REVIEW"


def test_the_mobile_never_overrides_a_birth_date_or_twins(make_household):
    father = make_household("Dupont", "Jean", FATHER, ADDRESS)
    _learn(father)
    son = match_record(
        record=record("Dupont", "Jean", SON, ADDRESS, phone=MOBILE), departement="93"
    )
    assert son.outcome == "NEW" and HOMONYM in son.reason  # another birth date: another man
    samir = make_household("Benali", "Samir", BIRTH, ADDRESS)
    _learn(samir, "07 71 28 45 93")
    twin = match_record(
        record=record("Benali", "Samia", BIRTH, ADDRESS, phone="07 71 28 45 93"), departement="93"
    )
    assert twin.outcome == "REVIEW" and TWINS in twin.reason


def test_the_mobile_lifts_name_alone_in_a_building(make_household):
    household = make_household("Le Goff", "Olivier", None, ADDRESS)
    row = record("Le Goff", "Olivier", None, ADDRESS, phone=MOBILE)
    assert match_record(record=row, departement="93").outcome == "REVIEW"
    _learn(household)
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH" and result.household_id == household.pk, result.reason


def test_the_same_holders_elsewhere_with_the_mobile_moved(make_household):
    household = make_household(
        "Diakite", "Fatoumata", None, "108 rue Carnot", co=("Diakite", "Moussa")
    )
    row = record(
        "Diakite",
        "Moussa",
        datetime.date(1965, 4, 12),
        "110 rue Méchin",
        postal_code="93200",
        co_last_name="Diakite",
        co_first_name="Fatoumata",
        phone=MOBILE,
    )
    assert match_record(record=row, departement="93").outcome == "REVIEW"  # namesakes?
    _learn(household)
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH" and result.moved, result.reason
    assert result.household_id == household.pk


def test_a_mobile_is_learnt_once_and_forgotten_with_the_file(make_household):
    household = make_household("Dupont", "Jean", FATHER, ADDRESS)
    assert _learn(household) == 1
    assert _learn(household, "+33671284593") == 0  # the same number written otherwise
    assert _learn(household, "01 48 20 45 93") == 0  # a landline is never evidence
    assert list(KnownPhone.objects.values_list("number", flat=True)) == ["0671284593"]
    assert phones_forget([household.pk]) == 1
    assert not KnownPhone.objects.exists()


def test_a_row_attached_on_its_name_alone_teaches_no_mobile(make_household, db):
    """The spreading error of issue 9: a row attached without its birth date compared
    must not make its number evidence for the file (the next row of the other person
    would follow it)."""
    from prevex.matching.follow_up import matches_follow_up

    father = make_household("Dupont", "Jean", FATHER, ADDRESS)
    undated = record("Dupont", "Jean", None, ADDRESS, phone=MOBILE)
    result = match_record(record=undated, departement="93")
    assert result.outcome == "MATCH" and not result.birth_same
    matches_follow_up(matches=[(father.pk, undated, result, "test", 1, None)])
    assert not KnownPhone.objects.exists()
    dated = record("Dupont", "Jean", FATHER, ADDRESS, phone=MOBILE)
    result = match_record(record=dated, departement="93")
    assert result.outcome == "MATCH" and result.birth_same
    matches_follow_up(matches=[(father.pk, dated, result, "test", 2, None)])
    assert list(KnownPhone.objects.values_list("household_id", "number")) == [
        (father.pk, "0671284593")
    ]
    assert not MatchDecision.objects.exists()  # the follow-up journals nothing itself
