"""Nasty partner files against the rule « bad input gets a clear French message:
nothing lost, no partial write, no 500 (no uncaught exception) ».

Written independently of test_adversarial_files.py (an independent probe, 2026-12-04),
each test states what a user needs; those marked « Found by the probe » failed on the
code of that day and were fixed with it (docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportBatch, ImportChunk, ImportRow, RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db

FRENCH = re.compile(
    r"[éèàçêùô«]|\b(le|la|les|du|de|des|fichier|ligne|colonne|est|une?|code|postal|inconnu|"
    r"invalide|montant|date|nom|chiffres|au plus)\b",
    re.IGNORECASE,
)
FINAL_ROW_STATES = set(RowStatus.values)


# --------------------------------------------------------------------------- helpers


def _counts() -> dict[str, int]:
    return {
        "rows": ImportRow.objects.count(),
        "chunks": ImportChunk.objects.count(),
        "households": Household.objects.count(),
        "events": Event.objects.count(),
    }


def _import(sender, content: bytes, name: str = "actes.csv") -> ImportBatch:
    batch = services.file_import(
        source=sender.organisation, content=content, filename=name, by=None
    )
    batch.refresh_from_db()
    return batch


def _rows(batch) -> list[ImportRow]:
    return list(ImportRow.objects.filter(batch=batch).order_by("line"))


def assert_refused(batch, before, *fragments):
    """The whole file refused: ECHEC, a French error, nothing written."""
    assert batch.status == BatchStatus.ECHEC, (batch.status, batch.error)
    assert batch.error and FRENCH.search(batch.error), batch.error
    # No exception name of the reader (« ParseError », « BadZipFile ») in the user's text.
    assert not re.search(r"\b[A-Z][a-z]+(Error|Exception|File)\b", batch.error), batch.error
    for fragment in fragments:
        assert fragment.lower() in batch.error.lower(), batch.error
    assert _counts() == before


def assert_quarantined(stored: ImportRow, column: str):
    """A row in quarantine with a French message on ``column``."""
    assert stored.status == RowStatus.QUARANTAINE, (stored.status, stored.raw)
    columns = [e["column"] for e in stored.errors]
    assert column in columns, stored.errors
    for error in stored.errors:
        assert error["message"] and FRENCH.search(error["message"]), error


def assert_finished(batch, expected_rows: int | None = None):
    assert batch.status == BatchStatus.TERMINE, (batch.status, batch.error)
    stored = _rows(batch)
    for r in stored:
        assert r.status in FINAL_ROW_STATES
        if r.status == RowStatus.QUARANTAINE:
            assert r.errors, r.raw
    if expected_rows is not None:
        assert batch.summary["lus"] == expected_rows, batch.summary
    return stored


def _csv(lines: list[list[str]], sep=";", eol="\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=eol).writerows(lines)
    return out.getvalue()


def _table(*rows_, header=HEADER) -> list[list[str]]:
    return [list(header)] + [[r.get(c, "") for c in header] for r in rows_]


# Two other households (another person, another dwelling): not duplicates of ``row()``.
OTHER = row(
    reference_acte="CQL-9",
    type_acte="CQL",
    date_acte="20/05/2025",
    locataire_nom="Martin",
    locataire_prenom="Paul",
    locataire_date_naissance="",
    adresse="4 avenue Jean Jaurès",
    code_postal="93300",
    commune="Aubervilliers",
)
THIRD = row(
    reference_acte="CDP-7",
    date_acte="12/02/2025",
    locataire_nom="Traoré",
    locataire_prenom="Awa",
    locataire_date_naissance="03/03/1970",
    adresse="8 rue de Paris",
    code_postal="93100",
    commune="Montreuil",
)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,prefix",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
)
def test_common_encodings_import_with_accents_intact(bailiff, encoding, prefix):
    text = _csv(
        _table(row(locataire_nom="Lefèvre", locataire_prenom="Hélène", montant_dette="1 950,00 €"))
    )
    batch = _import(bailiff, prefix + text.encode(encoding))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.raw["locataire_nom"] == "Lefèvre"
    assert stored.normalised["montant_dette"] in ("1950.00", "1950")


def test_excel_unicode_text_export_utf16_tab(bailiff):
    """Excel « Texte Unicode » : UTF-16 LE with BOM, tab-separated."""
    text = _csv(_table(row(locataire_nom="Gonçalves")), sep="\t")
    batch = _import(bailiff, codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "export.txt")
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


def test_latin1_bytes_undefined_in_cp1252(bailiff):
    text = _csv(_table(row(locataire_nom="Müller", observations="x\x81y", montant_dette="1950")))
    batch = _import(bailiff, text.encode("latin-1"))
    (stored,) = assert_finished(batch, 1)
    assert stored.raw["locataire_nom"] == "Müller"
    assert batch.notices


def test_utf32_with_bom_is_read_or_refused_cleanly(bailiff):
    before = _counts()
    text = _csv(_table(row()))
    batch = _import(bailiff, text.encode("utf-32"))
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
    else:
        (stored,) = assert_finished(batch, 1)
        assert stored.raw["locataire_nom"] == "Benali"


def test_utf8_bom_file_with_one_cp1252_line(bailiff):
    """Excel « CSV UTF-8 » with one line pasted from a Windows tool."""
    before = _counts()
    good = _csv(_table(row()))
    bad = _csv([[row(reference_acte="X2", locataire_nom="Gérard").get(c, "") for c in HEADER]])
    content = codecs.BOM_UTF8 + good.encode("utf-8") + bad.encode("cp1252")
    batch = _import(bailiff, content)
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
    else:
        assert_finished(batch, 2)


def test_utf16_with_odd_byte_count_is_refused_in_french(bailiff):
    before = _counts()
    content = codecs.BOM_UTF16_LE + _csv(_table(row())).encode("utf-16-le") + b"\x41"
    batch = _import(bailiff, content)
    assert_refused(batch, before)


# --------------------------------------------------------------------------- line endings


@pytest.mark.parametrize("eol", ["\r", "\n", "\r\r\n"])
def test_line_endings(bailiff, eol):
    text = _csv(_table(row(), OTHER), eol=eol)
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 2)
    assert [r.status for r in stored] == [RowStatus.IMPORTE, RowStatus.IMPORTE], [
        r.errors for r in stored
    ]


def test_mixed_line_endings_and_no_final_newline(bailiff):
    lines = [";".join(r) for r in _table(row(), OTHER, THIRD)]
    text = lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3]
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 3)
    assert all(r.status == RowStatus.IMPORTE for r in stored), [r.errors for r in stored]


def test_a_lone_cr_inside_an_unquoted_cell_does_not_lose_data(bailiff):
    """A cell with a stray carriage return (copy-paste from a web form)."""
    data = row(observations="premiere partie\rseconde partie")
    line = ";".join(data.get(c, "") for c in HEADER)
    text = ";".join(HEADER) + "\r\n" + line + "\r\n"
    before = _counts()
    batch = _import(bailiff, text.encode())
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
        return
    stored = assert_finished(batch)
    # whatever happened, each physical piece is accounted for (imported or quarantined)
    assert stored
    for r in stored:
        assert r.status in FINAL_ROW_STATES


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


# --------------------------------------------------------------------------- empty, NUL


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\r\n\r\n\r\n",
        b"   \t  ",
        codecs.BOM_UTF8 + b"\r\n",
        b"\x00" * 100,
        b"\x00\r\n\x00",
        ";".join(HEADER).encode(),
        (";".join(HEADER) + "\r\n\r\n;;;;\r\n  \r\n").encode(),
        codecs.BOM_UTF16_LE + ";".join(HEADER).encode("utf-16-le"),
    ],
    ids=[
        "empty",
        "crlf",
        "blanks",
        "bom",
        "nuls",
        "nul-lines",
        "header",
        "header+blank",
        "utf16-header",
    ],
)
def test_empty_files_are_refused_whole(bailiff, content):
    before = _counts()
    batch = _import(bailiff, content)
    assert_refused(batch, before)


def test_nul_bytes_inside_cells(bailiff):
    text = _csv(_table(row(locataire_nom="Ben\x00ali", observations="a\x00b")))
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert "\x00" not in stored.raw["observations"]


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


# --------------------------------------------------------------------------- files renamed


def _xlsx(rows_: list[list], sheets=1) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows_:
        ws.append(r)
    for i in range(1, sheets):
        wb.create_sheet(f"S{i}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_renamed_csv_is_read(bailiff):
    content = _xlsx(_table(row()))
    batch = _import(bailiff, content, "actes.csv")
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


def test_xlsx_with_typed_cells(bailiff):
    data = row()
    values = [data.get(c, "") for c in HEADER]
    values[HEADER.index("date_acte")] = datetime.datetime(2025, 3, 10, 14, 30)
    values[HEADER.index("code_postal")] = 93200
    values[HEADER.index("montant_dette")] = 1950.5
    values[HEADER.index("loyer_mensuel")] = 650
    values[HEADER.index("locataire_date_naissance")] = datetime.date(1985, 4, 12)
    batch = _import(bailiff, _xlsx([HEADER, values]), "actes.xlsx")
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.normalised["montant_dette"] == "1950.5"


def test_xlsx_computed_amount_with_float_noise(bailiff):
    """Found by the probe: usability: refused « Deux décimales au plus ». An amount computed in Excel (=650*1,1 → 715,0000000000001 shown as 715,00)."""
    data = row()
    values = [data.get(c, "") for c in HEADER]
    values[HEADER.index("montant_dette")] = 650 * 1.1
    batch = _import(bailiff, _xlsx([HEADER, values]), "actes.xlsx")
    (stored,) = assert_finished(batch, 1)
    if stored.status == RowStatus.QUARANTAINE:
        assert_quarantined(stored, "montant_dette")
        pytest.fail(f"715,00 shown in Excel refused: {stored.errors}")


def test_xlsx_postcode_lost_its_leading_zero_and_odd_cells(bailiff):
    data = row()
    values = [data.get(c, "") for c in HEADER]
    values[HEADER.index("code_postal")] = 1000  # Ain, other département
    values[HEADER.index("locataire_nom")] = True
    values[HEADER.index("observations")] = datetime.time(12, 0)
    values[HEADER.index("adresse")] = datetime.timedelta(days=3)
    batch = _import(bailiff, _xlsx([HEADER, values]), "actes.xlsx")
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.QUARANTAINE


def test_xlsx_with_blank_first_row(bailiff):
    """Found by the probe: a sheet whose first row is blank was refused as « Le fichier
    est vide ». The header is looked for below empty rows; the line numbers stay the
    sheet's own."""
    batch = _import(bailiff, _xlsx([[None], [None], *_table(row())]), "actes.xlsx")
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.line == 4
    assert any("En-tête lu à la ligne 3" in n for n in batch.notices), batch.notices


