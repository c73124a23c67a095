"""Issue 9, fourth pass: rules written from French data habits, tested from their text
(docs/decisions/2026-12-01-matching-rules-4.md), on pairs designed apart from the
corpus. Each test fails without its rule."""

import datetime

import pytest

from prevex.matching.dwelling import _abbreviated
from prevex.matching.lookalikes import same_first_name
from prevex.matching.services import match_record

from .conftest import BIRTH, record, street

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("8 av PVC", "8 avenue Paul Vaillant-Couturier"),
        ("8 av. P. Vaillant Couturier", "8 avenue Paul Vaillant-Couturier"),
        ("8 av PVC", "8 av. P. Vaillant Couturier"),
        ("3 r. J. Jaurès", "3 rue Jean Jaurès"),
        ("3 bd JJ Rousseau", "3 boulevard Jean-Jacques Rousseau"),
    ],
)
def test_a_street_written_with_initials_is_the_street(short, full):
    assert street(short, full) >= 90, (short, full)
    assert street(full, short) >= 90, (full, short)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3 rue J. Guesde", "3 rue Jean Jaurès"),  # another word after the initial
        ("8 av PVC", "8 avenue Pierre Vermeil"),  # initials of another street
        ("8 av PV", "8 avenue Paul Vaillant-Couturier"),  # a word missing
        ("3 rue Jean Jaurès", "3 rue Jules Jaurès"),  # two full first names: not initials
    ],
)
def test_initials_of_another_street_are_not_the_street(a, b):
    assert street(a, b) < 90, (a, b)


def test_abbreviation_needs_an_initial():
    assert not _abbreviated(("jean", "jaures"), ("jean", "jaures"))
    assert _abbreviated(("j", "jaures"), ("jean", "jaures"))


def test_an_estate_written_without_its_street_is_the_estate():
    full = "Cité de l'Avenir, Bât C, Appt 0005 - 107 avenue Paul Vaillant-Couturier"
    assert street("Cité de l'Avenir bât C", full) >= 90
    # The estate of the row is not the one the other row names: nothing in common.
    assert street("Cité des Courtillières bât C", full) == 0
    # The other row names no estate: nothing to compare the estate with.
    assert street("Cité de l'Avenir bât C", "107 avenue Paul Vaillant-Couturier") == 0


def test_a_lieu_dit_left_in_the_street_name_is_not_part_of_the_street():
    assert street("34 av de Sévigné lieu-dit le Plateau", "34 avenue de Sévigné") == 100


def test_a_row_with_street_initials_finds_its_household(make_household):
    file = make_household("Diallo", "Cheikh", BIRTH, "2 rue Jean Jaurès")
    result = match_record(
        record=record("DIALLO", "Cheikh", BIRTH, "2 R J. JAURES"), departement="93"
    )
    assert result.outcome == "MATCH" and result.household_id == file.pk, result.reason


def test_a_row_naming_the_estate_only_finds_its_household(make_household):
    file = make_household(
        "De Oliveira",
        "Hassane",
        BIRTH,
        "Cité de l'Avenir, Bât C, Appt 0005 - 107 avenue Paul Vaillant-Couturier",
    )
    result = match_record(
        record=record("De Oliveira", "Hassane", BIRTH, "Cité de l'Avenir bat C"),
        departement="93",
    )
    assert result.outcome == "MATCH" and result.household_id == file.pk, result.reason


def test_the_file_that_knows_the_row_s_birth_date_beats_an_undated_namesake(make_household):
    """Two files of « Da Silva Maria » in one building, one never given a birth date:
    a row with the birth date the other file knows is that person — not a review."""
    make_household("Da Silva", "Maria", None, "Bât H Appt 0203 113 boulevard de Strasbourg")
    dated = make_household(
        "Da Silva", "Maria", BIRTH, "Bât H Appt 0509 113 boulevard de Strasbourg"
    )
    result = match_record(
        record=record("DA SILVA", "Maria", BIRTH, "113 bd de Strasbourg"), departement="93"
    )
    assert result.outcome == "MATCH" and result.household_id == dated.pk, result.reason
    # Without the birth date nothing tells the two files apart: an agent decides.
    undated = match_record(
        record=record("DA SILVA", "Maria", None, "113 bd de Strasbourg"), departement="93"
    )
    assert undated.outcome == "REVIEW", undated.reason
    # Another birth date is neither of them for sure? The undated file may be that
    # person: never attached automatically to the dated one.
    other = match_record(
        record=record("DA SILVA", "Maria", datetime.date(1961, 2, 9), "113 bd de Strasbourg"),
        departement="93",
    )
    assert other.household_id != dated.pk, other.reason


