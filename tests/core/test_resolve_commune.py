"""Postcode / commune validation for addresses typed by users (French messages)."""

import pytest
from django.core.exceptions import ValidationError

from prevex.core.errors import BusinessError
from prevex.core.territories import (
    communes_for_postcode,
    load_territories,
    normalize_commune_name,
    resolve_commune,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Saint-Denis", "SAINT DENIS"),
        ("ST DENIS", "SAINT DENIS"),
        ("st-denis cedex 9", "SAINT DENIS"),
        ("Sainte-Geneviève-des-Bois", "SAINTE GENEVIEVE DES BOIS"),
        ("STE GENEVIEVE DES BOIS", "SAINTE GENEVIEVE DES BOIS"),
        ("L'Île-Saint-Denis", "L ILE SAINT DENIS"),
        ("  le   pré-saint-gervais ", "LE PRE SAINT GERVAIS"),
        ("Œuilly", "OEUILLY"),
        ("Paris 16e Arrondissement", "PARIS"),
        ("PARIS 16", "PARIS"),
        ("Stains", "STAINS"),
        ("", ""),
    ],
)
def test_normalize_commune_name(raw, expected):
    assert normalize_commune_name(raw) == expected


@pytest.fixture
def seine_saint_denis(db):
    load_territories(departements=["93", "75"])


@pytest.fixture
def reunion(db):
    load_territories(departements=["974"])


def test_postcode_of_saint_denis(seine_saint_denis):
    assert [c.insee for c in communes_for_postcode("93200")] == ["93066"]
    assert resolve_commune(postal_code="93200").insee == "93066"
    assert resolve_commune(postal_code=" 93 200 ", name="St-Denis").insee == "93066"
    assert resolve_commune(postal_code="93200", insee="93066").name == "Saint-Denis"


def test_old_commune_name_is_accepted_through_the_libelle(seine_saint_denis):
    # Pierrefitte-sur-Seine merged into Saint-Denis; its libellé d'acheminement remains.
    assert resolve_commune(postal_code="93380", name="Pierrefitte-sur-Seine").insee == "93066"


def test_small_typo_in_the_name_is_tolerated(seine_saint_denis):
    assert resolve_commune(postal_code="93100", name="Montreuill").insee == "93048"


def test_unknown_and_malformed_postcodes(seine_saint_denis):
    assert communes_for_postcode("93999") == []
    assert communes_for_postcode("abc") == []
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code="93999")
    assert excinfo.value.messages == ["Code postal 93999 inconnu."]
    assert excinfo.value.code == "unknown_postcode"
    assert isinstance(excinfo.value, BusinessError)
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code="9320")
    assert excinfo.value.messages == [
        "Code postal « 9320 » invalide : il doit comporter 5 chiffres."
    ]


def test_insee_code_not_matching_the_postcode(seine_saint_denis):
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code="93200", insee="75056")
    assert excinfo.value.messages == [
        "Le code commune 75056 ne correspond pas au code postal 93200 (Saint-Denis)."
    ]
    assert excinfo.value.code == "insee_mismatch"


def test_name_not_matching_the_postcode(seine_saint_denis):
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code="93200", name="Aubervilliers")
    assert excinfo.value.messages == [
        "La commune « Aubervilliers » ne correspond pas au code postal 93200 (Saint-Denis)."
    ]


def test_postcode_serving_several_communes_needs_a_name(reunion):
    assert [c.name for c in communes_for_postcode("97430")] == ["Le Tampon", "Saint-Pierre"]
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code="97430")
    assert excinfo.value.messages == [
        "Le code postal 97430 dessert plusieurs communes : Le Tampon (97422), "
        "Saint-Pierre (97416). Précisez la commune."
    ]
    assert excinfo.value.code == "ambiguous_postcode"
    assert resolve_commune(postal_code="97430", name="LE TAMPON").insee == "97422"
    assert resolve_commune(postal_code="97430", name="St-Pierre").insee == "97416"
    assert resolve_commune(postal_code="97430", insee="97416").name == "Saint-Pierre"


def test_saint_denis_de_la_reunion_is_not_the_one_of_seine_saint_denis(reunion):
    assert resolve_commune(postal_code="97400", name="Saint-Denis").insee == "97411"
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code="97400", insee="93066")
    assert "ne correspond pas au code postal 97400 (Saint-Denis)" in excinfo.value.messages[0]


def test_commune_name_beats_a_shared_libelle(db):
    # 75016 serves Paris and part of Boulogne-Billancourt, whose libellé there is « PARIS ».
    load_territories(departements=["75", "92"])
    assert [c.insee for c in communes_for_postcode("75016")] == ["92012", "75056"]
    assert resolve_commune(postal_code="75016", name="Paris 16e").insee == "75056"
    assert resolve_commune(postal_code="75016", name="Boulogne-Billancourt").insee == "92012"
