"""Reading a partner's file: CSV (encoding and separator detected) or XLSX (first visible
sheet, read by workbook.py).

``read_file`` checks the file as a whole (size, format, header) and returns a
``ParsedFile`` whose ``rows()`` yields ``(line number, {column: text})`` lazily, so a
50 MB file is never held as Python objects all at once. File-level problems raise
``FileRefused`` with a French message; row-level problems are for validation.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from prevex.core.spreadsheet import unsafe_cell
from prevex.core.text import clean_text

from .bounds import RowBounds
from .columns import (
    COLUMNS,
    EXTRA_CELLS,
    REQUIRED_COLUMNS,
    UNCOMPUTED_CELLS,
    UNREADABLE_CELLS,
    column_for_header,
)
from .encodings import decode, lines_shown, without_lone_carriage_returns
from .parsing_errors import FileRefused

__all__ = ["FileRefused", "ParsedFile", "read_file"]

logger = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
csv.field_size_limit(MAX_BYTES)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # XLS (Excel 97-2003)


def column_letter(number: int) -> str:
    """A spreadsheet's name of the column at ``number`` (1 → A, 27 → AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mo"


@dataclass
class ParsedFile:
    file_format: str
    columns: list[str | None]  # column of each position (None: ignored)
    notices: list[str] = field(default_factory=list)
    _rows: Iterator | None = None
    # CSV: its separator (« , »), which an unquoted value may hold; cells beyond the
    # header then mean shifted columns. XLSX: none (a value in an unnamed column).
    separator: str = ""

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, row) for every non-empty data row; empty lines are counted in notices."""
        blank = 0
        width = len(self.columns)
        bounds = RowBounds(self.columns)  # refuses before the row is kept (bounds.py)
        uncomputed: dict[str, list[int]] = {}
        for line, cells, marks in self._rows:
            bounds.check(line, cells)
            # a cell our own exports neutralised (the quarantine export, corrected in a
            # spreadsheet, is sent back as a file)
            values = [unsafe_cell(clean_text(c)) for c in cells]
            if not any(v.strip() for v in values):
                blank += 1
                continue
            row = {}
            for column, value in zip(self.columns, values, strict=False):
                if column is not None:
                    row[column] = value
            if marks:
                self._mark(line, row, marks, uncomputed)
            extra = [v for v in values[width:] if v.strip()]
            if extra and self.separator:
                row[EXTRA_CELLS] = " | ".join(extra)  # shifted columns: quarantine
            elif extra:
                self.notices.append(
                    f"Ligne {line} : {len(extra)} cellule(s) au-delà de la dernière colonne "
                    "de l'en-tête, ignorée(s)."
                )
            yield line, row
        if blank:
            self.notices.append(f"{blank} ligne(s) vide(s) ignorée(s).")
        if uncomputed:
            where = " ; ".join(
                f"colonne « {column} », ligne(s) {lines_shown(lines)}"
                for column, lines in uncomputed.items()
            )
            self.notices.append(
                f"Formules sans valeur calculée ({where}) : le classeur a été enregistré "
                "par un outil qui ne calcule pas les formules, ces cellules ont été lues vides "
                "(une ligne à qui il manque ainsi une valeur obligatoire est en quarantaine). "
                "Ouvrez le fichier dans votre tableur, enregistrez-le et déposez-le à nouveau : "
                "les lignes déjà importées ne seront pas dupliquées."
            )

    def _mark(self, line: int, row: dict, marks: dict, uncomputed: dict) -> None:
        """Record a workbook row's odd cells in the row (validation.py reads them): the
        French message of each, by column; an uncomputed formula is also listed in the
        remarks."""
        messages: dict[str, dict[str, str]] = {}
        for index, (kind, why) in marks.items():
            column = self.columns[index] if index < len(self.columns) else None
            if column is None:
                continue  # a column without a name, or beyond the header: not read
            cell = f"{column_letter(index + 1)}{line}"
            if kind == UNCOMPUTED_CELLS:
                uncomputed.setdefault(column, []).append(line)
                message = (
                    f"{COLUMNS[column]} : la cellule {cell} contient une formule dont la valeur "
                    "n'a jamais été calculée (classeur enregistré sans calcul). Ouvrez le "
                    "fichier dans votre tableur et enregistrez-le, ou saisissez la valeur."
                )
            else:
                message = (
                    f"{COLUMNS[column]} : la cellule {cell} n'a pas pu être lue ({why}). "
                    "Saisissez la valeur attendue."
                )
            messages.setdefault(kind, {})[column] = message
        for kind, by_column in messages.items():
            row[kind] = json.dumps(by_column, ensure_ascii=False)


def read_file(content: bytes, filename: str = "") -> ParsedFile:
    """Check and open a file; raises ``FileRefused`` with a French message."""
    size = len(content)
    if size > MAX_BYTES:
        raise FileRefused(
            f"Fichier trop volumineux ({_megabytes(size)}) : 50 Mo au plus. "
            "Découpez-le en plusieurs fichiers."
        )
    # The content decides, not the name: software often saves a CSV or a tab-separated
    # text under « .xls » or « .xlsx ».
    if content.startswith(_OLE):
        raise FileRefused(
            "Le format XLS (Excel 97-2003) n'est pas accepté : enregistrez le fichier au "
            "format XLSX ou CSV."
        )
    if content.startswith(_ZIP):
        return _read_xlsx(content)
    extension = (filename or "").lower().rpartition(".")[2]
    try:
        return _read_csv(content)
    except FileRefused as refusal:
        if extension not in ("xls", "xlsx"):
            raise
        raise FileRefused(
            f"Ce fichier porte l'extension « .{extension} » mais n'est pas un classeur "
            f"Excel ; lu comme un fichier texte (CSV), il est refusé : {refusal.message} "
            "Enregistrez-le au format XLSX ou CSV depuis votre tableur."
        ) from None


# --------------------------------------------------------------------------- header


def _header(cells: list[str], notices: list[str]) -> list[str | None]:
    # Empty cells after the last named column (a spreadsheet's formatted but blank
    # columns, an export's trailing separators) are not columns.
    cells = list(cells)
    while cells and not clean_text(cells[-1]).strip():
        cells.pop()
    columns: list[str | None] = []
    positions: dict[str, int] = {}
    unknown = []
    unnamed = []
    for index, cell in enumerate(cells):
        text = clean_text(cell).strip()
        column = column_for_header(text) if text else None
        if column is None:
            if text:
                unknown.append(text[:60])
            else:
                unnamed.append(str(index + 1))
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
    if unnamed:
        # Not silent: what a partner typed under a column it forgot to name is not read.
        notices.append(
            f"Colonne(s) n° {', '.join(unnamed)} sans nom dans l'en-tête : leurs valeurs "
            "sont ignorées. Nommez la colonne (voir le format d'import) pour qu'elle soit lue."
        )
    return columns


# --------------------------------------------------------------------------- CSV


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


class _Lines:
    """The lines given to the csv reader; keeps those of the record being read."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="")
        self.record: list[str] = []
        self.exhausted = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            self.exhausted = True
            raise StopIteration
        self.record.append(line)
        return line


