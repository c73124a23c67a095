"""Reading a partner's file: CSV (encoding and separator detected) or XLSX (first sheet).

``read_file`` checks the file as a whole (size, format, header) and returns a
``ParsedFile`` whose ``rows()`` yields ``(line number, {column: text})`` lazily, so a
50 MB file is never held as Python objects all at once. File-level problems raise
``FileRefused`` with a French message; row-level problems are for validation.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from .bounds import RowBounds, check_xlsx
from .columns import COLUMNS, REQUIRED_COLUMNS, clean_text, column_for_header
from .parsing_errors import FileRefused

__all__ = ["FileRefused", "ParsedFile", "read_file"]

MAX_BYTES = 50 * 1024 * 1024
csv.field_size_limit(MAX_BYTES)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # XLS (Excel 97-2003)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (avec BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mo"


@dataclass
class ParsedFile:
    file_format: str
    columns: list[str | None]  # column of each position (None: ignored)
    notices: list[str] = field(default_factory=list)
    _rows: Iterator | None = None

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, row) for every non-empty data row; empty lines are counted in notices."""
        blank = 0
        width = len(self.columns)
        bounds = RowBounds(self.columns)  # refuses before the row is kept (bounds.py)
        for line, cells in self._rows:
            bounds.check(line, cells)
            values = [clean_text(c) for c in cells]
            if not any(v.strip() for v in values):
                blank += 1
                continue
            row = {}
            for column, value in zip(self.columns, values, strict=False):
                if column is not None:
                    row[column] = value
            extra = [v for v in values[width:] if v.strip()]
            if extra:
                self.notices.append(
                    f"Ligne {line} : {len(extra)} cellule(s) au-delà de la dernière colonne "
                    "de l'en-tête, ignorée(s)."
                )
            yield line, row
        if blank:
            self.notices.append(f"{blank} ligne(s) vide(s) ignorée(s).")


def read_file(content: bytes, filename: str = "") -> ParsedFile:
    """Check and open a file; raises ``FileRefused`` with a French message."""
    size = len(content)
    if size > MAX_BYTES:
        raise FileRefused(
            f"Fichier trop volumineux ({_megabytes(size)}) : 50 Mo au plus. "
            "Découpez-le en plusieurs fichiers."
        )
    name = (filename or "").lower()
    if content.startswith(_OLE) or name.endswith(".xls"):
        raise FileRefused(
            "Le format XLS (Excel 97-2003) n'est pas accepté : enregistrez le fichier au "
            "format XLSX ou CSV."
        )
    if content.startswith(_ZIP) or name.endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


# --------------------------------------------------------------------------- header


def _header(cells: list[str], notices: list[str]) -> list[str | None]:
    columns: list[str | None] = []
    positions: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(cells):
        text = clean_text(cell).strip()
        column = column_for_header(text) if text else None
        if column is None:
            if text:
                unknown.append(text[:60])
            columns.append(None)
            continue
        if column in positions:
            raise FileRefused(
                f"La colonne « {column} » figure deux fois dans l'en-tête (colonnes "
                f"{positions[column] + 1} et {index + 1}) : gardez-en une seule."
            )
        positions[column] = index
        columns.append(column)
    if not positions:
        raise FileRefused(
            "Aucune colonne reconnue dans la première ligne : elle doit être une ligne "
            f"d'en-tête avec les noms des colonnes ({', '.join(REQUIRED_COLUMNS)}, …). "
            "Vérifiez aussi le format et l'encodage du fichier."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise FileRefused(
            f"Colonne(s) obligatoire(s) absente(s) de l'en-tête : {', '.join(missing)}."
        )
    if unknown:
        notices.append(
            f"Colonne(s) inconnue(s), ignorée(s) : {', '.join(unknown)}. Colonnes "
            f"reconnues : voir le format d'import ({len(COLUMNS)} colonnes)."
        )
    return columns


# --------------------------------------------------------------------------- CSV


def _decode(content: bytes) -> tuple[str, str, str | None]:
    """(text, encoding label, French notice or None)."""
    for bom, codec, label in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(codec), label, None
            except UnicodeDecodeError:
                raise FileRefused(
                    f"Le fichier commence comme un fichier {label} mais n'est pas lisible "
                    "dans cet encodage."
                ) from None
    try:
        return content.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
        label = "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        text = content.decode("latin-1")
        label = "ISO-8859-1 (latin-1)"
    return (
        text,
        label,
        f"Le fichier n'est pas en UTF-8 : il a été lu comme {label}. Vérifiez les accents "
        "des noms importés ; enregistrez de préférence vos fichiers en « CSV UTF-8 ».",
    )


def _delimiter(first_line: str) -> str:
    counts = {sep: 0 for sep in ";,\t"}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ";"


def _read_csv(content: bytes) -> ParsedFile:
    text, label, notice = _decode(content)
    if not text.strip("\ufeff \t\r\n\x00"):
        raise FileRefused("Le fichier est vide : aucune ligne à importer.")
    if "\x00" in text:
        text = text.replace("\x00", "")
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    notices = [notice] if notice else []
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise FileRefused(f"En-tête illisible : {error}.") from None
    columns = _header(header, notices)

    def rows():
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                notices.append(f"Ligne {line} illisible ({error}) : ignorée.")
                line = reader.line_num + 1
                continue
            yield line, cells
            line = reader.line_num + 1

    names = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
    return ParsedFile(
        file_format=f"CSV {label}, séparateur {names[delimiter]}",
        columns=columns,
        notices=notices,
        _rows=_checked(rows(), "CSV"),
    )


# --------------------------------------------------------------------------- XLSX


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "OUI" if value else "NON"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(content: bytes) -> ParsedFile:
    from openpyxl import load_workbook

    check_xlsx(content)  # sizes, cells and rows, in bounded memory, before openpyxl
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as error:
        raise FileRefused(
            f"Fichier XLSX illisible ({type(error).__name__}) : enregistrez-le à nouveau "
            "depuis votre tableur, ou au format CSV."
        ) from None
    if header is None or not any(_cell(v).strip() for v in header):
        raise FileRefused("Le fichier est vide : aucune ligne à importer.")
    notices: list[str] = []
    columns = _header([_cell(v) for v in header], notices)
    if len(workbook.worksheets) > 1:
        notices.append("Seule la première feuille du classeur a été lue.")

    def rows():
        for line, cells in enumerate(values, start=2):
            yield line, [_cell(v) for v in cells]
        workbook.close()

    return ParsedFile(
        file_format="XLSX (première feuille)",
        columns=columns,
        notices=notices,
        _rows=_checked(rows(), "XLSX"),
    )


def _checked(rows: Iterator, kind: str) -> Iterator:
    """Turn a reader failing mid-file into a French refusal."""
    try:
        yield from rows
    except FileRefused:
        raise
    except (csv.Error, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise FileRefused(f"Fichier {kind} illisible en cours de lecture ({error}).") from None