def test_xlsx_with_only_blank_rows_is_empty(bailiff):
    before = _counts()
    batch = _import(bailiff, _xlsx([[None]] * 30 + _table(row())), "actes.xlsx")
    assert_refused(batch, before, "vide")


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "parts",
    [
        {"actes.csv": b"type_acte;date_acte\r\n"},
        {"[Content_Types].xml": b"<not xml"},
        {"[Content_Types].xml": b""},
        {"[Content_Types].xml": b"\xff\xfe\x00garbage"},
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>'
        },
    ],
    ids=["zip-of-csv", "ct-not-xml", "ct-empty", "ct-binary", "ct-no-workbook"],
)
def test_zip_renamed_csv_is_refused_in_french(bailiff, parts):
    """Found by the probe. ct-not-xml, ct-empty, ct-binary (uncaught ParseError)."""
    before = _counts()
    batch = _import(bailiff, _zip(parts), "actes.csv")
    assert_refused(batch, before)


def _broken_sheet_xlsx(sheet_xml: bytes) -> bytes:
    good = _xlsx(_table(row()))
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            z.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "sheet",
    [
        b"<worksheet",
        b"",
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>type_acte</t></is></c></row><row r="2"><c r="A2"',
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>99999</v></c></row></sheetData></worksheet>',
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="ZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="n"><v>abc</v></c></row></sheetData></worksheet>',
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="d"><v>not-a-date</v></c></row></sheetData></worksheet>',
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>',
    ],
    ids=[
        "truncated-tag",
        "empty-sheet",
        "cut-mid-row",
        "bad-shared-index",
        "bad-column-ref",
        "number-not-number",
        "bad-date-cell",
        "error-cell",
    ],
)
def test_damaged_xlsx_is_refused_in_french(bailiff, sheet):
    """Found by the probe. truncated-tag, empty-sheet, cut-mid-row (uncaught ParseError)."""
    before = _counts()
    batch = _import(bailiff, _broken_sheet_xlsx(sheet), "actes.xlsx")
    assert_refused(batch, before)


