"""Issue 9, third pass: rules written from French data habits, tested from their text
(docs/decisions/2026-12-01-matching-rules.md, « Third pass »), not from corpus rows.
Each test fails without its rule."""

import datetime

import pytest

from prevex.matching.lookalikes import consonants, first_names_distinct
from prevex.matching.services import match_record

from .conftest import BIRTH, record

pytestmark = pytest.mark.django_db

BUILDING = "14 route de Noisy"


def test_consonants_tell_two_first_names_from_two_spellings():
    assert consonants("Fatoumata") == consonants("Fatimata") == "ftmt"
    assert first_names_distinct("samir", "samia")
    assert first_names_distinct("jean", "paul")
    # Vowels only: one name written two ways, or two names — not decided by the name.
    for a, b in [("youssef", "youssouf"), ("karim", "karima"), ("lea", "lia"), ("adam", "adem")]:
        assert not first_names_distinct(a, b), (a, b)
    assert not first_names_distinct("", "samir")


def test_a_twin_file_with_another_first_name_does_not_hold_the_row(make_household):
    """Two files at one address bear the surname; the row without birth date names one
    of the two first names: the other file is another person (Samia is not Samir), so
    the row goes to the file that bears its first name — not to review."""
    samir = make_household("Benali", "Samir", BIRTH, f"Bât G Appt 0703 {BUILDING}")
    make_household("Benali", "Samia", BIRTH, f"Bât G Appt 0704 {BUILDING}")
    result = match_record(record=record("BENALI", "Samir", None, BUILDING), departement="93")
    assert result.outcome == "MATCH" and result.household_id == samir.pk, result.reason


def test_a_first_name_written_another_way_keeps_the_row_in_review(make_household):
    """Traoré Fatoumata and Traoré Fatimata in one building: the vowels of a first name
    are what senders spell differently, so the second file may be the same woman's name
    — without a birth date, an agent decides."""
    make_household("Traoré", "Fatoumata", None, f"Bât C Appt 0102 {BUILDING}")
    make_household("Traoré", "Fatimata", None, f"Bât C Appt 0907 {BUILDING}")
    result = match_record(record=record("TRAORE", "Fatimata", None, BUILDING), departement="93")
    assert result.outcome == "REVIEW", result.reason


def test_father_and_son_files_still_hold_a_row_without_birth_date(make_household):
    make_household("Dupont", "Jean", datetime.date(1961, 2, 9), BUILDING)
    make_household("Dupont", "Jean", BIRTH, f"Bât A Appt 0405 {BUILDING}")
    result = match_record(record=record("Dupont", "Jean", None, BUILDING), departement="93")
    assert result.outcome == "REVIEW", result.reason


def test_birth_and_usage_names_of_one_woman_in_her_dwelling(make_household):
    """« Legall Leïla » on the landlord's file, « Elidrissi Leila » (her birth name) on
    the CAF's row: the same first name and birth date in the same dwelling are one
    person, whatever the surname — not a new household."""
    legall = make_household("LEGALL", "LEILA", BIRTH, "138 rue Picasso")
    result = match_record(
        record=record("Elidrissi", "Leïla", BIRTH, "138 r. Picasso"), departement="93"
    )
    assert result.outcome == "MATCH" and result.household_id == legall.pk, result.reason
    assert "nom d'usage" in result.reason


def test_another_surname_is_another_person_without_the_birth_date_or_elsewhere(
    make_household,
):
    make_household("LEGALL", "LEILA", BIRTH, "138 rue Picasso")
    # No birth date: a neighbour's namesake first name proves nothing.
    undated = match_record(
        record=record("Elidrissi", "Leila", None, "138 rue Picasso"), departement="93"
    )
    assert undated.outcome == "NEW", undated.reason
    # Another first name with the same birth date: another person.
    other = match_record(
        record=record("Elidrissi", "Nadia", BIRTH, "138 rue Picasso"), departement="93"
    )
    assert other.outcome == "NEW", other.reason
    # Another dwelling: not this rule's to decide.
    away = match_record(
        record=record("Elidrissi", "Leila", BIRTH, "3 rue Hoche", postal_code="93100"),
        departement="93",
    )
    assert away.outcome != "MATCH", away.reason


