"""Issue 9, seventh pass (docs/decisions/2026-12-03-first-name-at-number.md), on pairs
designed apart from the corpus. Each test fails without its change."""

import datetime

import pytest

from prevex.core.normalize import parse_address
from prevex.households.keys import household_key_values
from prevex.matching.dwelling import _street_similarity
from prevex.matching.keys import record_key_values
from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db


def test_a_typo_that_reorders_the_street_words_keeps_the_street():
    """« Félix Fure » for « Félix Faure »: sorted, the words come in another order
    (« faure felix » / « felix fure ») and a sorted comparison calls them 48 % alike."""
    typo = _street_similarity(
        parse_address("30 boulevard Félix Fure"), parse_address("30 bd Félix Faure")
    )
    assert typo >= 90
    # Another street of the same first word stays far.
    other = _street_similarity(
        parse_address("30 boulevard Félix Éboué"), parse_address("30 bd Félix Faure")
    )
    assert other < 80


def test_surname_and_street_both_mistyped_without_birth_date_still_find_the_file(
    make_household,
):
    """« Fotnaine Bernadette, 7 r. Edouard Vailant » for « FONTAINE BERNADETTE, 7 RUE EDOUARD
    VAILLANT »: the surname's phonetic key, its one-error variants and the street key
    all differ, and no birth date is sent. The first name at the house number in the
    postcode still finds the file."""
    file = make_household(
        "FONTAINE",
        "BERNADETTE",
        datetime.date(1958, 6, 2),
        "Bât C, Appt 0403 - 7 rue Édouard Vaillant",
    )
    row = record("Fotnaine", "Bernadette", None, "7 r. Edouard Vailant bat c")
    stored = household_key_values(
        holders=[("FONTAINE", "BERNADETTE", None)],
        address="Bât C, Appt 0403 - 7 rue Édouard Vaillant",
        postal_code="93200",
    )
    shared = record_key_values(row) & stored
    assert {kind for kind, _ in shared} == {"PA"}, shared
    found = match_record(record=row, departement="93")
    assert found.outcome != "NEW", found.reason
    assert found.candidates[0].household_id == file.pk


def test_the_first_name_key_follows_the_former_dwellings():
    """A row about an act at the old address, sent after the move was recorded."""
    keys = household_key_values(
        holders=[("Lopes", "Ana", None)],
        address="4 rue Lénine",
        postal_code="93800",
        past=[("22 avenue Jean Jaurès", "93200")],
    )
    assert {value for kind, value in keys if kind == "PA"} == {"ana|4|93800", "ana|22|93200"}


def test_a_namesake_at_the_same_number_of_another_street_is_not_merged(make_household):
    """The key only finds candidates: « Sandrine » at number 7 of another street of the
    postcode, without birth date, is scored and kept apart."""
    make_household("FONTAINE", "SANDRINE", datetime.date(1970, 1, 9), "7 rue Danielle Casanova")
    row = match_record(
        record=record("Fotnaine", "Sandrine", None, "7 allée des Tilleuls"), departement="93"
    )
    assert row.outcome == "NEW", row.reason


@pytest.mark.parametrize(
    ("written", "building", "flat"),
    [
        ("116 rue J. Jaurès baat g", "g", ""),
        ("Bta C, esc 2, porrte 0412 - 5 rue Lénine", "c", "412"),
        ("5 rue Lénine batimnt A appartemnet 12", "a", "12"),
    ],
)
def test_a_mistyped_complement_word_still_names_the_building(written, building, flat):
    parsed = parse_address(written)
    assert (parsed.building, parsed.flat) == (building, flat), parsed
    # Without a value after it, a word that looks like one is left in the street.
    assert parse_address("12 rue du Bac 3").name == ("bac", "3")


def test_the_son_in_another_building_is_not_attached_to_the_father_s_file(make_household):
    """The father's file was created from a row writing « Bta F » (no birth date). The
    son, same names, born 1995, writes « BAT C, APPT 0302 » at the same number: read as
    no building, the father's file would be the same dwelling and take the son's row."""
    make_household("DIALLO", "MAMADOU", None, "Bta F, 22 rue Voltaire")
    son = match_record(
        record=record(
            "DIALLO", "MAMADOU", datetime.date(1995, 7, 1), "BAT C, APPT 0302 - 22 RUE VOLTAIRE"
        ),
        departement="93",
    )
    assert son.outcome != "MATCH", son.reason


def test_a_row_declaring_her_birth_name_teaches_it_to_the_file(make_household):
    """« KONATE ÉPOUSE TRAORE Awa », born the day the file's « TRAORE AWA » was, matches:
    the row says both surnames are hers. A later row written « KONATE Awa » without a
    birth date, at the same address, is then her file — not a new household. The file
    itself keeps its name; a row whose birth date was not compared teaches nothing."""
    from prevex.matching.follow_up import matches_follow_up
    from prevex.matching.models import ClaimField, HouseholdClaim

    born = datetime.date(1971, 3, 2)
    file = make_household("TRAORE", "AWA", born, "9 rue Lénine")
    later = record("KONATE", "Awa", None, "9 rue Lénine")
    assert match_record(record=later, departement="93").outcome == "NEW"

    undated = record("Konaté épouse Traoré", "Awa", None, "9 rue Lénine")
    result = match_record(record=undated, departement="93")
    assert result.outcome == "MATCH" and not result.birth_same
    matches_follow_up(matches=[(file.pk, undated, result, "test", 1, None)])
    assert not HouseholdClaim.objects.filter(field=ClaimField.NAME_FORM).exists()

    row = record("KONATE ÉPOUSE TRAORE", "Awa", born, "9 rue Lénine")
    result = match_record(record=row, departement="93")
    assert (result.outcome, result.household_id, result.birth_same) == ("MATCH", file.pk, True)
    matches_follow_up(matches=[(file.pk, row, result, "test", 2, None)])
    matches_follow_up(matches=[(file.pk, row, result, "test", 3, None)])  # stored once
    form = HouseholdClaim.objects.get(field=ClaimField.NAME_FORM)
    assert (form.last_name, form.first_name, form.decided_by) == ("KONATE", "Awa", None)
    assert file.members.get().last_name == "TRAORE"

    found = match_record(record=later, departement="93")
    assert (found.outcome, found.household_id) == ("MATCH", file.pk), found.reason
    assert "déjà reconnu (KONATE Awa)" in found.reason
    # Born another day, « KONATE Awa » is someone else.
    other = match_record(
        record=record("KONATE", "Awa", datetime.date(1990, 5, 5), "9 rue Lénine"),
        departement="93",
    )
    assert other.outcome != "MATCH", other.reason