def test_xlsx_with_broken_shared_strings_is_refused(bailiff):
    """Found by the probe. a damaged sharedStrings.xml (the usual place of an Excel file's text)
    raises an XML ParseError out of ``load_workbook``."""
    good = _xlsx(_table(row()))
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            z.writestr(info.filename, data)
        z.writestr("xl/sharedStrings.xml", b"<sst><si><t>unterminated")
    before = _counts()
    batch = _import(bailiff, out.getvalue(), "actes.xlsx")
    assert_refused(batch, before)


def test_pdf_renamed_csv(bailiff):
    before = _counts()
    content = (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        b"2 0 obj\n<< /Length 20 /Filter /FlateDecode >>\nstream\n"
        + bytes(range(256)) * 4
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    batch = _import(bailiff, content, "actes.csv")
    assert_refused(batch, before)


def test_png_and_exe_renamed_csv(bailiff):
    before = _counts()
    for content in (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, b"MZ\x90\x00" + b"\x00" * 600):
        batch = _import(bailiff, content, "actes.csv")
        assert_refused(batch, before)


# --------------------------------------------------------------------------- idempotency


def test_same_row_twice_in_one_file(bailiff):
    batch = _import(bailiff, csv_bytes([row(), row()]))
    stored = assert_finished(batch, 2)
    assert batch.summary["importes"] == 1 and batch.summary["doublons"] == 1, batch.summary
    assert Event.objects.count() == 1
    assert len(stored) >= 1


def test_same_row_twice_without_reference(bailiff):
    batch = _import(bailiff, csv_bytes([row(reference_acte=""), row(reference_acte="")]))
    assert_finished(batch, 2)
    assert Event.objects.count() == 1


def test_same_file_twice(bailiff):
    content = csv_bytes(
        [row(), row(reference_acte="B", locataire_nom="Martin", locataire_prenom="Paul")]
    )
    first = _import(bailiff, content)
    assert_finished(first, 2)
    counts = _counts()
    second = _import(bailiff, content)
    assert_finished(second, 2)
    assert second.summary["doublons"] == 2, second.summary
    assert _counts()["events"] == counts["events"]
    assert _counts()["households"] == counts["households"]


def test_same_reference_for_two_different_acts_in_one_file(bailiff):
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(reference_acte="R1"),
                row(
                    reference_acte="R1",
                    type_acte="ASSIGNATION",
                    date_acte="01/04/2025",
                    date_audience="01/09/2025",
                ),
            ]
        ),
    )
    stored = assert_finished(batch, 2)
    statuses = sorted(r.status for r in stored)
    assert RowStatus.QUARANTAINE in statuses, [(r.status, r.errors) for r in stored]


