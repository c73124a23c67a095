"""Bounds of an imported file, checked before anything is stored, in bounded memory.

A small XLSX can expand into hundreds of megabytes (one 200 MB cell in a 205 kB file)
or hundreds of thousands of rows. Before openpyxl opens an XLSX, ``check_xlsx`` reads
the archive's directory and streams every XML part through a fixed-size buffer:

- total uncompressed size, size of the shared strings, number of parts;
- no run of characters between two ``<`` longer than a cell may be (a cell's text, once
  XML-escaped, plus its tag), so no oversized cell is ever built in memory;
- the number of rows of the first sheet.

zipfile never inflates a part beyond its declared size (and checks its CRC), so the
declared sizes bound the work. While rows are read (CSV and XLSX), ``RowBounds`` refuses
a row wider than the column limit, a cell longer than the cell limit and the row past
the row limit; the caller stores rows in one transaction, so a refusal stores nothing.
Limits are settings (``PREVEX_IMPORT_*``, README « Configuration »), refusals are French.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

from .parsing_errors import FileRefused

CHUNK = 1024 * 1024
# A cell's text may take up to 8 bytes per character once escaped (``&#x1F600;``),
# plus its tag and attributes.
ESCAPED_BYTES_PER_CHAR = 8
TAG_ALLOWANCE = 4096
MAX_PARTS = 2000


def limits() -> dict:
    return {
        "rows": settings.PREVEX_IMPORT_MAX_ROWS,
        "columns": settings.PREVEX_IMPORT_MAX_COLUMNS,
        "cell": settings.PREVEX_IMPORT_MAX_CELL_CHARS,
        "uncompressed": settings.PREVEX_IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
        "shared": settings.PREVEX_IMPORT_MAX_SHARED_STRINGS_MB * 1024 * 1024,
    }


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"


def _too_many_rows(count: int, limit: int) -> FileRefused:
    return FileRefused(
        f"Le fichier compte plus de {limit:,} lignes ({count:,} au moins) : découpez-le "
        "en plusieurs fichiers.".replace(",", "\u202f")
    )


def cell_too_long(line: int, column: str, limit: int) -> FileRefused:
    where = f"colonne « {column} »" if column else "une cellule"
    return FileRefused(
        f"Ligne {line}, {where} : plus de {limit} caractères. Une cellule ne peut pas "
        f"dépasser {limit} caractères : vérifiez le fichier."
    )


def check_xlsx(content: bytes) -> None:
    """Refuse an XLSX whose expansion would exceed the limits (``FileRefused``)."""
    bounds = limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a readable archive: openpyxl's own refusal says so
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise FileRefused(
                f"Classeur XLSX anormal ({len(parts)} parties) : enregistrez-le à nouveau "
                "depuis votre tableur, ou au format CSV."
            )
        total = sum(p.file_size for p in parts)
        if total > bounds["uncompressed"]:
            raise FileRefused(
                f"Une fois décompressé, ce classeur XLSX occuperait {_mb(total)} : "
                f"{_mb(bounds['uncompressed'])} au plus. Découpez-le ou enregistrez-le en CSV."
            )
        run_limit = bounds["cell"] * ESCAPED_BYTES_PER_CHAR + TAG_ALLOWANCE
        for part in parts:
            # Every part that holds XML, whatever its name: openpyxl finds the sheets and
            # the shared strings through the workbook's relations and content types, so a
            # sheet or shared strings renamed « .bin » are read all the same.
            kind = _xml_kind(archive, part)
            if kind is None:
                continue
            if kind == "sst" and part.file_size > bounds["shared"]:
                raise FileRefused(
                    f"Les textes de ce classeur XLSX occupent {_mb(part.file_size)} une fois "
                    f"décompressés : {_mb(bounds['shared'])} au plus. Vérifiez le fichier."
                )
            # Rows are counted in every sheet, whichever the workbook names first.
            rows = _scan(archive, part, run_limit, count_rows=kind == "worksheet")
            if rows > bounds["rows"]:
                raise _too_many_rows(rows, bounds["rows"])


HEAD_BYTES = 4096


def _damaged() -> FileRefused:
    return FileRefused(
        "Fichier XLSX endommagé : enregistrez-le à nouveau depuis votre tableur, ou au format CSV."
    )


def _xml_kind(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> str | None:
    """« worksheet », « sst » or « xml » for a part that holds XML (told by its first
    bytes, not its name), ``None`` for an image or another binary part."""
    if part.is_dir():
        return None
    try:
        with archive.open(part) as stream:
            head = stream.read(HEAD_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
        raise _damaged() from None
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    for kind, tag in (("worksheet", b"worksheet"), ("sst", b"sst")):
        if b"<" + tag in head or b":" + tag + b" " in head or b":" + tag + b">" in head:
            return kind
    return "xml"


# An XML comment or a CDATA section inside a cell's text does not end it: the parser
# joins the pieces around it into one cell.
_CONTINUED = (b"!--", b"![CDATA[")


def _text_runs(pieces: list[bytes], run: int) -> tuple[int, int]:
    """(longest run, run at the end) of text between tags, ``run`` carried in."""
    longest = 0
    for piece in pieces:
        run = run + len(piece) if piece.startswith(_CONTINUED) else len(piece)
        longest = max(longest, run)
    return longest, run


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, run_limit: int, count_rows: bool) -> int:
    """Stream one XML part; refuse a run of text longer than ``run_limit`` between two
    tags (comments and CDATA sections do not cut a run)."""
    rows = 0
    carry = b""
    run = 0  # text before ``carry`` that continues into it
    try:
        with archive.open(part) as stream:
            while True:
                block = stream.read(CHUNK)
                if not block:
                    break
                data = carry + block
                pieces = data.split(b"<")
                if b"!--" in data or b"![CDATA[" in data:
                    longest, run = _text_runs(pieces, run)
                    run -= len(pieces[-1])
                else:
                    longest, run = max(map(len, pieces)), 0
                carry = pieces.pop()  # may continue in the next block
                if longest > run_limit:
                    raise FileRefused(
                        "Ce classeur XLSX contient une cellule démesurée (plus de "
                        f"{settings.PREVEX_IMPORT_MAX_CELL_CHARS} caractères) : vérifiez le "
                        "fichier."
                    )
                if count_rows:
                    rows += sum(1 for p in pieces if p.startswith((b"row ", b"row>")))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise _damaged() from None
    if count_rows and carry.startswith((b"row ", b"row>")):
        rows += 1
    return rows


class RowBounds:
    """Checks each row while it is read: width, cell length, number of rows."""

    def __init__(self, columns: list[str | None]):
        self.bounds = limits()
        self.columns = columns
        self.count = 0
        if len(columns) > self.bounds["columns"]:
            raise self.too_wide(1, len(columns))

    def too_wide(self, line: int, width: int) -> FileRefused:
        return FileRefused(
            f"Ligne {line} : {width} colonnes, {self.bounds['columns']} au plus. Supprimez "
            "les colonnes inutiles du fichier."
        )

    def check(self, line: int, cells: list[str]) -> None:
        if not any(cells):
            return  # a blank row costs nothing and is not imported (a sheet's gap)
        self.count += 1
        if self.count > self.bounds["rows"]:
            raise _too_many_rows(self.count, self.bounds["rows"])
        if len(cells) > self.bounds["columns"]:
            # Trailing empty cells (a wide but blank sheet) do not count.
            width = len(cells)
            while width and not cells[width - 1]:
                width -= 1
            if width > self.bounds["columns"]:
                raise self.too_wide(line, width)
        limit = self.bounds["cell"]
        for index, cell in enumerate(cells):
            if len(cell) > limit:
                column = self.columns[index] if index < len(self.columns) else None
                raise cell_too_long(line, column or "", limit)
