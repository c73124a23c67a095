"""Nasty text in name, address and free-text cells, against the rule « bad input gets a clear
French message: nothing lost, no partial write, no 500 »: spreadsheet formulas and HTML
markup (quarantined in names, kept as text elsewhere), invisible and right-to-left
characters, decomposed accents and combining marks, emoji and symbols, letters that fold to
nothing, odd or over-long values in the other text columns. Part of the independent probe of
2026-12-04 (written apart from test_adversarial_files.py); tests marked « Found by the
probe » failed on the code of that day and were fixed with it
(docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import pytest

from prevex.intake.models import RowStatus
from tests.intake.conftest import csv_bytes, row
from tests.intake.nasty_helpers import (
    FINAL_ROW_STATES,
    _import,
    assert_finished,
    assert_quarantined,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- injection


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example";"clic")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "-2+3",
        "<script>alert(1)</script>",
        "Robert'); DROP TABLE households;--",
    ],
)
def test_formulas_and_markup_in_names_are_quarantined(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(locataire_nom=value)]))
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "locataire_nom")


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example";"clic")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_formulas_and_markup_in_free_text_are_stored_as_text(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(observations=value, bailleur_nom=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "value",
    ["Ben\u200bali", "\u202eilaneB", "Ben\u00adali", "\ufeffBenali", "Benali\u200f"],
)
def test_invisible_characters_in_names_are_dropped(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(locataire_nom=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


def test_decomposed_accents_nfd_are_a_name(bailiff):
    """Found by the probe: quarantined with a wrong message. macOS writes « é » as « e » + U+0301 (NFD): the name is a real name and must not
    be quarantined as « lettres, espaces, tirets et apostrophes »."""
    import unicodedata

    name = unicodedata.normalize("NFD", "Lefèvre")
    first = unicodedata.normalize("NFD", "Hélène")
    batch = _import(bailiff, csv_bytes([row(locataire_nom=name, locataire_prenom=first)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


@pytest.mark.parametrize(
    "value",
    ["İsmail".lower(), "i\u0307smail", "Nguy\u0065\u0323\u0302n", "E\u0301MILE"],
    ids=["turkish-i-lower-cased", "dotted-i", "vietnamese-two-marks", "capital-nfd"],
)
def test_a_letter_with_combining_accents_is_a_name(bailiff, value):
    """Found in the independent corpus: « İsmail » lower-cased is « i » + U+0307, which no
    normalisation composes; it was quarantined as « lettres, espaces, tirets… »."""
    batch = _import(bailiff, csv_bytes([row(locataire_prenom=value)]))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


@pytest.mark.parametrize(
    "value",
    ["\u0301mile", "Be-\u0301nali", "Z\u0301\u0302\u0303\u0304algo"],
    ids=["leading", "after-hyphen", "three-marks"],
)
def test_combining_marks_without_their_letter_are_quarantined(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(locataire_nom=value)]))
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "locataire_nom")


@pytest.mark.parametrize("value", ["Benali😀", "😀", "♥", "B3nali", "12345", "-", "'", "..."])
def test_names_without_letters_or_with_symbols_are_quarantined(bailiff, value):
    batch = _import(bailiff, csv_bytes([row(locataire_nom=value)]))
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "locataire_nom")


@pytest.mark.parametrize(
    "value",
    ["\u02bc", "\u3164", "\uffa0", "\u01c0", "\u02c6\u02c6", "ª", "\u0e46", "ー", "々"],
    ids=[
        "modifier-apostrophe",
        "hangul-filler",
        "halfwidth-filler",
        "dental-click",
        "modifier-circumflex",
        "ordinal-a",
        "thai-repeat",
        "katakana-long",
        "ideographic-iter",
    ],
)
def test_letters_that_fold_to_nothing(bailiff, value):
    """Unicode « letters » (isalpha) with no ASCII form: a clear quarantine or an import,
    never a crash; and importing the same tenant again is a duplicate."""
    first = _import(bailiff, csv_bytes([row(locataire_nom=value, locataire_prenom=value)]))
    (stored,) = assert_finished(first, 1)
    if stored.status == RowStatus.QUARANTAINE:
        assert_quarantined(stored, "locataire_nom")
        return
    again = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    locataire_nom=value,
                    locataire_prenom=value,
                    reference_acte="X-2",
                    type_acte="ASSIGNATION",
                    date_acte="01/04/2025",
                    date_audience="01/09/2025",
                )
            ]
        ),
    )
    assert_finished(again, 1)


def test_emoji_and_rtl_in_free_text(bailiff):
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    observations="Locataire 😀 \u202e قديم \u200f",
                    adresse="12 rue de la République 🏠",
                )
            ]
        ),
    )
    (stored,) = assert_finished(batch, 1)
    assert stored.status in (RowStatus.IMPORTE, RowStatus.QUARANTAINE)
    if stored.status == RowStatus.QUARANTAINE:
        assert_quarantined(stored, "adresse")


@pytest.mark.parametrize(
    "column,value",
    [
        ("adresse", "-"),
        ("adresse", "..."),
        ("adresse", "😀"),
        ("adresse", "0"),
        ("adresse", "12"),
        ("adresse", "bis"),
        ("reference_acte", " "),
        ("reference_acte", "\u200b"),
        ("telephone", "+" + "9" * 40),
        ("email", "a@" + "b" * 300 + ".fr"),
        ("email", "x@y"),
        ("commune", "Saint-Denis 😀"),
        ("commune", "x" * 200),
        ("bailleur_nom", "x" * 201),
    ],
)
def test_odd_other_cells_never_crash(bailiff, column, value):
    batch = _import(bailiff, csv_bytes([row(**{column: value})]))
    (stored,) = assert_finished(batch, 1)
    if stored.status == RowStatus.QUARANTAINE:
        assert stored.errors


def test_longest_accepted_names_and_address(bailiff):
    long_name = ("Abcdefghij-" * 11)[:120]
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    locataire_nom=long_name,
                    locataire_prenom=long_name,
                    cotitulaire_nom=long_name,
                    cotitulaire_prenom=long_name,
                    adresse=("12 rue " + "x" * 300)[:250],
                    bailleur_nom="b" * 200,
                    email=("a" * 64 + "@" + "b" * 180 + ".fr")[:250],
                )
            ]
        ),
    )
    (stored,) = assert_finished(batch, 1)
    assert stored.status in FINAL_ROW_STATES