def test_a_bad_row_and_a_good_row_sharing_a_reference_in_one_file_lose_nothing(bailiff):
    """Found by the probe: the bad row vanishes; summary says 1 in quarantine, none is. A sender reusing a reference for two different tenants in one file; the first row
    is bad. Nothing may be lost: the bad row stays visible in quarantine (or both are
    quarantined), and the summary agrees with the stored rows."""
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    reference_acte="1",
                    locataire_nom="Durand",
                    locataire_prenom="Paul",
                    date_acte="31/02/2025",
                    adresse="4 avenue Jean Jaurès",
                ),
                row(reference_acte="1"),
            ]
        ),
    )
    stored = assert_finished(batch, 2)
    quarantined = ImportRow.objects.filter(status=RowStatus.QUARANTAINE)
    names = {r.raw.get("locataire_nom") for r in ImportRow.objects.all()}
    assert "Durand" in names, (
        "the quarantined row of Durand was overwritten by another row: "
        f"rows={[(r.line, r.status, r.raw.get('locataire_nom')) for r in ImportRow.objects.all()]}, "
        f"summary={batch.summary}"
    )
    assert batch.summary["quarantaine"] == quarantined.count(), batch.summary
    assert stored


def test_a_bad_row_then_another_act_under_its_reference_in_a_later_file(bailiff):
    """Found by the probe: the quarantined row is overwritten by an unrelated act. The quarantined row of file 1 and an unrelated act under the same reference in
    file 2: the quarantined row must not vanish."""
    _import(
        bailiff,
        csv_bytes(
            [
                row(
                    reference_acte="77",
                    locataire_nom="Durand",
                    locataire_prenom="Paul",
                    date_acte="31/02/2025",
                )
            ]
        ),
    )
    _import(
        bailiff,
        csv_bytes(
            [
                row(
                    reference_acte="77",
                    type_acte="CQL",
                    date_acte="02/05/2025",
                    locataire_nom="Martin",
                    locataire_prenom="Lucie",
                    adresse="4 avenue Jean Jaurès",
                    code_postal="93300",
                    commune="Aubervilliers",
                )
            ]
        ),
    )
    names = {r.raw.get("locataire_nom") for r in ImportRow.objects.all()}
    assert "Durand" in names, [
        (r.batch_id, r.line, r.status, r.raw.get("locataire_nom")) for r in ImportRow.objects.all()
    ]


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


