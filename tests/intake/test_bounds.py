"""Bounded imports: crafted XLSX files that expand enormously are refused before anything
is stored, in bounded memory, with a French message (prevex/intake/bounds.py)."""

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportBatch, ImportChunk, ImportRow
from prevex.intake.parsing import FileRefused, read_file
from tests.intake.conftest import HEADER, csv_bytes, row

PEAK_BYTES = 60 * 1024 * 1024  # far below what the files expand to

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = "</sheetData></worksheet>"


def _header_row() -> str:
    cells = "".join(
        f'<c r="{_col(i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(HEADER)
    )
    return f'<row r="1">{cells}</row>'


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xlsx(sheet_parts, shared_parts=("<sst/>",)) -> bytes:
    """An XLSX whose sheet and shared strings are streamed from iterables of text."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, parts in (
            ("xl/worksheets/sheet1.xml", sheet_parts),
            ("xl/sharedStrings.xml", shared_parts),
        ):
            with archive.open(name, "w", force_zip64=True) as stream:
                for part in parts:
                    stream.write(part.encode("utf-8"))
    return out.getvalue()


def _repeat(text: str, megabytes: int):
    block = text * (1024 * 1024 // len(text))
    for _ in range(megabytes):
        yield block


def _huge_shared_string(megabytes: int) -> bytes:
    shared = [
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
        *_repeat("A", megabytes),
        "</t></si></sst>",
    ]
    data_row = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return _xlsx([SHEET_OPEN, _header_row(), data_row, SHEET_CLOSE], shared)


def _huge_inline_cell(megabytes: int) -> bytes:
    sheet = [
        SHEET_OPEN,
        _header_row(),
        '<row r="2"><c r="A2" t="inlineStr"><is><t>',
        *_repeat("B", megabytes),
        "</t></is></c></row>",
        SHEET_CLOSE,
    ]
    return _xlsx(sheet)


def _many_rows(count: int) -> bytes:
    def rows():
        yield SHEET_OPEN
        yield _header_row()
        for n in range(2, count + 2):
            yield f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
        yield SHEET_CLOSE

    return _xlsx(rows())


def _wide_row() -> bytes:
    data_row = '<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>1</v></c></row>'
    return _xlsx([SHEET_OPEN, '<dimension ref="A1:XFD2"/>', _header_row(), data_row, SHEET_CLOSE])


def _refusal_within_memory(content: bytes) -> str:
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as refused:
            parsed = read_file(content, "bombe.xlsx")
            for _ in parsed.rows():
                pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"pic mémoire {peak / 1e6:.0f} Mo"
    return refused.value.message


def test_a_200_mb_shared_string_in_a_small_file_is_refused_in_bounded_memory():
    content = _huge_shared_string(200)
    assert len(content) < 1024 * 1024
    message = _refusal_within_memory(content)
    assert "Une fois décompressé, ce classeur XLSX occuperait 200 Mo : 150 Mo au plus" in message


def test_an_oversized_shared_strings_part_is_refused_before_openpyxl_loads_it():
    message = _refusal_within_memory(_huge_shared_string(60))
    assert "Les textes de ce classeur XLSX occupent 60 Mo" in message and "40 Mo au plus" in message


def test_a_huge_inline_cell_is_refused_without_being_built(settings):
    content = _huge_inline_cell(100)
    assert len(content) < 1024 * 1024
    message = _refusal_within_memory(content)
    assert "cellule démesurée" in message


def test_half_a_million_rows_are_refused_before_openpyxl_reads_them():
    content = _many_rows(500_000)
    assert len(content) < 3 * 1024 * 1024
    message = _refusal_within_memory(content)
    assert "plus de 200\u202f000 lignes" in message


def test_the_total_uncompressed_size_is_bounded(settings):
    settings.PREVEX_IMPORT_MAX_UNCOMPRESSED_MB = 10
    message = _refusal_within_memory(_huge_inline_cell(12))
    assert "Une fois décompressé" in message and "10 Mo au plus" in message


def test_a_row_wider_than_the_column_limit_is_refused():
    message = _refusal_within_memory(_wide_row())
    assert "colonnes, 100 au plus" in message


def _openpyxl_file(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append([r.get(c, "") for c in HEADER])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("maker", [_openpyxl_file, csv_bytes])
def test_a_cell_longer_than_the_limit_is_refused_and_one_at_the_limit_accepted(maker, settings):
    settings.PREVEX_IMPORT_MAX_CELL_CHARS = 300
    at_limit = read_file(
        maker([row(observations="x" * 300)]), "a.xlsx" if maker is _openpyxl_file else "a.csv"
    )
    assert [r["observations"] for _, r in at_limit.rows()] == ["x" * 300]
    over = read_file(
        maker([row(), row(observations="x" * 301)]),
        "b.xlsx" if maker is _openpyxl_file else "b.csv",
    )
    with pytest.raises(FileRefused) as refused:
        list(over.rows())
    assert refused.value.message.startswith("Ligne 3, colonne « observations » : plus de 300")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: _huge_shared_string(50), id="shared-string"),
        pytest.param(lambda: _many_rows(250_000), id="rows"),
        pytest.param(
            lambda: csv_bytes([row()] * 3 + [row(observations="y" * 5000)]), id="csv-cell"
        ),
    ],
)
def test_a_refused_file_stores_nothing_but_a_failed_batch(bailiff, content, settings):
    settings.PREVEX_IMPORT_MAX_SHARED_STRINGS_MB = 20
    batch = services.batch_start(
        source=bailiff.organisation, content=content(), filename="bombe.xlsx", by=bailiff
    )
    assert batch.status == BatchStatus.ECHEC and batch.error
    assert batch.total == 0
    assert not ImportChunk.objects.exists() and not ImportRow.objects.exists()
    assert ImportBatch.objects.count() == 1
