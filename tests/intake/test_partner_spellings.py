"""What partners' tools write where prevex expects a code or a date: the act's French
name, « unknown » for a birth date, the euro sign as decimal separator. Read as they mean,
and said in the report when prevex changed anything (docs/import-format.md)."""

import datetime
from decimal import Decimal

import pytest

from prevex.intake.validation import validate_row
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Impayés", "IMPAYE"),
        ("impayé de loyer", "IMPAYE"),
        ("Commandement de payer", "CDP"),
        ("COMMANDEMENT DE QUITTER LES LIEUX", "CQL"),
        ("Réquisition de la force publique", "RFP"),
        ("Saisine de la CCAPEX par le bailleur", "SAISINE_BAILLEUR_SOCIAL"),
        ("cdp", "CDP"),
    ],
)
def test_an_act_written_by_its_french_name_is_its_code(territory, written, code):
    data, errors = validate_row(row(type_acte=written))
    assert errors == [] and data["type_acte"] == code


@pytest.mark.parametrize("written", ["Saisine de la CCAPEX", "Commandement", "Relance"])
def test_a_name_that_could_be_two_acts_or_none_is_refused(territory, written):
    _, errors = validate_row(row(type_acte=written))
    assert [e.column for e in errors] == ["type_acte"]
    assert "Valeurs admises" in errors[0].message


@pytest.mark.parametrize(
    "written", ["n.c.", "NC", "inconnue", "Non communiquée", "?", "-", "00/00/0000", "01/01/1900"]
)
def test_an_unknown_birth_date_is_no_date_and_said(territory, written):
    """As a date, 01/01/1900 would tell the same person apart from herself."""
    data, errors = validate_row(row(locataire_date_naissance=written))
    assert errors == []
    assert data["locataire_date_naissance"] is None
    (correction,) = data["corrections"]
    assert correction["column"] == "locataire_date_naissance"
    assert "date inconnue" in correction["message"]


@pytest.mark.parametrize(
    "written",
    ["00/00/1987", "XX/XX/1987", "??/??/1987", "0/0/1987", "00/05/1987", "05/1987",
     "1987-00-00", "1987", "né en 1987", "vers 1987"],
)  # fmt: skip
def test_a_birth_year_without_day_and_month_is_read_as_records_write_it(territory, written):
    """The row is not refused for its birth date: the year is kept (01/01/1987, compared by
    the year alone), and the report says so."""
    data, errors = validate_row(row(locataire_date_naissance=written))
    assert errors == []
    assert data["locataire_date_naissance"] == datetime.date(1987, 1, 1)
    (correction,) = data["corrections"]
    assert correction["column"] == "locataire_date_naissance"
    assert "seule l'année est connue" in correction["message"]


@pytest.mark.parametrize("written", ["00/00/2999", "00/00/1850", "0512", "13/1987", "00/13/1987"])
def test_an_impossible_or_partial_year_is_still_refused(territory, written):
    _, errors = validate_row(row(locataire_date_naissance=written))
    assert [e.column for e in errors] == ["locataire_date_naissance"]


def test_a_real_birth_date_is_untouched(territory):
    data, errors = validate_row(row(locataire_date_naissance="02/01/1900"))
    assert errors == [] and data["locataire_date_naissance"] == datetime.date(1900, 1, 2)
    assert "corrections" not in data


@pytest.mark.parametrize(
    ("written", "amount"), [("1240€50", "1240.50"), ("12 € 5", "12.5"), ("1 240€", "1240")]
)
def test_the_euro_sign_as_decimal_separator(territory, written, amount):
    """Never 124050 €: the sign was dropped and the digits joined."""
    data, errors = validate_row(row(montant_dette=written))
    assert errors == [] and data["montant_dette"] == Decimal(amount)


@pytest.mark.parametrize("written", ["1€2€3", "12€500"])
def test_a_euro_sign_inside_a_figure_is_refused(territory, written):
    _, errors = validate_row(row(montant_dette=written))
    assert [e.column for e in errors] == ["montant_dette"]


@pytest.mark.urls("tests.intake.urls")
def test_a_file_opened_by_a_row_names_its_people_without_civilities(caf):
    from prevex.households.models import Member
    from prevex.intake import services

    services.file_import(
        source=caf.organisation,
        content=csv_bytes(
            [
                row(
                    type_acte="IMPAYE",
                    locataire_nom="Madame veuve KOUYATÉ née DIALLO",
                    locataire_prenom="Mariam",
                    cotitulaire_nom="M. et Mme TRAORÉ",
                    cotitulaire_prenom="Mlle Awa",
                )
            ]
        ),
        filename="civilities.csv",
        by=caf,
    )
    assert sorted(Member.objects.values_list("last_name", "first_name")) == [
        ("TRAORÉ", "Awa"),
        ("veuve KOUYATÉ née DIALLO", "Mariam"),
    ]