def test_act_not_allowed_for_sender(caf):
    batch = _import(
        caf, csv_bytes([row(type_acte="JUGEMENT", decision="FERME", contradictoire="OUI")])
    )
    (stored,) = assert_finished(batch, 1)
    assert_quarantined(stored, "type_acte")


# --------------------------------------------------------------------------- web upload

NASTY_UPLOADS = {
    "empty": (b"", "actes.csv"),
    "header-only": (";".join(HEADER).encode(), "actes.csv"),
    "nuls": (b"\x00" * 64, "actes.csv"),
    "utf16": (codecs.BOM_UTF16_LE + _csv(_table(row())).encode("utf-16-le"), "actes.csv"),
    "cp1252": (_csv(_table(row(locataire_nom="Gérard"))).encode("cp1252"), "actes.csv"),
    "mac-cr": (_csv(_table(row()), eol="\r").encode(), "actes.csv"),
    "unclosed-quote": (
        (
            "\r\n".join(
                [
                    ";".join(HEADER),
                    ";".join(row().get(c, "") for c in HEADER).replace("Benali", '"Benali'),
                ]
            )
            + "\r\n"
        ).encode(),
        "actes.csv",
    ),
    "1mb-cell": (_csv(_table(row(observations="x" * 1_000_000))).encode(), "actes.csv"),
    "10000-cols": (_csv([HEADER + [f"c{i}" for i in range(10_000)]]).encode(), "actes.csv"),
    "pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 4, "actes.pdf"),
    "zip": (_zip({"a.csv": b"x"}), "actes.csv"),
    "zip-bad-xml": (_zip({"[Content_Types].xml": b"<not xml"}), "actes.csv"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "actes.xls"),
    "bad-rows": (
        csv_bytes(
            [row(date_acte="44927", montant_dette="1e9", locataire_nom="=cmd|' /C calc'!A0")]
        ),
        "actes.csv",
    ),
    "weird-name": (("\u202e\x00" + ".." + "/" + ".." + "/etc/passwd;.csv").encode(), "x"),
    "filename-nul": (csv_bytes([row()]), "ac\x00tes.csv"),
    "filename-long": (csv_bytes([row()]), "a" * 400 + ".csv"),
}


