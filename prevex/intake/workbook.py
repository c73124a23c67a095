"""Reading an XLSX workbook: its first visible sheet, one cell at a time.

openpyxl reads the workbook (read-only, the values the spreadsheet computed), but its
cells go through ``_CellParser``, so that one odd cell never refuses the whole file:

- a cell openpyxl cannot turn into a value — a date serial outside any calendar, a date
  cell holding text, a number or a VRAI/FAUX that is not one — and a cell showing a
  spreadsheet error (« #N/A », « #REF! ») are read as ``Unreadable``: the row goes to
  quarantine with a French message naming the cell (parsing.py, validation.py);
- a formula whose value was never computed (a workbook written by a tool that does not
  calculate: openpyxl, some exports) is read as ``UNCOMPUTED``: empty, listed in the
  file's remarks, and given as the reason when its row is refused for that cell.

Hidden sheets before the first visible one are skipped (and said); an OpenDocument
spreadsheet (.ods), a zip too, is refused with its own message. The row loop mirrors
openpyxl 3.1's read-only reader (``ReadOnlyWorksheet._cells_by_row``), whose parser it
replaces; tests/intake/test_hostile_workbooks.py pins it.
"""

from __future__ import annotations

import datetime
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.xml.constants import SHEET_MAIN_NS

from .bounds import check_xlsx
from .parsing_errors import FileRefused

logger = logging.getLogger(__name__)

_VALUE = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA = f"{{{SHEET_MAIN_NS}}}f"

# Leading empty rows tolerated before a workbook's header (a blank first row, a title
# row left empty): beyond that, the sheet is taken as empty.
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Unreadable:
    """A cell that holds no value prevex can read: its text in the file and why (French,
    the end of « la cellule B5 n'a pas pu être lue (…) »)."""

    text: str
    why: str


class _Uncomputed:
    def __repr__(self) -> str:
        return "UNCOMPUTED"


UNCOMPUTED = _Uncomputed()  # a formula without a computed value


def cell_text(value) -> str:
    """The text of a cell's value, as a CSV would hold it."""
    if value is None or value is UNCOMPUTED:
        return ""
    if isinstance(value, Unreadable):
        return value.text
    if isinstance(value, bool):
        return "OUI" if value else "NON"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        # A value computed in the spreadsheet (« =650*1,1 », shown 715,00) is stored as
        # 715.0000000000001: binary noise, not a figure the sender typed.
        value = round(value, 9)
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


_WHY = {
    "n": "« {} » est marqué comme un nombre mais n'en est pas un",
    "d": "« {} » est marqué comme une date mais n'en est pas une",
    "b": "« {} » est marqué comme VRAI ou FAUX mais n'est ni l'un ni l'autre",
}


# Texts (shared or written in the cell) hold no formula and need no conversion.
_TEXT = frozenset({"s", "inlineStr"})


class OddRow(tuple):
    """A row holding an ``Unreadable`` or ``UNCOMPUTED`` cell (the others are plain
    tuples: only these are looked at cell by cell)."""


class _CellParser(WorkSheetParser):
    """openpyxl's parser of a sheet, whose odd cells become ``Unreadable`` or
    ``UNCOMPUTED`` instead of an exception (or a warning) for the whole file."""

    odd = False  # whether the row being read holds such a cell

    def parse_cell(self, element):
        kind = element.get("t", "n")
        if kind in _TEXT:
            return super().parse_cell(element)
        value = element.find(_VALUE)
        text = (value.text if value is not None else None) or ""
        if kind == "e":
            why = f"le tableur y affiche l'erreur « {_shown(text)} »"
            return self._instead(element, Unreadable(text, why))
        # A formula's computed empty text is « <v></v> » with t="str"; a number, a date
        # or a VRAI/FAUX is never empty once computed.
        uncomputed = value is None or (not text and kind != "str")
        if uncomputed and element.find(_FORMULA) is not None:
            return self._instead(element, UNCOMPUTED)
        if not text or kind not in _WHY:
            return super().parse_cell(element)
        why = self._date_out_of_range(element, kind, text)
        if why is None:
            try:
                return super().parse_cell(element)
            except (ValueError, OverflowError, TypeError):
                why = _WHY[kind].format(_shown(text))
        return self._instead(element, Unreadable(text, why))

    def _date_out_of_range(self, element, kind: str, text: str) -> str | None:
        """Why a number shown as a date is none (openpyxl would warn and read the text
        « #VALUE! »), or None."""
        style = element.get("s")
        if kind != "n" or not style or not style.isdigit() or int(style) not in self.date_formats:
            return None
        try:
            from_excel(
                _cast_number(text), self.epoch, timedelta=int(style) in self.timedelta_formats
            )
        except (ValueError, OverflowError, TypeError):
            return (
                f"le nombre {_shown(text)} est au format date, mais aucune date ne lui correspond"
            )
        return None

    def _instead(self, element, value):
        """The cell's position as openpyxl reads it (a bad reference still refuses the
        file, as damaged), holding ``value``."""
        blank = element.makeelement(element.tag, {k: v for k, v in element.items() if k == "r"})
        cell = super().parse_cell(blank)
        cell["value"] = value
        self.odd = True
        return cell

    def parse_row(self, row):
        self.odd = False
        return super().parse_row(row)


