"""Normalisation and the French phonetic key (pure functions)."""

import pytest

from prevex.core.normalize import parse_address, phonetic


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Benali", "BENALLI"),
        ("Bénali", "benali"),
        ("Traoré", "Trahore"),
        ("Durand", "Durant"),
        ("Dupont", "Dupond"),
        ("Philippe", "Filipe"),
        ("Gauthier", "Gautier"),
        ("Da Silva", "DASILVA"),
        ("Cissé", "Sissé"),
        ("Rousseau", "Roussot"),
        ("Leroux", "Lerou"),
        ("Schmitt", "Chmit"),
    ],
)
def test_names_that_sound_alike_share_a_phonetic_key(a, b):
    assert phonetic(a) == phonetic(b)
    assert phonetic(a) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [("Benali", "Bensaïd"), ("Martin", "Marchand"), ("Diallo", "Traoré"), ("Koné", "Keita")],
)
def test_different_names_get_different_phonetic_keys(a, b):
    assert phonetic(a) != phonetic(b)


def test_phonetic_key_of_nothing_is_empty():
    assert phonetic("") == ""
    assert phonetic("--- 12") == ""


@pytest.mark.parametrize(
    ("text", "number", "street_type", "name"),
    [
        ("12 bis av. de la République", "12b", "avenue", ("republique",)),
        ("12B avenue de la Republique", "12b", "avenue", ("republique",)),
        ("Bât. C, 45 bd Jean-Jaurès", "45", "boulevard", ("jean", "jaures")),
        ("104 ter rte de Noisy", "104t", "route", ("noisy",)),
        ("2 pl. du Gal de Gaulle", "2", "place", ("general", "gaulle")),
        ("rue de Paris", "", "rue", ("paris",)),
        ("10, rue du 8 mai 1945", "10", "rue", ("8", "mai", "1945")),
        ("175 rue Clément, Bât. B, 8e étage, porte 45", "175", "rue", ("clement",)),
        ("70 rue Baron, Bat. E, 14e etage, porte 47", "70", "rue", ("baron",)),
        ("3 allée des Lilas bât B porte 12", "3", "allee", ("lilas",)),
        ("Résidence Les Tilleuls, 4 rue Hoche", "4", "rue", ("hoche",)),
    ],
)
def test_parse_address(text, number, street_type, name):
    parsed = parse_address(text)
    assert (parsed.number + parsed.suffix, parsed.street_type, parsed.name) == (
        number,
        street_type,
        name,
    )


def test_abbreviated_and_full_street_types_give_the_same_key():
    assert parse_address("3 bd Voltaire").key == parse_address("3, Boulevard VOLTAIRE").key
    assert parse_address("3 bd Voltaire").key != parse_address("5 bd Voltaire").key
