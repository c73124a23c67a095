"""validate_row: every cell checked, French messages, normalised values."""

import datetime
from decimal import Decimal

import pytest

from prevex.intake.validation import validate_row
from tests import factories
from tests.intake.conftest import row

pytestmark = pytest.mark.django_db


def errors_of(**values) -> dict[str, str]:
    data, errors = validate_row(row(**values))
    assert data is None
    return {e.column: e.message for e in errors}


def test_valid_row_is_normalised(territory):
    data, errors = validate_row(
        row(
            type_acte=" cdp ",
            date_acte="2025-03-10",
            montant_dette="1\u00a0234,56 €",
            code_postal="93200",
            commune="",
            bailleur_type="Bailleur social",
            parc="",
            telephone="06.12.34.56.78",
            email="Samia@Example.org",
        )
    )
    assert errors == []
    assert data["type_acte"] == "CDP"
    assert data["date_acte"] == datetime.date(2025, 3, 10)
    assert data["montant_dette"] == Decimal("1234.56")
    assert (data["code_commune"], data["commune"], data["departement"]) == (
        "93066",
        "Saint-Denis",
        "93",
    )
    assert (data["bailleur_type"], data["parc"]) == ("BAILLEUR_SOCIAL", "SOCIAL")
    assert data["motif"] == "IMPAYES"
    assert (data["telephone"], data["email"]) == ("0612345678", "samia@example.org")


def test_keys_are_matched_like_headers(territory):
    raw = row()
    raw[" Type_Acte "] = raw.pop("type_acte")
    raw["DATE ACTE"] = raw.pop("date_acte")
    raw["Locataire-Nom"] = raw.pop("locataire_nom")
    raw["Référence acte"] = raw.pop("reference_acte")
    raw["colonne inconnue"] = "ignorée"
    data, errors = validate_row(raw)
    assert errors == []
    assert (data["type_acte"], data["locataire_nom"], data["reference_acte"]) == (
        "CDP",
        "Benali",
        "CDP-001",
    )


@pytest.mark.parametrize(
    ("values", "column", "fragment"),
    [
        ({"date_acte": "31/02/2025"}, "date_acte", "ce jour n'existe pas"),
        ({"date_acte": "10-03-25"}, "date_acte", "quatre chiffres"),
        ({"date_acte": "10/03/2031"}, "date_acte", "dans le futur"),
        ({"date_acte": ""}, "date_acte", "obligatoire"),
        ({"type_acte": "DSF"}, "type_acte", "Valeurs admises : IMPAYE"),
        ({"montant_dette": "-12"}, "montant_dette", "ne peut pas être négatif"),
        ({"montant_dette": "douze"}, "montant_dette", "Montant invalide"),
        ({"loyer_mensuel": "12,345"}, "loyer_mensuel", "Deux décimales"),
        ({"locataire_nom": '=HYPERLINK("http://x";"clic")'}, "locataire_nom", "lettres"),
        ({"code_postal": "9320"}, "code_postal", "inconnu"),
        ({"code_postal": "ABCDE"}, "code_postal", "5 chiffres"),
        ({"commune": "Bobigny"}, "code_postal", "ne correspond pas"),
        ({"code_commune": "93048"}, "code_commune", "ne correspond pas au code postal"),
        ({"cotitulaire_nom": "Benali"}, "cotitulaire_prenom", "manquant"),
        ({"type_acte": "ASSIGNATION"}, "date_audience", "obligatoire pour une assignation"),
        (
            {"type_acte": "ASSIGNATION", "date_audience": "01/03/2025"},
            "date_audience",
            "postérieure",
        ),
        ({"type_acte": "JUGEMENT"}, "decision", "obligatoire pour un jugement"),
        ({"decision": "FERME"}, "decision", "que pour un jugement"),
        ({"type_acte": "CFP"}, "cfp_decision", "ACCORDE ou REFUSE"),
        (
            {"contradictoire": "peut-être", "type_acte": "JUGEMENT", "decision": "FERME"},
            "contradictoire",
            "OUI ou NON",
        ),
        ({"bailleur_type": "BAILLEUR_SOCIAL", "parc": "PRIVE"}, "parc", "incohérent"),
        ({"email": "pas-une-adresse"}, "email", "courriel invalide"),
        ({"telephone": "12"}, "telephone", "téléphone invalide"),
        ({"locataire_date_naissance": "01/01/1850"}, "locataire_date_naissance", "impossible"),
        ({"observations": "x" * 10_001}, "observations", "trop longue"),
        ({"reference_acte": "R" * 81}, "reference_acte", "80 caractères"),
    ],
)
def test_bad_cells_are_explained_in_french(territory, values, column, fragment):
    messages = errors_of(**values)
    assert column in messages, messages
    assert fragment in messages[column]


def test_all_errors_of_a_row_are_reported_at_once(territory):
    messages = errors_of(date_acte="31/02/2025", montant_dette="-1", type_acte="XYZ")
    assert set(messages) >= {"date_acte", "montant_dette", "type_acte"}


def test_ambiguous_postcode_asks_for_the_commune(territory):
    factories.commune("93055", "Pantin", "93200")
    messages = errors_of(commune="")
    assert "plusieurs communes" in messages["code_postal"]
    data, _ = validate_row(row(commune="", code_commune="93055"))
    assert data["commune"] == "Pantin"


def test_commune_name_with_a_typo_is_resolved(territory):
    factories.commune("93055", "Pantin", "93200")
    data, errors = validate_row(row(commune="St Denis"))
    assert errors == [] and data["code_commune"] == "93066"


def test_spreadsheet_artefacts_are_repaired(territory):
    factories.commune("01053", "Bourg-en-Bresse", "01000")
    data, errors = validate_row(row(code_postal="1000", commune="Bourg-en-Bresse"))
    assert errors == [] and data["code_postal"] == "01000"
    data, errors = validate_row(row(date_acte="2025-03-10 00:00:00", code_postal="93200.0"))
    assert errors == [] and data["date_acte"] == datetime.date(2025, 3, 10)
    for spaced in ("93 200", "93\u00a0200", "93\u202f200", " 93200\t"):
        data, errors = validate_row(row(code_postal=spaced))
        assert errors == [] and data["code_postal"] == "93200", spaced


def test_nul_characters_and_lone_surrogates_never_reach_the_database(territory):
    data, errors = validate_row(row(observations="a\x00b\ud800c"))
    assert errors == []
    assert "\x00" not in data["observations"]
    data["observations"].encode("utf-8")


def test_sender_departement_is_checked_when_given(territory):
    paris = row(code_postal="75001", commune="Paris")
    data, errors = validate_row(paris)
    assert errors == [] and data["departement"] == "75"
    data, errors = validate_row(paris, departement="93")
    assert data is None
    assert errors[0].column == "code_postal"
    assert "département de l'organisation émettrice (93)" in errors[0].message