def test_the_flat_the_row_names_tells_a_namesake_file_without_flat_apart(make_household):
    """Father and son files in one building, the son's file never given a flat: a row
    without birth date that names the father's very flat is the father's lease (a lease
    is one flat) — not a review. Without the flat it stays one."""
    father = make_household("Koné", "Amadou", BIRTH, "Bât 14 Porte 0809 93 avenue Jean Lolive")
    make_household("Koné", "Amadou", None, "93 avenue Jean Lolive")
    flat = match_record(
        record=record("KONE", "Amadou", None, "Bât 14 Appt 0809 93 av. Jean Lolive"),
        departement="93",
    )
    assert flat.outcome == "MATCH" and flat.household_id == father.pk, flat.reason
    bare = match_record(
        record=record("KONE", "Amadou", None, "93 av. Jean Lolive"), departement="93"
    )
    assert bare.outcome == "REVIEW", bare.reason


def test_a_first_name_one_vowel_away_in_the_same_flat_without_birth_dates(make_household):
    """Neither row gives a birth date, the first name differs by a vowel (Souleyman /
    Souleymane), and both rows name the same flat: the holder of that lease — not a
    review. In another flat or without the flat, or with another first name (consonants:
    Samir / Samia), an agent still decides."""
    file = make_household("Traoré", "Souleymane", None, "Bât 12 Appt 1208 135 rue de Paris")
    same = match_record(
        record=record("TRAORE", "Souleyman", None, "Bât 12 Porte 1208 135 r. de Paris"),
        departement="93",
    )
    assert same.outcome == "MATCH" and same.household_id == file.pk, same.reason
    bare = match_record(
        record=record("TRAORE", "Souleyman", None, "135 r. de Paris"), departement="93"
    )
    assert bare.outcome == "REVIEW", bare.reason
    other = make_household("Benali", "Samir", None, "Bât 3 Appt 0302 12 rue de Paris")
    named = match_record(
        record=record("BENALI", "Samia", None, "Bât 3 Appt 0302 12 rue de Paris"),
        departement="93",
    )
    assert not (named.outcome == "MATCH" and named.household_id == other.pk), named.reason


def test_a_birth_date_typed_one_digit_wrong_at_the_same_dwelling(make_household):
    """The same names and first name at the same dwelling, the birth date one digit away
    or with day and month swapped: the date was typed wrong — twins share the date, a
    father or a namesake has another one altogether. Elsewhere, or with another first
    name, it stays a review."""
    file = make_household("Saïdi", "Rachid", datetime.date(1969, 10, 8), "91 rue Hoche")
    for typed in (datetime.date(1969, 10, 3), datetime.date(1969, 8, 10)):
        result = match_record(
            record=record("SAIDI", "Rachid", typed, "91 r. Hoche"), departement="93"
        )
        assert result.outcome == "MATCH" and result.household_id == file.pk, result.reason
        assert "date mal saisie" in result.reason
    other_first = match_record(
        record=record("SAIDI", "Samir", datetime.date(1969, 10, 3), "91 r. Hoche"),
        departement="93",
    )
    assert other_first.outcome != "MATCH", other_first.reason
    flat = make_household("Koné", "Awa", BIRTH, "Bât A Appt 0102 5 rue Hoche")
    other_flat = match_record(
        record=record("KONE", "Awa", datetime.date(1985, 4, 13), "Bât A Appt 0907 5 rue Hoche"),
        departement="93",
    )
    assert not (other_flat.outcome == "MATCH" and other_flat.household_id == flat.pk)


