"""Nasty CSV layouts, against the rule « bad input gets a clear French message: nothing lost,
no partial write, no 500 »: other separators and a decimal comma that shifts the columns,
quoting (newlines and separators in quoted cells, unbalanced quotes), odd, duplicated,
missing or extra header columns, a title line or a second header inside the file, and the
size limits (a one-megabyte cell, ten thousand columns, too many rows). Part of the
independent probe of 2026-12-04 (written apart from test_adversarial_files.py); tests marked
« Found by the probe » failed on the code of that day and were fixed with it
(docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import pytest

from prevex.intake.models import BatchStatus, RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, csv_bytes, row
from tests.intake.nasty_helpers import (
    OTHER,
    _counts,
    _csv,
    _import,
    _table,
    assert_finished,
    assert_refused,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- separators


@pytest.mark.parametrize("sep", [",", "\t"])
def test_other_separators(bailiff, sep):
    text = _csv(_table(row(adresse="12, rue de la République", montant_dette="1 950,50")), sep=sep)
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.raw["adresse"] == "12, rue de la République"


def test_comma_file_with_unquoted_decimal_comma_shifts_columns(bailiff):
    """Found by the probe: silent wrong data: imported with debt 50 instead of 1950,00, only a notice. A comma-separated file whose amounts keep their decimal comma, unquoted (what a
    hand-made export gives): the row has more cells than the header. The user needs the
    row refused (quarantine) rather than imported with shifted values."""
    header = [
        "type_acte",
        "date_acte",
        "reference_acte",
        "locataire_nom",
        "locataire_prenom",
        "adresse",
        "code_postal",
        "commune",
        "loyer_mensuel",
        "montant_dette",
        "observations",
    ]
    line = (
        "CDP,10/03/2025,SH-1,Benali,Samia,12 rue de la République,93200,Saint-Denis,650,50,1950,00,"
    )
    text = ",".join(header) + "\r\n" + line + "\r\n"
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.QUARANTAINE, stored.normalised
    (error,) = stored.errors
    assert error["column"] == "cellules_en_trop" and "00" in error["value"]
    assert "décalées" in error["message"] and "guillemets" in error["message"]
    assert not Event.objects.exists()


def test_header_semicolon_rows_comma(bailiff):
    """Header with ';' but data rows with ',' (two tools glued together)."""
    data = ",".join(row().get(c, "") for c in HEADER)
    text = ";".join(HEADER) + "\r\n" + data + "\r\n"
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.QUARANTAINE
    assert stored.errors


# --------------------------------------------------------------------------- quoting


def test_quoted_cells_with_newlines_separators_and_quotes(bailiff):
    data = row(
        adresse='Résidence "Les Lilas"; bât. 2\r\n12 rue de la République',
        observations='a;b,c\n"d"\r\ne',
    )
    text = _csv(_table(data, row(reference_acte="Q2", locataire_nom="Martin")))
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 2)
    assert stored[0].raw["observations"] == 'a;b,c\n"d"\r\ne'
    assert stored[1].line == 6  # the physical line of the second record


def test_unbalanced_quote_on_the_last_line_refuses_the_file(bailiff):
    before = _counts()
    lines = [";".join(r) for r in _table(row(), row(reference_acte="Z"))]
    lines[-1] = lines[-1].replace("Benali", '"Benali')
    batch = _import(bailiff, ("\r\n".join(lines) + "\r\n").encode())
    assert_refused(batch, before, "guillemet")


def test_unbalanced_quote_in_the_header_refuses_the_file(bailiff):
    before = _counts()
    lines = [";".join(r) for r in _table(row())]
    lines[0] = '"' + lines[0]
    batch = _import(bailiff, ("\r\n".join(lines) + "\r\n").encode())
    assert_refused(batch, before)


def test_quote_in_the_middle_of_an_unquoted_cell(bailiff):
    lines = [";".join(r) for r in _table(row(adresse='12 rue "des Lilas" bât 2'))]
    batch = _import(bailiff, ("\r\n".join(lines) + "\r\n").encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.raw["adresse"] == '12 rue "des Lilas" bât 2'


# --------------------------------------------------------------------------- header


def test_header_with_case_accents_spaces_and_aliases(bailiff):
    header = [
        "  TYPE ACTE ",
        "Dâte-Acte",
        "Référence",
        "Locataire Nom",
        "LOCATAIRE\u00a0PRENOM",
        "Adresse",
        "CP",
        "Commune",
        "Montant Dette",
    ]
    mapping = dict(
        zip(
            header,
            [
                "type_acte",
                "date_acte",
                "reference_acte",
                "locataire_nom",
                "locataire_prenom",
                "adresse",
                "code_postal",
                "commune",
                "montant_dette",
            ],
            strict=True,
        )
    )
    data = row()
    text = _csv([header, [data.get(mapping[h], "") for h in header]])
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


def test_header_with_the_french_labels_of_the_columns(bailiff):
    """The labels prevex shows (« Nom du locataire », « Date de l'acte »…)."""
    from prevex.intake.columns import COLUMNS

    header = [COLUMNS[c] for c in HEADER]
    text = _csv([header, [row().get(c, "") for c in HEADER]])
    before = _counts()
    batch = _import(bailiff, text.encode())
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
    else:
        assert_finished(batch, 1)


@pytest.mark.parametrize(
    "header,fragment",
    [
        (HEADER + ["type_acte"], "deux fois"),
        (HEADER + ["Type-Acte"], "deux fois"),
        (HEADER + ["cp"], "deux fois"),
        ([c for c in HEADER if c != "code_postal"], "code_postal"),
        ([c for c in HEADER if c not in ("type_acte", "date_acte")], "type_acte"),
    ],
)
def test_bad_headers_are_refused_whole(bailiff, header, fragment):
    before = _counts()
    text = _csv([header, [row().get(c, "") for c in header]])
    batch = _import(bailiff, text.encode())
    assert_refused(batch, before, fragment)


def test_unknown_extra_columns_are_listed(bailiff):
    header = HEADER + ["numero_dossier_interne", "agent"]
    text = _csv([header, [row().get(c, "") for c in HEADER] + ["D-1", "Mme X"]])
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE
    assert any("numero_dossier_interne" in n for n in batch.notices)


def test_header_with_many_trailing_empty_cells(bailiff):
    """Found by the probe: misleading refusal: « Ligne 1 : 326 colonnes ». Excel exports often carry hundreds of empty trailing separators on every line."""
    header = HEADER + [""] * 300
    data = [row().get(c, "") for c in HEADER] + [""] * 300
    text = _csv([header, data])
    before = _counts()
    batch = _import(bailiff, text.encode())
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
        pytest.fail(f"header with trailing empty cells refused: {batch.error}")
    (stored,) = assert_finished(batch, 1)


def test_title_line_then_header(bailiff):
    before = _counts()
    text = "Export CAF du 02/06/2025;;;\r\n" + _csv(_table(row()))
    batch = _import(bailiff, text.encode())
    assert_refused(batch, before)


def test_header_repeated_in_the_middle_of_the_file(bailiff):
    """Two exports glued together: the second header is a data row."""
    text = _csv(_table(row())) + _csv(_table(OTHER))
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 3)
    assert [r.status for r in stored].count(RowStatus.QUARANTAINE) == 1