def test_day_and_month_swapped_still_find_the_file():
    """« 02/08/1991 » typed « 08/02/1991 », a consonant slip in the surname and the street
    written another way: the birth-date key read with day and month swapped still finds
    the file."""
    from prevex.matching.keys import record_key_values, swapped_date

    assert swapped_date(datetime.date(1991, 8, 2)) == datetime.date(1991, 2, 8)
    assert swapped_date(datetime.date(1991, 8, 13)) is None  # 13 is no month
    assert swapped_date(datetime.date(1991, 5, 5)) is None
    keys = record_key_values(
        record("Lefebvre", "Emre", datetime.date(1991, 8, 2), "155 rue Henri Barbusse")
    )
    assert ("BD", "1991-02-08|l") in keys and ("BD", "1991-08-02|l") in keys


def test_a_swapped_birth_date_with_slips_elsewhere_reaches_review(make_household):
    lefevre = make_household(
        "LEFEVRE", "EMRE", datetime.date(1991, 2, 8), "Bât 3 Pte 00006 155 R Henri Barbusse"
    )
    result = match_record(
        record=record("Lefebvre", "Emre", datetime.date(1991, 8, 2), "155 rue H. Barbuse bat 3"),
        departement="93",
    )
    assert any(c.household_id == lefevre.pk for c in result.candidates), result.reason
    assert result.outcome == "REVIEW", result.reason


def test_a_first_name_spelt_another_way_in_the_same_flat_is_the_same_person(make_household):
    """« KONATE FATOUMATA, Bât 14 Pte 0504 » and « Konaté Fatimata, Bât 14 Porte 0504 »,
    born the same day: the person of that lease, her first name spelt another way (one
    vowel) — twins in one flat would be one household anyway."""
    konate = make_household("KONATE", "FATOUMATA", BIRTH, f"BAT 14, PTE 0504 - {BUILDING}")
    result = match_record(
        record=record("Konaté", "Fatimata", BIRTH, f"Bât 14 Esc A Porte 0504 {BUILDING}"),
        departement="93",
    )
    assert result.outcome == "MATCH" and result.household_id == konate.pk, result.reason
    assert "prénom écrit autrement" in result.reason


def test_the_same_flat_does_not_join_two_first_names_or_a_row_without_the_flat(make_household):
    make_household("Benali", "Samir", BIRTH, f"Bât G Appt 0703 {BUILDING}")
    twin = match_record(
        record=record("Benali", "Samia", BIRTH, f"Bât G Porte 0703 {BUILDING}"), departement="93"
    )
    assert twin.outcome == "REVIEW", twin.reason  # Samia is another first name
    make_household("KONATE", "FATOUMATA", BIRTH, "BAT 14, PTE 0504 - 9 rue Hoche")
    no_flat = match_record(
        record=record("Konaté", "Fatimata", BIRTH, "9 rue Hoche"), departement="93"
    )
    assert no_flat.outcome == "REVIEW", no_flat.reason  # the flat on one side only


def test_a_lone_q_before_a_name_is_the_quai_not_quater():
    from prevex.core.addresses import parse_address

    quai = parse_address("140 Q. de la Marine")
    assert (quai.number, quai.suffix, quai.street_type, quai.name) == (
        "140",
        "",
        "quai",
        ("marine",),
    )
    assert parse_address("140 Q. de la Marine").key == parse_address("140 QU DE LA MARINE").key
    quater = parse_address("140 q rue de la Marine")  # before a street type: quater
    assert (quater.number, quater.suffix, quater.street_type) == ("140", "q", "rue")


def test_letters_read_for_digits_in_a_house_number():
    """Scanned or retyped letters: « l4 » / « I4 » for 14, « 1O » for 10 — a house
    number, not a street name."""
    from prevex.core.addresses import parse_address

    for written, number in [("l4 rue Hoche", "14"), ("I4 rue Hoche", "14"), ("1O rue Hoche", "10")]:
        parsed = parse_address(written)
        assert (parsed.number, parsed.street_type, parsed.name) == (number, "rue", ("hoche",)), (
            written,
            parsed,
        )
    # Words are left alone: « Lo », « Il », « Oli » have no digit.
    assert parse_address("3 rue du Lo").name == ("lo",)