def _rows(workbook, sheet) -> Iterator[tuple]:
    """The sheet's rows as tuples of values, as ``iter_rows(values_only=True)`` gives
    them once the declared dimension is dropped: rows as written, a missing row as
    ``()``. The declared dimension is not trusted: « A1:XFD200000 » in a 5 kB file would
    pad every row to 16,384 cells and yield every missing row padded too."""
    expected = 1
    with sheet._get_source() as source:
        parser = _CellParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number < expected:
                continue  # a row written twice or out of order: openpyxl drops it too
            while expected < number:
                expected += 1
                yield ()
            expected += 1
            values = [None] * max((c["column"] for c in cells), default=0)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield OddRow(values) if parser.odd else tuple(values)


def _first_visible(workbook) -> tuple[object, list[str]]:
    """(the first visible worksheet, titles of the hidden ones before it)."""
    hidden = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            return sheet, hidden
        hidden.append(sheet.title)
    raise FileRefused(
        "Ce classeur n'a aucune feuille visible : affichez la feuille à importer (clic droit "
        "sur un onglet, « Afficher ») et enregistrez-le, ou enregistrez-la au format CSV."
    )


_OPENDOCUMENT = b"application/vnd.oasis.opendocument"


def refuse_opendocument(content: bytes) -> None:
    """An OpenDocument file (.ods of LibreOffice or OpenOffice) is a zip too: say what
    it is, rather than « XLSX illisible »."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            head = b""
            if "mimetype" in names:
                with archive.open("mimetype") as stream:
                    head = stream.read(len(_OPENDOCUMENT))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError):
        return  # not a readable archive: the XLSX reader's own refusal says so
    manifest = "META-INF/manifest.xml" in names and "[Content_Types].xml" not in names
    if head == _OPENDOCUMENT or (manifest and "content.xml" in names):
        raise FileRefused(
            "Le format OpenDocument (fichier .ods de LibreOffice ou OpenOffice) n'est pas "
            "accepté : enregistrez le fichier au format XLSX (« Enregistrer sous », type "
            "« Excel 2007-365 ») ou CSV, puis déposez-le à nouveau."
        )


@dataclass
class Sheet:
    """The sheet read: the header's line and cells (None: no header found), the rows
    after it, and what to say about the workbook (French remarks)."""

    workbook: object
    title: str
    header_line: int
    header: tuple | None
    values: Iterator
    notices: list[str] = field(default_factory=list)


def open_xlsx(content: bytes) -> Sheet:
    """The first visible sheet of a workbook, after ``check_xlsx``. Whatever a damaged
    workbook raises inside the zip, XML or openpyxl readers (``ParseError``,
    ``zlib.error``, ``EOFError``…) is a French refusal, never an error page."""
    from openpyxl import load_workbook

    refuse_opendocument(content)
    check_xlsx(content)  # sizes, cells and rows, in bounded memory, before openpyxl
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet, hidden = _first_visible(workbook)
        values = _rows(workbook, sheet)
        line, header = 0, None
        for line, cells in enumerate(values, start=1):
            if any(cell_text(v).strip() for v in cells):
                header = cells
                break
            if line >= HEADER_SEARCH_ROWS:
                break
    except FileRefused:
        raise
    except Exception as error:  # noqa: BLE001 — a damaged file, in a third-party reader
        logger.info("XLSX illisible: %r", error)
        raise FileRefused(
            "Fichier XLSX illisible : enregistrez-le à nouveau "
            "depuis votre tableur, ou au format CSV."
        ) from None
    notices = []
    if hidden:
        names = ", ".join(f"« {_shown(title)} »" for title in hidden)
        notices.append(
            f"Feuille(s) masquée(s) ignorée(s) : {names}. La première feuille visible, "
            f"« {_shown(sheet.title)} », a été lue."
        )
    if len(workbook.worksheets) > len(hidden) + 1:
        notices.append("Seule la première feuille visible du classeur a été lue.")
    return Sheet(workbook, sheet.title, line, header, values, notices)
