"""Commune names as typed: La Poste libellés and everyday spellings (postcode must agree)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from prevex.core.territories import (
    commune_names_agree,
    load_territories,
    normalize_commune_name,
    resolve_commune,
)


@pytest.mark.parametrize(
    ("typed", "official", "agree"),
    [
        ("ST OUEN", "Saint-Ouen-sur-Seine", True),
        ("AULNAY", "AULNAY SOUS BOIS", True),
        ("EPINAY", "Épinay-sur-Seine", True),
        ("LA PLAINE SAINT-DENIS", "ST DENIS LA PLAINE", True),
        ("Ile-Saint-Denis", "L'Île-Saint-Denis", True),
        ("Saint-Ouen-sur-Seine", "SAINT OUEN", True),
        ("ST OUEN", "Saint-Denis", False),
        ("SAINT", "Saint-Denis", False),
        ("AULNAY SOUS", "AULNAY SOUS BOIS", False),
        ("BOIS", "AULNAY SOUS BOIS", False),
        ("", "Saint-Denis", False),
        ("EPINAY/SEINE", "Épinay-sur-Seine", True),
        ("NEUILLY/MARNE", "NEUILLY SUR MARNE", True),
        ("PAVILLONS S/BOIS", "Les Pavillons-sous-Bois", True),
        ("CLICHY S/S BOIS", "Clichy-sous-Bois", True),
        ("NEUILLY/MARNE", "Neuilly-Plaisance", False),
        ("SUR SEINE", "Épinay-sur-Seine", False),
        ("EPINAY/MARNE", "Épinay-sur-Seine", False),
    ],
)
def test_commune_names_agree(typed, official, agree):
    assert (
        commune_names_agree(normalize_commune_name(typed), normalize_commune_name(official))
        is agree
    )


@given(st.lists(st.sampled_from(["SAINT", "DENIS", "LA", "PLAINE", "SUR", "SEINE"]), max_size=5))
def test_a_name_always_agrees_with_itself(words):
    name = " ".join(words)
    assert commune_names_agree(name, name) is bool(name)


@pytest.fixture
def seine_saint_denis(db):
    load_territories(departements=["93"])


@pytest.mark.parametrize(
    ("postcode", "name", "insee"),
    [
        ("93400", "ST OUEN", "93070"),
        ("93600", "AULNAY", "93005"),
        ("93800", "EPINAY", "93031"),
        ("93210", "LA PLAINE SAINT-DENIS", "93066"),
        ("93800", "EPINAY/SEINE", "93031"),
        ("93330", "NEUILLY/MARNE", "93050"),
        ("93320", "PAVILLONS S/BOIS", "93057"),
        # a typo in the name of a former commune, without its qualifier: Pierrefitte-sur-
        # Seine is part of Saint-Denis since 2025 (its name stays La Poste's libellé)
        ("93380", "PIERREFITE", "93066"),
    ],
)
def test_resolve_commune_accepts_everyday_spellings(seine_saint_denis, postcode, name, insee):
    assert resolve_commune(postal_code=postcode, name=name).insee == insee


@pytest.mark.parametrize(
    ("postcode", "name"), [("93200", "ST OUEN"), ("93800", "AULNAY"), ("93400", "EPINAY")]
)
def test_resolve_commune_refuses_them_with_another_postcode(seine_saint_denis, postcode, name):
    with pytest.raises(ValidationError) as excinfo:
        resolve_commune(postal_code=postcode, name=name)
    assert excinfo.value.code == "name_mismatch"
