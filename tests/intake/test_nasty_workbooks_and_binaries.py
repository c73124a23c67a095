"""Nasty workbooks and files that are not CSV, against the rule « bad input gets a clear French
message: nothing lost, no partial write, no 500 »: an XLSX renamed .csv, typed Excel cells
(datetimes, floats with noise, booleans, a postcode without its leading zero), blank first
rows, a header row styled beyond its columns, damaged XLSX parts (content types, sheet XML,
shared strings, a sheet cut after many rows), and ZIP, PDF, PNG or EXE files renamed .csv.
Part of the independent probe of 2026-12-04 (written apart from test_adversarial_files.py);
tests marked « Found by the probe » failed on the code of that day and were fixed with it
(docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from prevex.intake.models import BatchStatus, RowStatus
from tests.intake.conftest import HEADER, row
from tests.intake.nasty_helpers import (
    _counts,
    _import,
    _table,
    _xlsx,
    _xlsx_cut,
    _zip,
    assert_finished,
    assert_quarantined,
    assert_refused,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- XLSX


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


# --------------------------------------------------------------------------- damaged XLSX


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


@pytest.mark.parametrize("garbage", [False, True], ids=["truncated", "garbage"])
def test_xlsx_whose_sheet_breaks_after_many_rows_is_refused_whole(bailiff, garbage):
    """Found by the probe. the XML error raised while rows are read escapes ``_checked``."""
    before = _counts()
    batch = _import(bailiff, _xlsx_cut(garbage=garbage), "actes.xlsx")
    assert_refused(batch, before)


# --------------------------------------------------------------------------- other files renamed


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
