"""Nasty values in the cells prevex reads as a typed value, against the rule « bad input gets a
clear French message: nothing lost, no partial write, no 500 »: dates (spreadsheet serials,
two-digit years, impossible or far-off dates, non-ASCII digits, tolerated spellings),
amounts (grouped thousands, currency words, negative, NaN, scientific, ambiguous
separators), postcodes and communes (another département, real territories), and an act type
the sender may not send: each bad cell puts its row in quarantine on its own column. Part of
the independent probe of 2026-12-04 (written apart from test_adversarial_files.py;
docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prevex.households.models import Household
from prevex.intake.models import RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, csv_bytes, row
from tests.intake.nasty_helpers import (
    FRENCH,
    _csv,
    _import,
    _table,
    assert_finished,
    assert_quarantined,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "column,value",
    [
        ("date_acte", "44927"),
        ("date_acte", "5-janv.-23"),
        ("date_acte", "05/01/23"),
        ("date_acte", "2023-01-05T00:00:00Z"),
        ("date_acte", "05/01-2023"),
        ("date_acte", "5 janvember 2023"),
        ("date_acte", "01/01/1900"),
        ("date_acte", "01/01/2200"),
        ("date_acte", "0000-00-00"),
        ("date_acte", "29/02/2023"),
        ("locataire_date_naissance", "01/01/2030"),
        ("locataire_date_naissance", "31/12/1899"),
        ("locataire_date_naissance", "44927"),
        ("date_audience", "01/01/2020"),
        ("date_bail", "01/01/2200"),
    ],
)
def test_bad_dates_go_to_quarantine_on_their_column(bailiff, column, value):
    extra = {"type_acte": "ASSIGNATION"} if column == "date_audience" else {}
    header = HEADER + (["date_bail"] if column == "date_bail" else [])
    text = _csv(_table(row(**extra, **{column: value}), header=header))
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, column)
    assert Household.objects.count() == 0


@pytest.mark.parametrize(
    "value",
    [
        "2023-01-05 00:00:00",
        "05/01/2023 00:00",
        "5/1/2023",
        "2023-1-5",
        "2023-01-05T12:30:00",
        "2023/01/05",
        "05.01.2023",
        "05-01-2023",
        "05 01 2023",
        "20230105",
        "05012023",
        "5 janvier 2023",
        "5 JANV. 2023",
        "05-janv-2023",
    ],
)
def test_tolerated_date_spellings(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(date_acte=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.normalised["date_acte"] == "2023-01-05"


@pytest.mark.parametrize("value", ["١٠/٠٣/٢٠٢٥", "１０/０３/２０２５", "10/03/２０２５"])
def test_non_ascii_digits_in_a_date(bailiff, value):
    """Arabic-Indic or full-width digits: either read (and then as 10/03/2025) or refused
    in quarantine; never a crash."""
    batch = _import(bailiff, csv_bytes([row(date_acte=value)]))
    (stored,) = assert_finished(batch, 1)
    if stored.status == RowStatus.QUARANTAINE:
        assert_quarantined(stored, "date_acte")
    else:
        assert stored.normalised["date_acte"] == "2025-03-10"


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1 234,56 €", "1234.56"),
        ("1\u202f234,56\u00a0€", "1234.56"),
        ("€1234", "1234"),
        ("0", "0"),
    ],
)
def test_good_amounts(bailiff, value, expected):
    batch = _import(bailiff, csv_bytes([row(montant_dette=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.normalised["montant_dette"] == expected


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234.567,8", "1234567.8"),
        ("1 234,56 EUR", "1234.56"),
        ("240,5 euros", "240.5"),
        ("EUR 50", "50"),
        ("1.240.000", "1240000"),
    ],
)
def test_grouped_thousands_and_currency_words_are_read(bailiff, value, amount):
    """Accounting exports group thousands with the other separator (« 1.234,56 ») and
    write « EUR »: both separators written, the last is the decimal one."""
    batch = _import(bailiff, csv_bytes([row(montant_dette=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.event.debt_amount == Decimal(amount)


@pytest.mark.parametrize("value", ["1.240", "12,345"])
def test_three_digits_after_one_separator_are_refused_as_ambiguous(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(montant_dette=value)]))
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "montant_dette")
    (error,) = [e for e in stored.errors if e["column"] == "montant_dette"]
    assert "Deux décimales au plus" in error["message"] and "milliers" in error["message"]


@pytest.mark.parametrize(
    "value",
    [
        "1.234.56",
        "-50",
        "- 50",
        "(50)",
        "1e9",
        "NaN",
        "sNaN",
        "-sNaN",
        "Infinity",
        "-Infinity",
        "1e-9999999999",
        "9" * 400,
        "12,345",
        "1 234 567 890,00",
        "50 EUR 20",
        "$50",
        "0x32",
        "½",
        "1,2,3",
    ],
)
def test_bad_amounts_go_to_quarantine(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(montant_dette=value)]))
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "montant_dette")
    assert Event.objects.count() == 0


@pytest.mark.parametrize("value", ["1e2", "1E+2", "5e1", "0e0", "-0", "00000000000000000001"])
def test_scientific_and_odd_amounts_are_either_refused_or_stored_as_plain_numbers(bailiff, value):
    """« 1e2 » is what a spreadsheet shows for a number in scientific format: either a
    clear refusal, or the number stored plainly (not « 1E+2 »)."""
    batch = _import(bailiff, csv_bytes([row(montant_dette=value)]))
    (stored,) = assert_finished(batch, 1)
    if stored.status == RowStatus.QUARANTAINE:
        assert_quarantined(stored, "montant_dette")
        return
    # accepted: the act carries the plain number (the normalised JSON of the row may
    # keep « 1E+2 » / « -0 »: noted in the report, harmless)
    from decimal import Decimal

    event = Event.objects.get()
    assert event.debt_amount == Decimal(value.replace("e", "E")) and event.debt_amount >= 0


# --------------------------------------------------------------------------- postcodes


@pytest.mark.parametrize("value", ["93200.0", "93 200", " 93200 "])
def test_postcode_spellings_accepted(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(code_postal=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


@pytest.mark.parametrize(
    "value",
    [
        "1000",
        "9320",
        "932",
        "93200.5",
        "9.32E+04",
        "93-200",
        "９３２００",
        "١٩٣٢٠٠"[1:],
        "A3200",
        "75001",
    ],
)
def test_bad_or_foreign_postcodes_are_quarantined_on_code_postal(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(code_postal=value, commune="")]))
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "code_postal")


def test_row_about_another_departement(bailiff):
    batch = _import(
        bailiff, csv_bytes([row(code_postal="75001", commune="Paris", adresse="1 rue de Rivoli")])
    )
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "code_postal")
    assert "département" in stored.errors[0]["message"]


def test_a_file_of_rows_for_another_departement(bailiff):
    rows_ = [
        row(
            reference_acte=f"P{i}",
            code_postal="75001",
            commune="Paris",
            adresse=f"{i} rue de Rivoli",
        )
        for i in range(5)
    ]
    batch = _import(bailiff, csv_bytes(rows_))
    stored = assert_finished(batch, 5)
    for r in stored:
        assert_quarantined(r, "code_postal")
    assert Household.objects.count() == 0


# --------------------------------------------------------------------------- real territories


@pytest.fixture
def real_territories(bailiff):
    from prevex.core.territories import load_territories

    load_territories(departements=["93", "75", "2A"])
    return bailiff


@pytest.mark.parametrize(
    "cells",
    [
        {"code_postal": "93400", "commune": "ST OUEN"},
        {"code_postal": "93800", "commune": "E\u0301pinay-sur-Seine"},
        {"code_postal": "93200", "commune": "Saint-Denis", "code_commune": "2A004"},
        {"code_postal": "20000", "commune": "Ajaccio", "code_commune": "2a004"},
        {"code_postal": "93200", "commune": "Paris"},
        {"code_postal": "93200", "commune": "xxxxxxxxxxxxxxxxxxxxxxx"},
        {"code_postal": "93200", "commune": "-"},
        {"code_postal": "93200", "commune": "'"},
        {"code_postal": "93200", "commune": "Saint"},
        {"code_postal": "93200", "commune": "😀"},
        {"code_postal": "93200", "commune": "ㅤ"},
        {"code_postal": "93200", "commune": "", "code_commune": "93066.0"},
        {"code_postal": "93200", "commune": "", "code_commune": "9306"},
        {"code_postal": "75001", "commune": "Paris 1er Arrondissement"},
        {"code_postal": "93000", "commune": "Bobigny"},
    ],
)
def test_commune_oddities_with_real_territories(real_territories, cells):
    batch = _import(real_territories, csv_bytes([row(**cells)]))
    (stored,) = assert_finished(batch, 1)
    if stored.status == RowStatus.QUARANTAINE:
        assert stored.errors
        for e in stored.errors:
            assert e["column"] in ("code_postal", "commune", "code_commune"), stored.errors
            assert FRENCH.search(e["message"]), e


# --------------------------------------------------------------------------- act type


def test_act_not_allowed_for_sender(caf):
    batch = _import(
        caf, csv_bytes([row(type_acte="JUGEMENT", decision="FERME", contradictoire="OUI")])
    )
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "type_acte")