@pytest.mark.urls("tests.intake.urls")
@pytest.mark.parametrize("case", list(NASTY_UPLOADS))
def test_web_upload_never_500_and_says_it_in_french(client, bailiff, login_as, case):
    """Found by the probe. zip-bad-xml (500)."""
    login_as(bailiff)
    content, name = NASTY_UPLOADS[case]
    before = _counts()
    response = client.post("/imports/", {"fichier": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        html = page.content.decode()
    else:
        html = response.content.decode()
    assert FRENCH.search(html)
    batch = ImportBatch.objects.order_by("-id").first()
    if batch is not None and batch.status == BatchStatus.ECHEC:
        assert "Fichier refusé" in html or batch.error[:40] in html, html[:2000]
        assert _counts() == before
    elif batch is not None:
        assert batch.status == BatchStatus.TERMINE, (batch.status, batch.error)
        assert "terminé" in html


@pytest.mark.urls("tests.intake.urls")
def test_web_error_report_and_quarantine_pages_with_nasty_rows(client, bailiff, login_as):
    login_as(bailiff)
    rows_ = [
        row(reference_acte="W1", locataire_nom="<script>alert(1)</script>"),
        row(reference_acte="W2", observations="\u202e<b>gras</b>", date_acte="5-janv.-23"),
        row(reference_acte="W3", montant_dette="sNaN", locataire_prenom="😀"),
        row(reference_acte="W4", adresse="x" * 999, code_postal="75001"),
    ]
    client.post("/imports/", {"fichier": SimpleUploadedFile("a.csv", csv_bytes(rows_))})
    batch = ImportBatch.objects.get()
    for url in (
        f"/imports/{batch.pk}/",
        f"/imports/{batch.pk}/erreurs.csv",
        "/imports/quarantaine/",
        "/imports/quarantaine.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body or url.endswith(".csv"), url
    for r in ImportRow.objects.all():
        response = client.get(f"/imports/lignes/{r.pk}/corriger/")
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


# --------------------------------------------------------------------------- XLSX broken mid-file


def _xlsx_cut(rows: int = 3000, at: float = 0.9, garbage: bool = False, table=None) -> bytes:
    good = _xlsx(table or _table(*[row(reference_acte=f"R{i}") for i in range(rows)]))

    def cut(data: bytes) -> bytes:
        n = int(len(data) * at)
        return data[:n] + b"<<<>>>" + data[n:] if garbage else data[:n]

    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = cut(data)
            z.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize("garbage", [False, True], ids=["truncated", "garbage"])
def test_xlsx_whose_sheet_breaks_after_many_rows_is_refused_whole(bailiff, garbage):
    """Found by the probe. the XML error raised while rows are read escapes ``_checked``."""
    before = _counts()
    batch = _import(bailiff, _xlsx_cut(garbage=garbage), "actes.xlsx")
    assert_refused(batch, before)


@pytest.mark.urls("tests.intake.urls")
def test_web_upload_of_an_xlsx_broken_mid_file(client, bailiff, login_as):
    """Found by the probe. 500."""
    login_as(bailiff)
    content = _xlsx_cut(rows=200)
    response = client.post("/imports/", {"fichier": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code in (200, 302), response.status_code


# --------------------------------------------------------------------------- API


@pytest.fixture
def api(client, bailiff):
    from prevex.api.services import api_token_create
    from tests.api.conftest import ApiClient

    _, clear = api_token_create(organisation=bailiff.organisation, name="probe", by=None)
    return ApiClient(client, clear)


def _api_counts():
    from tests.api.conftest import data_counts

    return data_counts()


def test_api_row_about_another_departement_is_422_and_writes_nothing(api, bailiff):
    """Found by the probe: 201, a batch and a QUARANTAINE row written. docs/api.md: « If any field is invalid, nothing is stored and the answer is 422 »."""
    from tests.api.conftest import notification

    before = _api_counts()
    response = api.post(
        notification(code_postal="75001", commune="Paris", adresse="1 rue de Rivoli")
    )
    assert response.status_code == 422, (response.status_code, response.json())
    assert _api_counts() == before


@pytest.mark.parametrize(
    "body",
    [
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Benali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": NaN}',
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Benali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": Infinity}',
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Benali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": 1' + "0" * 500 + "}",
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Ben\\u0000ali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": 1e-7}',
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "\\ud800", '
        '"locataire_prenom": "Samia", "adresse": "12 rue", "code_postal": "93200"}',
        '{"notifications": [' + ",".join(['{"type_acte": "CDP"}'] * 3) + "]}",
        '"just a string"',
        "[1, 2, 3]",
        '{"notifications": []}',
        '{"type_acte": ["CDP"], "date_acte": {"a": 1}}',
    ],
    ids=[
        "nan",
        "inf",
        "huge-int",
        "nul-and-tiny",
        "lone-surrogate",
        "incomplete-batch",
        "string",
        "list",
        "empty-batch",
        "wrong-types",
    ],
)
def test_api_nasty_json_bodies(api, body):
    before = _api_counts()
    response = api.client.post(
        "/api/v1/notifications", body, content_type="application/json", headers=api.headers
    )
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400:
        assert _api_counts() == before
        assert FRENCH.search(response.content.decode("utf-8"))


def test_api_same_reference_for_two_acts_in_one_call(api):
    from tests.api.conftest import notification

    before = _api_counts()
    response = api.post(
        {
            "notifications": [
                notification(reference_acte="R1"),
                notification(reference_acte="R1", type_acte="CQL", date_acte="2025-05-02"),
            ]
        }
    )
    assert response.status_code < 500
    if response.status_code == 422:
        assert _api_counts() == before
    else:
        statuts = [n["statut"] for n in response.json()["notifications"]]
        assert "QUARANTAINE" in statuts, statuts


# --------------------------------------------------------------------------- more rows


def test_header_repeated_in_the_middle_of_the_file(bailiff):
    """Two exports glued together: the second header is a data row."""
    text = _csv(_table(row())) + _csv(_table(OTHER))
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 3)
    assert [r.status for r in stored].count(RowStatus.QUARANTAINE) == 1


def test_dos_end_of_file_marker(bailiff):
    """Ctrl-Z (0x1A) left at the end by an old DOS tool."""
    batch = _import(bailiff, csv_bytes([row()]) + b"\x1a")
    stored = assert_finished(batch)
    assert stored[0].status == RowStatus.IMPORTE


def test_control_characters_in_cells(bailiff):
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    locataire_nom="Ben\x0bali",
                    adresse="12 rue de la\x0cRépublique",
                    observations="a\x07b\x1bc\u2028d\x85e",
                )
            ]
        ),
    )
    (stored,) = assert_finished(batch, 1)
    assert stored.status in FINAL_ROW_STATES