def _ends_quoted(text: str, delimiter: str) -> bool:
    """Whether a record ends inside a quoted cell (as the csv reader reads it): the
    reader then takes the rest of the file, whatever it holds, as that cell."""
    quoted, start, index = False, True, 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"':
                if text.startswith('"', index + 1):
                    index += 1  # a doubled quote, part of the text
                else:
                    quoted = False
        elif char == '"' and start:
            quoted = True
        start = not quoted and char in (delimiter, "\r", "\n")
        index += 1
    return quoted


def _stray_quote(record: str, delimiter: str) -> bool:
    """Whether the csv reader read this record only by leniency: a quote inside a quoted
    cell that is neither doubled nor followed by the separator (« "Résidence "Les
    Lilas", bât 2" »), which the reader drops without a word."""
    try:
        next(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return True
    except StopIteration:
        return False
    return False


def _unclosed_quote(line: int) -> FileRefused:
    return FileRefused(
        f"Ligne {line} : un guillemet (\") ouvre une cellule qui n'est jamais refermée, si "
        "bien que toute la suite du fichier serait lue comme le texte de cette cellule. "
        'Fermez ce guillemet, ou doublez-le ("") s\'il fait partie du texte.'
    )


def _read_csv(content: bytes) -> ParsedFile:
    text, label, notice = decode(content)
    if not text.strip("\ufeff \t\r\n\x00"):
        raise FileRefused("Le fichier est vide : aucune ligne à importer.")
    if "\x00" in text:
        text = text.replace("\x00", "")
    text = text.lstrip("\ufeff")
    notices = [notice] if notice else []
    delimiter = _delimiter(text.split("\n", 1)[0])
    text = without_lone_carriage_returns(text, delimiter, notices)
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise FileRefused(f"En-tête illisible : {error}.") from None
    if lines.exhausted and _ends_quoted("".join(lines.record), delimiter):
        raise _unclosed_quote(1)
    columns = _header(header, notices)

    def rows():
        line = reader.line_num + 1
        strays: list[int] = []
        while True:
            lines.record = []
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                notices.append(f"Ligne {line} illisible ({error}) : ignorée.")
                line = reader.line_num + 1
                continue
            record = "".join(lines.record)
            if lines.exhausted and _ends_quoted(record, delimiter):
                raise _unclosed_quote(line)
            if '"' in record and _stray_quote(record, delimiter):
                strays.append(line)
            yield line, cells, None
            line = reader.line_num + 1
        if strays:
            shown = lines_shown(strays)
            notices.append(
                f'Guillemet (") mal placé dans une cellule, ligne(s) {shown} : la cellule a '
                "été lue sans lui. Vérifiez-la ; un guillemet qui fait partie du texte d'une "
                'cellule entre guillemets s\'écrit doublé ("").'
            )

    names = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
    return ParsedFile(
        file_format=f"CSV {label}, séparateur {names[delimiter]}",
        columns=columns,
        notices=notices,
        _rows=_checked(rows(), "CSV"),
        separator=delimiter,
    )


# --------------------------------------------------------------------------- XLSX


def _marks(cells: tuple) -> dict[int, tuple[str, str]]:
    """{position: (UNREADABLE_CELLS or UNCOMPUTED_CELLS, why)} of a workbook row holding
    odd cells (workbook.py, ``OddRow``)."""
    from .workbook import UNCOMPUTED, Unreadable

    marks = {}
    for index, value in enumerate(cells):
        if value is UNCOMPUTED:
            marks[index] = (UNCOMPUTED_CELLS, "")
        elif isinstance(value, Unreadable):
            marks[index] = (UNREADABLE_CELLS, value.why)
    return marks


def _read_xlsx(content: bytes) -> ParsedFile:
    from .workbook import OddRow, Unreadable, cell_text, open_xlsx

    sheet = open_xlsx(content)
    header_line, header = sheet.header_line, sheet.header
    if header is None:
        raise FileRefused("Le fichier est vide : aucune ligne à importer.")
    for index, value in enumerate(header):
        if isinstance(value, Unreadable):
            raise FileRefused(
                f"La cellule {column_letter(index + 1)}{header_line} de l'en-tête n'a pas "
                f"pu être lue ({value.why}) : écrivez-y le nom de la colonne."
            )
    notices: list[str] = list(sheet.notices)
    columns = _header([cell_text(v) for v in header], notices)
    if header_line > 1:
        notices.append(f"En-tête lu à la ligne {header_line} (lignes vides au-dessus ignorées).")

    width = len(columns)

    def rows():
        for line, cells in enumerate(sheet.values, start=header_line + 1):
            row = [cell_text(v) for v in cells]
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            yield line, row, _marks(cells) if type(cells) is OddRow else None
        sheet.workbook.close()

    return ParsedFile(
        file_format="XLSX (première feuille visible)",
        columns=columns,
        notices=notices,
        _rows=_checked(rows(), "XLSX"),
    )


def _checked(rows: Iterator, kind: str) -> Iterator:
    """Turn a reader failing mid-file into a French refusal (the import's transaction
    then writes nothing of the file)."""
    try:
        yield from rows
    except FileRefused:
        raise
    except Exception as error:  # noqa: BLE001 — a damaged file, in a third-party reader
        logger.info("%s illisible en cours de lecture: %r", kind, error)
        raise FileRefused(
            f"Fichier {kind} illisible en cours de lecture : "
            "enregistrez-le à nouveau depuis votre tableur."
        ) from None