def test_a_slip_in_the_house_number_letters_still_finds_the_file(make_household):
    hoche = make_household("Camara", "Awa", BIRTH, "14 rue Hoche")
    result = match_record(record=record("Camara", "Awa", None, "l4 rue Hoche"), departement="93")
    assert result.outcome == "MATCH" and result.household_id == hoche.pk, result.reason
    assert "même adresse" in result.reason  # the number read, not a street named « l4 »


def test_a_name_alone_in_a_collective_building_goes_to_review(make_household):
    """« LAMBERT THIERRY, BAT 14, PTE 00110 - 10 bd Félix Faure » without birth date, and
    a file « Lambert Thierry, 10 bd Félix Faure » that never had one: in a building of
    several flats the name is all that was compared — the son's or a neighbour's row as
    well as the file's holder. An agent decides."""
    make_household("Lambert", "Thierry", None, "10 bd Félix Faure")
    result = match_record(
        record=record("LAMBERT", "THIERRY", None, "BAT 14, PTE 00110 - 10 BVD FELIX FAURE"),
        departement="93",
    )
    assert result.outcome == "REVIEW", result.reason
    assert "nom seul" in result.candidates[0].rule


def test_the_name_alone_still_matches_a_house_a_dated_file_or_the_same_flat(make_household):
    make_household("Lambert", "Thierry", None, "10 bd Félix Faure")
    house = match_record(
        record=record("LAMBERT", "THIERRY", None, "10 BVD FELIX FAURE"), departement="93"
    )
    assert house.outcome == "MATCH", house.reason  # no flat, no building named anywhere
    make_household(
        "Moreau", "Sandrine", BIRTH, "CITE DES ETANGS, BAT 14, PTE 0405 - 33 bd de Strasbourg"
    )
    dated = match_record(
        record=record("Moreau", "Sandrine", None, "33 bvd de Strasbourg"), departement="93"
    )
    assert dated.outcome == "MATCH", dated.reason  # the file knows who she is
    make_household("Dupont", "Jean-Pierre", None, "BAT 14, PTE 00308 - 141 rue de la Haute-Borne")
    flat = match_record(
        record=record("DUPONT", "JEAN PIERRE", None, "Bât 14 Appt 0308 141 rue de la Haute-Borne"),
        departement="93",
    )
    assert flat.outcome == "MATCH", flat.reason  # the same flat on both rows


def test_two_door_numbers_written_with_their_floor_are_two_flats(make_household):
    """« Pte 0007 » (ground floor) and « Logt 0207 » (second floor) in one building: both
    numbers are written with their floor, so they are two flats — not a door number
    that lost its floor (« appt 07 » / « porte 0207 » stays no conflict)."""
    make_household(
        "Benali", "Samir", datetime.date(1968, 6, 29), f"Bât A Esc 2 Logt 0207 {BUILDING}"
    )
    son = match_record(
        record=record("BENALI", "SAMIR", None, f"BAT A, PTE 0007 - {BUILDING}"), departement="93"
    )
    assert son.outcome == "NEW", son.reason
    assert "logement différent dans l'immeuble" in son.reason
    short = match_record(
        record=record("BENALI", "SAMIR", None, f"BAT A, appt 07 - {BUILDING}"), departement="93"
    )
    assert short.outcome == "MATCH", short.reason


def test_the_landlords_dwelling_number_ending_with_the_door_number_is_that_flat(make_household):
    """« Lgt 80206 » on the landlord's row, « appt 206 » on another sender's: the
    landlord numbers its dwellings with the building's digits before the door number.
    Not another flat; « Lgt 80206 » and « appt 306 », or two buildings named, still are."""
    household = make_household("Brahimi", "Walid", BIRTH, f"Lgt 80206 - {BUILDING}")
    door = match_record(
        record=record("BRAHIMI", "WALID", None, f"APT 206 {BUILDING}"), departement="93"
    )
    assert door.outcome == "MATCH" and door.household_id == household.pk, door.reason
    other = match_record(
        record=record("BRAHIMI", "WALID", None, f"APT 306 {BUILDING}"), departement="93"
    )
    assert other.outcome != "MATCH", other.reason
    assert "logement différent dans l'immeuble" in other.reason
    make_household("Aydin", "Lena", BIRTH, f"Bât C Lgt 10315 - {BUILDING}")
    two_buildings = match_record(
        record=record("AYDIN", "LENA", None, f"Bât D appt 315 {BUILDING}"), departement="93"
    )
    assert two_buildings.outcome != "MATCH", two_buildings.reason
