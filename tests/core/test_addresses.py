"""Address lines: number and suffix, street, complements anywhere, estates, lieu-dits."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.core.addresses import flats_differ, numbers_close, parse_address


def _parts(address):
    return {
        slot: getattr(address, slot)
        for slot in (
            "number", "suffix", "street_type", "name", "building", "staircase", "floor",
            "flat", "estate", "lieu_dit",
        )
        if getattr(address, slot)
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bâtiment G, Pte 01211 - 14 rte de Noisy",
            {"number": "14", "street_type": "route", "name": ("noisy",), "building": "g",
             "flat": "1211"},
        ),
        (
            "Bâtiment G Pte 01211 14 rte de Noisy",
            {"number": "14", "street_type": "route", "name": ("noisy",), "building": "g",
             "flat": "1211"},
        ),
        (
            "14 rte de Noisy Bât G Pte 01211",
            {"number": "14", "street_type": "route", "name": ("noisy",), "building": "g",
             "flat": "1211"},
        ),
        (
            "Bât G Appt 0703, 12 rue Jules Ferry",
            {"number": "12", "street_type": "rue", "name": ("jules", "ferry"), "building": "g",
             "flat": "703"},
        ),
        ("Cité Floréal, Bât 14", {"estate": "floreal", "building": "14"}),
        ("Cité Floréal Bât 14", {"estate": "floreal", "building": "14"}),
        (
            "Résidence Les Tilleuls, 4 rue Hoche",
            {"number": "4", "street_type": "rue", "name": ("hoche",), "estate": "tilleuls"},
        ),
        (
            "Rés. du Parc Bât A2 esc 1 appt 0012",
            {"estate": "parc", "building": "a2", "staircase": "1", "flat": "12"},
        ),
        (
            "175 rue Clément, Bât. B, 8e étage, porte 45",
            {"number": "175", "street_type": "rue", "name": ("clement",), "building": "b",
             "floor": "8", "flat": "45"},
        ),
        (
            "Esc 3 Etage 2 Apt 23 Tour A 1 place de la Mairie",
            {"number": "1", "street_type": "place", "name": ("mairie",), "building": "a",
             "staircase": "3", "floor": "2", "flat": "23"},
        ),
        (
            "N° 7 Imp. des Roses RDC",
            {"number": "7", "street_type": "impasse", "name": ("roses",), "floor": "0"},
        ),
        ("12 bis av. de la République",
         {"number": "12", "suffix": "b", "street_type": "avenue", "name": ("republique",)}),
        ("33B rue Pasteur",
         {"number": "33", "suffix": "b", "street_type": "rue", "name": ("pasteur",)}),
        ("33 ter rue Pasteur",
         {"number": "33", "suffix": "t", "street_type": "rue", "name": ("pasteur",)}),
        ("14-16 rue Pierre et Marie Curie",
         {"number": "14", "street_type": "rue", "name": ("pierre", "et", "marie", "curie")}),
        ("10, rue du 8 mai 1945",
         {"number": "10", "street_type": "rue", "name": ("8", "mai", "1945")}),
        ("Lieu-dit La Croix Blanche", {"lieu_dit": "croix blanche"}),
        ("LD Les Vignes", {"lieu_dit": "vignes"}),
        ("La Croix Blanche", {"lieu_dit": "croix blanche"}),
        ("12 rue de la Cité", {"number": "12", "street_type": "rue", "name": ("cite",)}),
        ("chez Mme Diallo, 5 rue Voltaire",
         {"number": "5", "street_type": "rue", "name": ("voltaire",)}),
        ("14 rte de Noisy 93600 Aulnay-sous-Bois",
         {"number": "14", "street_type": "route", "name": ("noisy",)}),
        ("BP 12, 3 rue Hoche", {"number": "3", "street_type": "rue", "name": ("hoche",)}),
        ("12 rue St Denis", {"number": "12", "street_type": "rue", "name": ("saint", "denis")}),
        ("3 ALLEE DES PEUPLIERS RES LES PEUPLIERS",
         {"number": "3", "street_type": "allee", "name": ("peupliers",), "estate": "peupliers"}),
        ("LOGT 1203 BAT 12 CITE DES 4000 6 AVENUE DU GENERAL DE GAULLE",
         {"number": "6", "street_type": "avenue", "name": ("general", "gaulle"),
          "building": "12", "flat": "1203", "estate": "4000"}),
        ("Tour Essor 14 rue Scandicci",
         {"number": "14", "street_type": "rue", "name": ("scandicci",), "building": "essor"}),
        ("5 sq. Diderot esc. 2 4ème étage gauche",
         {"number": "5", "street_type": "square", "name": ("diderot",), "staircase": "2",
          "floor": "4"}),
        ("12 rue Y 3e droite", {"number": "12", "street_type": "rue", "name": ("y",),
                                "floor": "3"}),
        ("12 rue de l'Église Bt A Esc B Etg 2 Pt 21",
         {"number": "12", "street_type": "rue", "name": ("eglise",), "building": "a",
          "staircase": "b", "floor": "2", "flat": "21"}),
        ("rue Voltaire n° 12", {"number": "12", "street_type": "rue", "name": ("voltaire",)}),
        ("rue du 8 mai 1945", {"street_type": "rue", "name": ("8", "mai", "1945")}),
        ("12 rue de la Tour", {"number": "12", "street_type": "rue", "name": ("tour",)}),
        # a street type glued to the number
        ("14r de la République",
         {"number": "14", "street_type": "rue", "name": ("republique",)}),
        ("3BD Jean Jaurès", {"number": "3", "street_type": "boulevard", "name": ("jean", "jaures")}),
        ("14b rue Voltaire",
         {"number": "14", "suffix": "b", "street_type": "rue", "name": ("voltaire",)}),
        # a mistyped street type right after the number
        ("18 rrue J. Jaurès bat a", {"number": "18", "street_type": "rue",
                                     "name": ("j", "jaures"), "building": "a"}),
        ("3 bis boulevrad Hoche", {"number": "3", "suffix": "b", "street_type": "boulevard",
                                   "name": ("hoche",)}),
        ("12 avneue Jean Jaurès", {"number": "12", "street_type": "avenue",
                                   "name": ("jean", "jaures")}),
        # a complement word glued to its value
        ("12 rue Hoche app12", {"number": "12", "street_type": "rue", "name": ("hoche",),
                                "flat": "12"}),
        ("12 rue Hoche bat2 esc3 pte0807",
         {"number": "12", "street_type": "rue", "name": ("hoche",), "building": "2",
          "staircase": "3", "flat": "807"}),
        ("12 rue Baptiste", {"number": "12", "street_type": "rue", "name": ("baptiste",)}),
        # a month glued to its day: part of the name, not a house number
        ("rue du 8mai 1945", {"street_type": "rue", "name": ("8", "mai", "1945")}),
        ("10 rue du 8mai 1945",
         {"number": "10", "street_type": "rue", "name": ("8", "mai", "1945")}),
        # an abbreviated street type inside the name: a given name, or after an article
        # a word of the name
        ("12 av. Ch. de Gaulle",
         {"number": "12", "street_type": "avenue", "name": ("charles", "gaulle")}),
        ("12 avenue Charles de Gaulle",
         {"number": "12", "street_type": "avenue", "name": ("charles", "gaulle")}),
        ("5 r. du Ch. Vert", {"number": "5", "street_type": "rue", "name": ("chemin", "vert")}),
        ("5 ch. de la Montagne", {"number": "5", "street_type": "chemin", "name": ("montagne",)}),
        ("3 rond point des Fleurs", {"number": "3", "street_type": "rond", "name": ("fleurs",)}),
        ("", {}),
    ],
)  # fmt: skip
def test_parse_address(text, expected):
    assert _parts(parse_address(text)) == expected


def test_complements_before_or_after_give_the_same_street_key():
    keys = {
        parse_address(text).key
        for text in (
            "14 rte de Noisy",
            "Bâtiment G, Pte 01211 - 14 rte de Noisy",
            "14, route de Noisy, Bât. G, porte 1211",
            "Bat G 14 ROUTE DE NOISY",
        )
    }
    assert keys == {"14|noisy"}


def test_the_key_of_an_estate_without_street_is_the_estate():
    assert parse_address("Cité Floréal, Bât 14").key == "|floreal"
    assert parse_address("Lieu-dit La Croix Blanche").key == "|croixblanche"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("33 rue X", "33 rue X", "same"),
        ("33 rue X", "33B rue X", "suffix"),
        ("33 rue X", "33 bis rue X", "suffix"),
        ("33 bis rue X", "33 ter rue X", "suffix"),
        ("33 rue X", "rue X", "missing"),
        ("33 rue X", "35 rue X", "different"),
        ("Bâtiment G, Pte 01211 - 14 rte de Noisy", "1211 rte de Noisy", "different"),
    ],
)
def test_numbers_close(a, b, expected):
    assert numbers_close(parse_address(a), parse_address(b)) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Bât G Appt 0703, 12 rue X", "Bât C Pte 1011, 12 rue X", True),
        ("Bât G Appt 0703, 12 rue X", "12 rue X Bât G Apt 703", False),
        ("12 rue X appt 12", "12 rue X appt 14", True),
        ("12 rue X bât A", "12 rue X bât B", True),
        ("12 rue X appt 12", "12 rue X", False),
        ("12 rue X", "12 rue X", False),
    ],
)
def test_flats_differ(a, b, expected):
    assert flats_differ(parse_address(a), parse_address(b)) is expected


_words = st.sampled_from(
    ["12", "bis", "rue", "av.", "de", "la", "Bât", "G", "Pte", "01211", "-", ",", "Cité",
     "Floréal", "étage", "3e", "RDC", "chez", "lieu-dit", "N°", "93600", "Noisy", "/"]
)  # fmt: skip


@given(st.lists(_words, max_size=14))
def test_parse_address_never_fails(words):
    text = " ".join(words)
    address = parse_address(text)
    assert address == parse_address(text)
    assert address.number == "" or address.number.isdigit()
    assert address.suffix in {"", "b", "t", "q"}
    assert numbers_close(address, address) in {"same", "missing"}
    assert not flats_differ(address, address)


_complements = st.fixed_dictionaries(
    {},
    optional={
        "building": st.sampled_from(["Bât. G", "Bâtiment C", "BAT 14", "Bt A2"]),
        "staircase": st.sampled_from(["Esc. 2", "Escalier B", "Entrée 3"]),
        "floor": st.sampled_from(["3e étage", "Etage 12", "RDC"]),
        "flat": st.sampled_from(["Appt 0703", "Pte 01211", "porte 45", "Apt 12"]),
    },
)
_streets = st.sampled_from(
    ["14 rte de Noisy", "33 bis rue Pasteur", "2 pl. du Gal de Gaulle", "104 ter av. Jean Jaurès"]
)


@given(_streets, _complements, st.sampled_from([", ", " - ", " "]), st.booleans())
def test_complements_are_found_before_or_after_the_street(street, complements, sep, before):
    alone = parse_address(street)
    parts = list(complements.values())
    text = sep.join([*parts, street] if before else [street, *parts])
    parsed = parse_address(text)
    assert (parsed.number, parsed.suffix, parsed.street_type, parsed.name) == (
        alone.number,
        alone.suffix,
        alone.street_type,
        alone.name,
    )
    assert parsed.key == alone.key
    for kind in ("building", "staircase", "floor", "flat"):
        assert bool(getattr(parsed, kind)) is (kind in complements)


@pytest.mark.parametrize(
    "text",
    ["84A villa Jacques Prévert", "84 A VLA JACQUES PREVERT", "84a villa Jacques Prevert bât B"],
)
def test_a_letter_index_is_the_numbers_suffix(text):
    # « 84A », « 84 A villa »: the national address base's letter indices, read as
    # « 84 bis » is, not as part of the street name nor as no number at all.
    parsed = parse_address(text)
    assert (parsed.number, parsed.suffix, parsed.street_type) == ("84", "a", "villa")
    assert parsed.key == "84a|jacquesprevert"


def test_a_letter_index_is_close_to_the_plain_number():
    assert numbers_close(parse_address("84 villa X"), parse_address("84A villa X")) == "suffix"
    assert numbers_close(parse_address("84A villa X"), parse_address("84 C villa X")) == "suffix"


def test_a_lone_letter_before_no_street_type_is_not_a_suffix():
    # « 12 A » then a name: a building, a flat? not read as a repetition index.
    assert parse_address("3 A").suffix == ""
    assert parse_address("Bât A 12 rue X").building == "a"
    assert parse_address("Bât A 12 rue X").suffix == ""


def test_a_letter_index_before_a_comma_stays_with_its_number():
    # « 19 A, rue du Docteur Roux »: the comma does not cut the index from the street.
    assert parse_address("19 A, rue du Docteur Roux").key == "19a|docteurroux"
    assert parse_address("19 A, rue du Docteur Roux").key == parse_address("19A r du Dr Roux").key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # an estate name before a number and a « cité » used as the street
        ("RES LES LILAS 102 CITE DU MAL LECLERC", "LGT 162 BAT B - 102 CITE DU MAL LECLERC"),
        # the bailiff's prose before the address
        ("demeurant 44, cité Aristide Briand, Résidence Les Glycines", "44 CITE ARISTIDE BRIAND"),
        ("domiciliée au 3 rue Carnot", "3 r Carnot"),
        # the national standard's abbreviations of street types
        ("APT 105 SEN DES ECOLES", "sentier des Écoles"),
        ("66 PAS EDOUARD VAILLANT", "66 passage Édouard Vaillant"),
        ("12 CHS DE LA MUETTE", "12 chaussée de la Muette"),
        ("3 MTE DU CHATEAU", "3 montée du Château"),
    ],
)
def test_one_dwelling_written_two_ways_has_one_key(a, b):
    assert parse_address(a).key == parse_address(b).key
    assert parse_address(a).key  # not an empty reading
