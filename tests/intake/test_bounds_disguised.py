"""XLSX files that hide their size from the bounds by disguise, found by a probe written
apart from the bounds' own tests: a sheet or shared strings under another part name, a
cell's text cut by XML comments or CDATA sections, a declared dimension of 16,384
columns. Each is refused (or read as written) before anything large is built."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from prevex.intake.parsing import FileRefused, read_file
from tests.intake.conftest import HEADER, row
from tests.intake.test_bounds import SHEET_CLOSE, SHEET_OPEN, _header_row

NS = "http://schemas.openxmlformats.org/"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _workbook(
    sheet: str, *, sheet_name="worksheets/sheet1.xml", sst="<sst/>", sst_name="sharedStrings.xml"
) -> bytes:
    """An XLSX whose sheet and shared strings live at the given part names, declared in
    the content types and the workbook's relations (as openpyxl finds them)."""
    types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{NS}package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/{sheet_name}" ContentType="{SHEET_TYPE}"/>'
        f'<Override PartName="/xl/{sst_name}" ContentType="{SST_TYPE}"/></Types>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS}officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}spreadsheetml/2006/main" '
        f'xmlns:r="{NS}officeDocument/2006/relationships"><sheets>'
        '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS}officeDocument/2006/relationships/worksheet" Target="{sheet_name}"/>'
        f'<Relationship Id="rId2" Type="{NS}officeDocument/2006/relationships/sharedStrings" Target="{sst_name}"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr(f"xl/{sheet_name}", sheet)
        archive.writestr(f"xl/{sst_name}", sst)
    return out.getvalue()


def _rows_of(content: bytes) -> list[dict]:
    return [r for _, r in read_file(content, "f.xlsx").rows()]


def _refused(content: bytes) -> str:
    with pytest.raises(FileRefused) as refused:
        _rows_of(content)
    return refused.value.message


def _inline(text: str, ref="A2", r=2) -> str:
    return f'<row r="{r}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def test_the_disguise_itself_is_read_as_a_workbook():
    """The builder's renamed parts are what openpyxl reads: the refusals below are the
    bounds' doing, not an unreadable file."""
    sheet = SHEET_OPEN + _header_row() + _inline("CDP") + SHEET_CLOSE
    rows = _rows_of(_workbook(sheet, sheet_name="worksheets/sheet1.bin", sst_name="ss.bin"))
    assert [r["type_acte"] for r in rows] == ["CDP"]


def test_shared_strings_under_another_name_are_bounded(settings):
    settings.PREVEX_IMPORT_MAX_SHARED_STRINGS_MB = 1
    sst = f'<sst xmlns="{NS}spreadsheetml/2006/main">' + "<si><t>a</t></si>" * 150_000 + "</sst>"
    sheet = SHEET_OPEN + _header_row() + SHEET_CLOSE
    message = _refused(_workbook(sheet, sst=sst, sst_name="ss.bin"))
    assert "Les textes de ce classeur XLSX occupent" in message and "1 Mo au plus" in message


def test_a_sheet_under_another_name_has_its_cells_bounded(settings):
    settings.PREVEX_IMPORT_MAX_CELL_CHARS = 100
    sheet = SHEET_OPEN + _header_row() + _inline("x" * 20_000) + SHEET_CLOSE
    message = _refused(_workbook(sheet, sheet_name="worksheets/sheet1.bin"))
    assert "cellule démesurée" in message


def test_a_sheet_under_another_name_has_its_rows_counted(settings):
    settings.PREVEX_IMPORT_MAX_ROWS = 50
    body = "".join(_inline("CDP", ref=f"A{n}", r=n) for n in range(2, 80))
    sheet = SHEET_OPEN + _header_row() + body + SHEET_CLOSE
    message = _refused(_workbook(sheet, sheet_name="worksheets/feuille.bin"))
    assert "plus de 50 lignes" in message


@pytest.mark.parametrize("cut", ["<!---->", "]]><![CDATA["])
def test_a_cell_cut_by_comments_or_cdata_is_one_cell_for_the_bounds(settings, cut):
    settings.PREVEX_IMPORT_MAX_CELL_CHARS = 100
    text = ("x" * 500 + cut) * 40
    if cut.startswith("]]>"):
        text = "<![CDATA[" + text + "]]>"
    sheet = SHEET_OPEN + _header_row() + _inline(text) + SHEET_CLOSE
    assert "cellule démesurée" in _refused(_workbook(sheet))


def test_a_short_comment_in_a_sheet_is_harmless(settings):
    settings.PREVEX_IMPORT_MAX_CELL_CHARS = 100
    sheet = (
        SHEET_OPEN
        + _header_row()
        + "<!-- fait à la main -->"
        + _inline("C<!--x-->DP")
        + SHEET_CLOSE
    )
    assert [r["type_acte"] for r in _rows_of(_workbook(sheet))] == ["CDP"]


def _with_dimension(last_row: int, last_column: str) -> bytes:
    """An ordinary workbook whose declared dimension says « A1:<col><row> » and whose one
    data row stands at ``last_row``."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    values = row()
    for index, column in enumerate(HEADER, start=1):
        sheet.cell(row=last_row, column=index, value=values.get(column, ""))
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ref=")
                end = data.index(b"/>", start) + 2
                data = (
                    data[:start]
                    + f'<dimension ref="A1:{last_column}{last_row}"/>'.encode()
                    + data[end:]
                )
            archive.writestr(info, data)
    return patched.getvalue()


def test_a_declared_dimension_of_16384_columns_does_not_pad_the_rows():
    parsed = read_file(_with_dimension(3_000, "XFD"), "f.xlsx")
    widths = {len(cells) for _, cells, _ in parsed._rows}
    assert widths == {len(HEADER)}  # not 16,384 cells a row


def test_a_row_far_down_a_sheet_is_not_counted_as_the_blank_rows_above_it(settings):
    settings.PREVEX_IMPORT_MAX_ROWS = 1_000
    rows = _rows_of(_with_dimension(5_000, "Z"))
    assert [r["locataire_nom"] for r in rows] == [row()["locataire_nom"]]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_values_under_a_column_without_a_name_are_said_to_be_ignored(kind):
    """Found by the same probe: a value typed under a blank header cell in the middle
    of the header was dropped without a word (after the last column it is noticed)."""
    header = [*HEADER[:5], "", *HEADER[5:]]
    values = {**row(), "": "NOTE"}
    if kind == "csv":
        content = "\r\n".join(
            ";".join(r) for r in (header, [values.get(c, "") for c in header])
        ).encode()
    else:
        book = Workbook()
        book.active.append(header)
        book.active.append([values.get(c, "") for c in header])
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    parsed = read_file(content, f"f.{kind}")
    rows = [r for _, r in parsed.rows()]
    assert rows[0]["locataire_nom"] == row()["locataire_nom"]
    assert any("Colonne(s) n° 6 sans nom" in n for n in parsed.notices)
    named = (
        read_file(content.replace(b";;", b";note_perso;", 1), "g.csv") if kind == "csv" else None
    )
    if named is not None:
        assert not any("sans nom" in n for n in named.notices)