def test_the_couple_at_its_dwelling_beats_its_old_file_and_a_namesake(make_household):
    """Two files bear the tenant's name without a comparable birth date; the row's
    co-tenant is the other holder of the file at the row's own dwelling: the couple
    identifies it. Without the co-tenant it stays « plusieurs dossiers au même nom »."""
    here = make_household("Doucouré", "Awa", None, "20 rue Hoche", co=("Doucouré", "Ibrahima"))
    make_household("Doucouré", "Awa", None, "72 rue Marcel Cachin", co=("Doucouré", "Ibrahima"))
    make_household("Doucouré", "Awa", None, "Bât C Appt 0101 20 rue Hoche")
    couple = match_record(
        record=record(
            "DOUCOURE",
            "Awa",
            None,
            "20 r. Hoche",
            co_last_name="Doucoure",
            co_first_name="Ibrahima",
        ),
        departement="93",
    )
    assert couple.outcome == "MATCH" and couple.household_id == here.pk, couple.reason
    alone = match_record(record=record("DOUCOURE", "Awa", None, "20 r. Hoche"), departement="93")
    assert alone.outcome == "REVIEW", alone.reason


def test_the_same_person_elsewhere_with_a_new_co_tenant_has_moved(make_household):
    """The same full name, first name and birth date at another address, with a
    co-tenant the file does not name: the person moved in with someone — a move, the
    co-tenant a claim of the row. A co-tenant left behind (a separation) or another
    number in the same street (a typo) is not decided alone."""
    single = make_household("Doucouré", "Maryam", datetime.date(1979, 1, 16), "49 rue Bauer")
    joined = match_record(
        record=record(
            "DOUCOURE",
            "Maryam",
            datetime.date(1979, 1, 16),
            "7 rue Marcel Cachin",
            co_last_name="Traoré",
            co_first_name="Cheikh",
        ),
        departement="93",
    )
    assert joined.outcome == "MATCH" and joined.household_id == single.pk, joined.reason
    assert joined.moved
    same_street = match_record(
        record=record(
            "DOUCOURE",
            "Maryam",
            datetime.date(1979, 1, 16),
            "47 rue Bauer",
            co_last_name="Traoré",
            co_first_name="Cheikh",
        ),
        departement="93",
    )
    assert same_street.outcome != "MATCH", same_street.reason
    couple = make_household("Sahin", "Elif", BIRTH, "22 avenue Lénine", co=("Kaya", "Ismail"))
    alone = match_record(
        record=record("SAHIN", "Elif", BIRTH, "152 rue de Paris"), departement="93"
    )
    assert not (alone.outcome == "MATCH" and alone.household_id == couple.pk), alone.reason


def test_the_file_bearing_the_row_s_very_first_name_beats_a_twin_s(make_household):
    """Twins' files, Emre and Emra, one building; a row without birth date names Emra,
    letter for letter: the file of Emra, not a review. A row naming neither exactly
    (« Emri ») stays a review."""
    make_household("Dupont", "Emre", BIRTH, "Bât 12 Porte 0807 96 rue de la Convention")
    emra = make_household("Dupont", "Emra", BIRTH, "Bât G Appt 0109 96 rue de la Convention")
    exact = match_record(
        record=record("DUPONT", "Emra", None, "96 r. de la Convention"), departement="93"
    )
    assert exact.outcome == "MATCH" and exact.household_id == emra.pk, exact.reason


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("fatoumata", "fatoumatz", True),  # the last key hit next to the right one
        ("rachid", "rachis", True),
        ("emre", "emra", False),  # another vowel at the end: another form of the name
        ("nadir", "nadia", False),
        ("ali", "alo", False),  # too short to tell a slip from another name
        ("fatoumata", "zatoumata", False),  # never the first letter
    ],
)
def test_a_neighbouring_key_on_the_last_letter_is_a_slip(a, b, same):
    assert same_first_name(a, frozenset({a}), b, frozenset({b})) is same
