"""Intake corrections (issue 9, item 5): a day/month swap is corrected and flagged,
never silently; a commune spelled another way is accepted when the postcode agrees."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from prevex.core import clock
from prevex.core.territories import load_territories
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.validation import parse_birth_date, validate_row
from tests.intake.conftest import TODAY, csv_bytes, row

pytestmark = pytest.mark.django_db


def test_unambiguous_swap_is_corrected_and_flagged(territory):
    data, errors = validate_row(row(locataire_date_naissance="09/17/1984"))
    assert errors == []
    assert data["locataire_date_naissance"] == datetime.date(1984, 9, 17)
    [correction] = data["corrections"]
    assert correction["column"] == "locataire_date_naissance"
    assert correction["value"] == "09/17/1984"
    assert "jour et mois inversés" in correction["message"]
    assert "17/09/1984" in correction["message"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("05/06/1984", datetime.date(1984, 6, 5)), ("12/04/1985", datetime.date(1985, 4, 12))],
)
def test_ambiguous_dates_are_read_in_french_order_untouched(territory, written, expected):
    data, errors = validate_row(row(locataire_date_naissance=written))
    assert errors == []
    assert data["locataire_date_naissance"] == expected
    assert "corrections" not in data


@pytest.mark.parametrize("written", ["02/30/1984", "13/13/1984", "17/17/1984", "09/17/2030"])
def test_impossible_dates_stay_refused(territory, written):
    data, errors = validate_row(row(locataire_date_naissance=written))
    assert data is None
    assert [e.column for e in errors] == ["locataire_date_naissance"]


@pytest.mark.parametrize(
    ("column", "written", "shown"),
    [
        ("locataire_date_naissance", "0001-01-01", "Date de naissance impossible : 01/01/0001."),
        ("date_bail", "0001-01-01", "Date du bail invraisemblable (01/01/0001)."),
        ("date_acte", "0999-03-05", "Date de l'acte invraisemblable (05/03/0999)"),
    ],
)
def test_a_date_before_the_year_1000_is_shown_with_four_digits(territory, column, written, shown):
    """Found by an independent probe: « 01/01/1 » in the message (strftime's %Y)."""
    _, errors = validate_row(row(**{column: written}))
    messages = [e.message for e in errors if e.column == column]
    assert messages and messages[0].startswith(shown)


def test_the_act_date_is_never_swapped(territory):
    data, errors = validate_row(row(date_acte="03/17/2025"))
    assert data is None
    assert [e.column for e in errors] == ["date_acte"]


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2024, 12, 31)))
def test_swap_rule_on_any_date(day):
    french = f"{day.day:02d}/{day.month:02d}/{day.year}"
    american = f"{day.month:02d}/{day.day:02d}/{day.year}"
    assert parse_birth_date(french) == (day, "")
    read, warning = parse_birth_date(american)
    if day.day > 12:
        assert read == day and warning  # corrected, and said so
    else:
        assert warning == ""  # read in French order, as written: no guess
        assert read == datetime.date(day.year, day.day, day.month)


def test_a_corrected_row_is_imported_and_listed_in_the_report(bailiff, tmp_path):
    path = tmp_path / "actes.csv"
    path.write_bytes(csv_bytes([row(locataire_date_naissance="09/17/1984")]))
    out = io.StringIO()
    call_command("import", str(path), "--source", "etude-lenoir", stdout=out)
    assert "Importées : 1" in out.getvalue()
    stored = ImportRow.objects.get()
    assert stored.status != RowStatus.QUARANTAINE
    assert stored.normalised["locataire_date_naissance"] == "1984-09-17"
    assert stored.normalised["corrections"][0]["value"] == "09/17/1984"
    report = (tmp_path / "actes.csv.erreurs.csv").read_text("utf-8").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(report), delimiter=";"))
    [line] = [line for line in lines[1:] if line[1] == "locataire_date_naissance"]
    assert line[0] == "2" and line[2] == "09/17/1984"
    assert line[3].startswith("Correction (ligne acceptée)")


# --------------------------------------------------------------------------- communes


@pytest.fixture
def seine_saint_denis(db):
    clock.freeze(TODAY)
    load_territories(departements=["93", "95"])


@pytest.mark.parametrize(
    ("commune", "postcode", "insee", "official"),
    [
        ("ST OUEN", "93400", "93070", "Saint-Ouen-sur-Seine"),
        ("St-Ouen", "93400", "93070", "Saint-Ouen-sur-Seine"),
        ("AULNAY", "93600", "93005", "Aulnay-sous-Bois"),
        ("EPINAY", "93800", "93031", "Épinay-sur-Seine"),
        ("LA PLAINE SAINT-DENIS", "93210", "93066", "Saint-Denis"),
        ("LA PLAINE ST DENIS", "93210", "93066", "Saint-Denis"),
        ("ILE SAINT DENIS", "93450", "93039", "L'Île-Saint-Denis"),
        ("ST OUEN", "95310", "95572", "Saint-Ouen-l'Aumône"),
    ],
)
def test_commune_spelled_another_way_is_accepted_with_its_postcode(
    seine_saint_denis, commune, postcode, insee, official
):
    data, errors = validate_row(row(commune=commune, code_postal=postcode))
    assert errors == []
    assert (data["code_commune"], data["commune"]) == (insee, official)


@pytest.mark.parametrize(
    ("commune", "postcode"),
    [
        ("ST OUEN", "93200"),
        ("AULNAY", "93800"),
        ("EPINAY", "93600"),
        ("LA PLAINE SAINT-DENIS", "93400"),
        ("SAINT", "93200"),
    ],
)
def test_commune_spelled_another_way_is_refused_with_a_wrong_postcode(
    seine_saint_denis, commune, postcode
):
    data, errors = validate_row(row(commune=commune, code_postal=postcode))
    assert data is None
    [error] = errors
    assert error.column == "code_postal"
    assert f"ne correspond pas au code postal {postcode}" in error.message
