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
        for part in parts:
            if part.filename.lower().endswith("sharedstrings.xml") and (
                part.file_size > bounds["shared"]
            ):
                raise FileRefused(
                    f"Les textes de ce classeur XLSX occupent {_mb(part.file_size)} une fois "
                    f"décompressés : {_mb(bounds['shared'])} au plus. Vérifiez le fichier."
                )
        run_limit = bounds["cell"] * ESCAPED_BYTES_PER_CHAR + TAG_ALLOWANCE
        sheet = _first_sheet(parts)
        for part in parts:
            if part.filename.lower().endswith((".xml", ".rels")):
                rows = _scan(archive, part, run_limit, count_rows=part.filename == sheet)
                if part.filename == sheet and rows > bounds["rows"]:
                    raise _too_many_rows(rows, bounds["rows"])


def _first_sheet(parts) -> str:
    names = sorted(
        p.filename
        for p in parts
        if p.filename.startswith("xl/worksheets/") and p.filename.endswith(".xml")
    )
    return (
        "xl/worksheets/sheet1.xml"
        if "xl/worksheets/sheet1.xml" in names
        else names[0]
        if names
        else ""
    )


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, run_limit: int, count_rows: bool) -> int:
    """Stream one XML part; refuse a run longer than ``run_limit`` between two ``<``."""
    rows = 0
    carry = b""
    try:
        with archive.open(part) as stream:
            while True:
                block = stream.read(CHUNK)
                if not block:
                    break
                data = carry + block
                pieces = data.split(b"<")
                carry = pieces.pop()  # may continue in the next block
                if pieces and max(map(len, pieces)) > run_limit or len(carry) > run_limit:
                    raise FileRefused(
                        "Ce classeur XLSX contient une cellule démesurée (plus de "
                        f"{settings.PREVEX_IMPORT_MAX_CELL_CHARS} caractères) : vérifiez le "
                        "fichier."
                    )
                if count_rows:
                    rows += sum(1 for p in pieces if p.startswith((b"row ", b"row>")))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise FileRefused(
            "Fichier XLSX endommagé : enregistrez-le à nouveau depuis votre tableur, ou au "
            "format CSV."
        ) from None
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