# --------------------------------------------------------------------------- sizes


def test_one_megabyte_cell_refuses_the_file(bailiff):
    before = _counts()
    text = _csv(_table(row(), row(reference_acte="BIG", observations="x" * 1_000_000)))
    batch = _import(bailiff, text.encode())
    assert_refused(batch, before, "observations")


def test_one_megabyte_header_cell(bailiff):
    before = _counts()
    text = _csv(_table(row(), header=HEADER + ["y" * 1_000_000]))
    batch = _import(bailiff, text.encode())
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
    else:
        assert_finished(batch, 1)
        assert all(len(n) < 5000 for n in batch.notices)


def test_ten_thousand_columns(bailiff):
    before = _counts()
    header = HEADER + [f"col{i}" for i in range(10_000)]
    text = _csv([header, [row().get(c, "") for c in HEADER] + ["v"] * 10_000])
    batch = _import(bailiff, text.encode())
    assert_refused(batch, before, "colonnes")


def test_row_limit_refuses_whole_file(bailiff, settings):
    settings.PREVEX_IMPORT_MAX_ROWS = 3
    before = _counts()
    rows_ = [row(reference_acte=f"L{i}", locataire_nom=f"Nom{'a' * i}") for i in range(5)]
    batch = _import(bailiff, csv_bytes(rows_))
    assert_refused(batch, before)