@pytest.mark.urls("tests.intake.urls")
def test_web_upload_of_a_large_file_with_bad_rows_goes_through_the_job(client, bailiff, login_as):
    login_as(bailiff)
    rows_ = []
    for i in range(2100):
        bad = i % 300 == 0
        rows_.append(
            row(
                reference_acte=f"BIG-{i}",
                locataire_nom="Nom" + "abcdefghijklmnopqrstuvwxyz"[i % 26] * (1 + i % 7),
                locataire_prenom="Prénom" + "abcdefghij"[i % 10],
                locataire_date_naissance="",
                adresse=f"{i} rue de la République",
                date_acte="31/02/2025" if bad else "10/03/2025",
            )
        )
    response = client.post("/imports/", {"fichier": SimpleUploadedFile("g.csv", csv_bytes(rows_))})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.TERMINE, (batch.status, batch.error)
    assert batch.summary["lus"] == 2100
    assert batch.summary["quarantaine"] == 7
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.urls("tests.intake.urls")
@pytest.mark.parametrize(
    "values",
    [
        {"locataire_nom": "Ben\x00ali", "date_acte": "10/03/2025"},
        {"date_acte": "x" * 10_001},
        {"date_acte": "10/03/2025", "observations": "😀\u202e" * 2000},
        {"date_acte": "44927", "montant_dette": "sNaN"},
        {"date_acte": "10/03/2025", "code_postal": "75001", "commune": "Paris"},
    ],
    ids=["nul", "too-long", "emoji-rtl", "still-bad", "other-dep"],
)
def test_quarantine_correction_form_with_nasty_values(client, bailiff, login_as, values):
    login_as(bailiff)
    _import(bailiff, csv_bytes([row(date_acte="31/02/2025")]))
    stored = ImportRow.objects.get()
    data = {**stored.raw, **values}
    response = client.post(f"/imports/lignes/{stored.pk}/corriger/", data)
    assert response.status_code in (200, 302), response.status_code
    stored.refresh_from_db()
    assert stored.status in FINAL_ROW_STATES
    if stored.status == RowStatus.QUARANTAINE:
        assert FRENCH.search(response.content.decode())