def test_a_file_opened_by_a_row_does_not_keep_the_given_name_in_the_surname(caf):
    """A full-name field exported into the surname column (« SOW BAKARY | BAKARY »,
    « LAHLOU, Mounir | Mounir »): the file's surname is the surname; a particle is never
    left alone (« BEN SALAH | Salah »)."""
    from prevex.households.models import Member
    from prevex.intake import services

    rows = [
        row(type_acte="IMPAYE", reference_acte="A", locataire_nom="SOW BAKARY",
            locataire_prenom="BAKARY", cotitulaire_nom="Mme LAHLOU, Nadia",
            cotitulaire_prenom="Nadia"),
        row(type_acte="IMPAYE", reference_acte="B", locataire_nom="BEN SALAH",
            locataire_prenom="Salah", locataire_date_naissance="03/03/1961",
            adresse="4 rue Gabriel Péri"),
    ]  # fmt: skip
    services.file_import(source=caf.organisation, content=csv_bytes(rows), filename="n.csv", by=caf)
    assert sorted(Member.objects.values_list("last_name", "first_name")) == [
        ("BEN SALAH", "Salah"),
        ("LAHLOU", "Nadia"),
        ("SOW", "BAKARY"),
    ]


@pytest.mark.parametrize(
    ("postcode", "commune"),
    [
        ("F-93200", "Saint-Denis"),
        ("FR 93200", "Saint-Denis"),
        ("93200 SAINT-DENIS", ""),
        ("93200 Saint Denis", "SAINT DENIS"),
        ("93 200 CEDEX 9", "Saint-Denis"),
        ("", "93200 SAINT DENIS"),
        ("93200", "93200 Saint-Denis"),
        ("93200.0", "Saint-Denis"),
    ],
)
def test_a_postcode_written_with_its_commune_or_country_is_read(territory, postcode, commune):
    """An address's last line (« 93200 SAINT-DENIS ») in either cell, a country prefix,
    a CEDEX: the same postcode and commune as the plain cells."""
    data, errors = validate_row(row(code_postal=postcode, commune=commune))
    assert errors == []
    assert (data["code_postal"], data["code_commune"]) == ("93200", "93066")


@pytest.mark.parametrize(
    ("postcode", "commune", "column"),
    [
        ("93200 MONTREUIL", "Saint-Denis", "code_postal"),  # the two cells disagree
        ("93100", "93200 Saint-Denis", "commune"),
        ("93200 93100", "Saint-Denis", "code_postal"),
        ("F-9320", "Saint-Denis", "code_postal"),
    ],
)
def test_a_postcode_cell_that_contradicts_the_commune_is_refused(
    territory, postcode, commune, column
):
    data, errors = validate_row(row(code_postal=postcode, commune=commune))
    assert [e.column for e in errors] == [column]
    assert errors[0].message[0] in "CL"  # « Code postal … », « La commune … »


def test_a_two_digit_birth_year_is_read_and_said(territory):
    data, errors = validate_row(row(locataire_date_naissance="12/04/85"))
    assert errors == []
    assert data["locataire_date_naissance"] == datetime.date(1985, 4, 12)
    (correction,) = data["corrections"]
    assert "deux chiffres" in correction["message"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Tél. : 01 48 20 31 45", "0148203145"),
        ("Fixe 01.48.20.31.45", "0148203145"),
        ("tel 06 71 28 45 93", "0671284593"),
    ],
)
def test_a_label_before_a_landline_is_dropped(territory, written, stored):
    data, errors = validate_row(row(telephone=written))
    assert errors == [] and data["telephone"] == stored


def test_a_label_with_no_number_is_still_refused(territory):
    _, errors = validate_row(row(telephone="Tél. : voir avec la fille"))
    assert [e.column for e in errors] == ["telephone"]


def judgment(**values):
    return row(
        type_acte="JUGEMENT",
        reference_acte="J-1",
        date_acte="12/05/2025",
        decision="FERME",
        **values,
    )


@pytest.mark.parametrize(
    ("written", "read"),
    [("Contradictoire", True), ("réputé contradictoire", False), ("par défaut", False)],
)
def test_a_judgment_s_own_words_say_whether_it_is_contradictory(territory, written, read):
    """The column says whether the tenant was present or represented (the judge's delays
    run from the judgment, CPC art. 511); a judgment « réputé contradictoire » was
    rendered in his absence: its delays run from its notification."""
    data, errors = validate_row(judgment(contradictoire=written))
    assert errors == [] and data["contradictoire"] is read


def test_other_words_are_still_refused(territory):
    _, errors = validate_row(judgment(contradictoire="peut-être"))
    assert [e.column for e in errors] == ["contradictoire"]


def test_a_surname_written_with_a_comma_is_a_name(territory):
    data, errors = validate_row(row(locataire_nom="BENALI, Samia"))
    assert errors == [] and data["locataire_nom"] == "BENALI, Samia"


def test_the_old_code_of_a_merged_commune_is_read_and_said(territory):
    """93059: Pierrefitte-sur-Seine, part of Saint-Denis since 2025; no commune bears
    it any more."""
    data, errors = validate_row(row(code_commune="93059"))
    assert errors == []
    assert data["code_commune"] == "93066"
    (correction,) = data["corrections"]
    assert correction["column"] == "code_commune"
    assert "93059" in correction["message"] and "Saint-Denis" in correction["message"]


def test_the_code_of_another_existing_commune_is_still_refused(territory):
    _, errors = validate_row(row(code_commune="93048"))  # Montreuil, for 93200
    assert [e.column for e in errors] == ["code_commune"]