# --------------------------------------------------------------------------- payments file


PAYMENT_NASTY = {
    "empty": (b"", "v.csv"),
    "utf16": (
        codecs.BOM_UTF16_LE
        + "numero_plan;date_versement;montant\r\n1;05/03/2025;150\r\n".encode("utf-16-le"),
        "v.csv",
    ),
    "unclosed-quote": (
        b'numero_plan;date_versement;montant\r\n1;05/03/2025;"150\r\n2;05/04/2025;150\r\n',
        "v.csv",
    ),
    "snan": (b"numero_plan;date_versement;montant\r\n1;05/03/2025;sNaN\r\n", "v.csv"),
    "1mb-cell": (
        b"numero_plan;date_versement;montant\r\n1;05/03/2025;" + b"9" * 1_000_000 + b"\r\n",
        "v.csv",
    ),
    "huge-plan": (
        b"numero_plan;date_versement;montant\r\n" + "９".encode() * 5 + b";05/03/2025;150\r\n",
        "v.csv",
    ),
    "zip-bad-xml": (_zip({"[Content_Types].xml": b"<not xml"}), "v.csv"),
    "xlsx-broken-mid": (None, "v.xlsx"),
    "pdf": (b"%PDF-1.4\n" + bytes(range(256)), "v.csv"),
}


@pytest.mark.urls("tests.intake.urls")
@pytest.mark.parametrize("case", list(PAYMENT_NASTY))
def test_payments_upload_never_500(client, bailiff, login_as, case):
    """Found by the probe. zip-bad-xml and xlsx-broken-mid (500)."""
    from prevex.support.models import Payment

    login_as(bailiff)
    content, name = PAYMENT_NASTY[case]
    if content is None:
        table = [["numero_plan", "date_versement", "montant"]] + [
            [1, "05/03/2025", "150"] for _ in range(500)
        ]
        content = _xlsx_cut(table=table)
    response = client.post("/imports/versements/", {"fichier": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 422), response.status_code
    assert FRENCH.search(response.content.decode())
    assert Payment.objects.count() == 0


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


def test_xlsx_whose_header_row_is_formatted_beyond_the_columns(bailiff):
    """Found by the probe: misleading refusal. a header row coloured across 150 columns in Excel
    (empty, styled cells). The sheet has 26 columns the user can see; the file is refused
    as having 150 columns, while data rows with the same empty cells are tolerated."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    for r in _table(row()):
        ws.append(r)
    fill = PatternFill("solid", fgColor="FFFF00")
    for col in range(1, 151):
        ws.cell(row=1, column=col).fill = fill
    out = io.BytesIO()
    wb.save(out)
    before = _counts()
    batch = _import(bailiff, out.getvalue(), "actes.xlsx")
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
        pytest.fail(f"styled empty header cells refuse the file: {batch.error}")
    assert_finished(batch, 1)
