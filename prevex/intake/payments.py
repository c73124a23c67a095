"""Import of a payments file: payments on repayment plans, sent by a landlord, a bailiff
or the CCAPEX secretariat (format: docs/import-format.md « Versements »).

The file is read with the notification import's reader and bounds (CSV in any of its
encodings and separators, or the first visible sheet of an XLSX; size, rows, columns and cells
bounded by the same ``PREVEX_IMPORT_*`` settings, prevex/intake/bounds.py), with its own
header: ``numero_plan`` or ``reference_dossier``, ``date_versement``, ``montant``.

All or nothing (docs/decisions/2026-12-01-payments-import.md): every line is checked
first — its cells here, then the plan, the file and the payer's rights in the support
app's bulk service ``payment_record_many`` — and one bad line stores nothing, with every
bad line listed with its French message. A line identical to a payment already recorded
(same plan, date, amount, organisation) is a duplicate: the same file sent twice records
nothing twice.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from prevex.accounts.models import Membership
from prevex.audit.models import WriteChannel
from prevex.audit.services import write_channel
from prevex.core.errors import BusinessError
from prevex.core.forms import AmountField
from prevex.core.text import clean_text
from prevex.support.payments_bulk import (
    PaymentDraft,
    PaymentsRefused,
    payment_record_many,
    payments_check,
)

from .bounds import RowBounds
from .columns import header_key
from .encodings import decode
from .parsing import MAX_BYTES, _checked, _delimiter, _megabytes, column_letter
from .parsing_errors import FileRefused
from .validation import parse_date

COLUMNS = {
    "numero_plan": "Numéro du plan d'apurement",
    "reference_dossier": "Référence du dossier (si le numéro du plan n'est pas donné)",
    "date_versement": "Date du versement (JJ/MM/AAAA ou AAAA-MM-JJ)",
    "montant": "Montant versé en euros (120,50)",
}
_ALIASES = {
    "plan": "numero_plan",
    "n_plan": "numero_plan",
    "no_plan": "numero_plan",
    "numero_du_plan": "numero_plan",
    "dossier": "reference_dossier",
    "reference": "reference_dossier",
    "reference_du_dossier": "reference_dossier",
    "date": "date_versement",
    "date_du_versement": "date_versement",
    "montant_verse": "montant",
    "montant_(eur)": "montant",
    "montant_(€)": "montant",
}
_BY_KEY = {header_key(name): name for name in COLUMNS} | _ALIASES


def _column(text: str) -> str | None:
    return _BY_KEY.get(header_key(text))


@dataclass
class PaymentsImport:
    """What the page shows: counts, or the refusal (file-level or line by line)."""

    file_format: str = ""
    lines: int = 0
    recorded: int = 0
    duplicates: int = 0
    refused: str = ""  # the whole file refused (format, bounds, header, rights)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    notices: list[str] = field(default_factory=list)


def _header(cells: list[str]) -> list[str | None]:
    cells = list(cells)
    while cells and not clean_text(cells[-1]).strip():  # blank trailing columns
        cells.pop()
    columns: list[str | None] = []
    for index, cell in enumerate(cells):
        text = clean_text(cell).strip()
        column = _column(text) if text else None
        if column is not None and column in columns:
            raise FileRefused(
                f"La colonne « {column} » figure deux fois dans l'en-tête (colonne {index + 1})."
            )
        columns.append(column)
    names = set(columns) - {None}
    missing = [c for c in ("date_versement", "montant") if c not in names]
    if not names & {"numero_plan", "reference_dossier"}:
        missing.insert(0, "numero_plan ou reference_dossier")
    if missing:
        raise FileRefused(
            f"Colonne(s) obligatoire(s) absente(s) de l'en-tête : {', '.join(missing)}. "
            "La première ligne doit nommer les colonnes (numero_plan ou reference_dossier, "
            "date_versement, montant)."
        )
    return columns


def _xlsx_rows(content: bytes, notices: list[str]) -> tuple[str, list[str | None], object]:
    from .workbook import UNCOMPUTED, OddRow, Unreadable, cell_text, open_xlsx

    sheet = open_xlsx(content)
    if sheet.header is None:
        raise FileRefused("Le fichier est vide : aucune ligne à importer.")
    notices += sheet.notices
    columns = _header([cell_text(v) for v in sheet.header])

    def problem(line: int, cells: tuple) -> str:
        """The French refusal of a line whose cell has no readable value (workbook.py)."""
        for index, value in enumerate(cells):
            if index >= len(columns) or columns[index] is None:
                continue
            where = f"{COLUMNS[columns[index]].split(' (')[0]}, cellule {column_letter(index + 1)}{line}"
            if value is UNCOMPUTED:
                return (
                    f"{where} : formule dont la valeur n'a jamais été calculée (classeur "
                    "enregistré sans calcul). Ouvrez le fichier dans votre tableur et "
                    "enregistrez-le, ou saisissez la valeur."
                )
            if isinstance(value, Unreadable):
                return f"{where} : la cellule n'a pas pu être lue ({value.why})."
        return ""

    rows = (
        (line, [cell_text(v) for v in cells], problem(line, cells) if type(cells) is OddRow else "")
        for line, cells in enumerate(sheet.values, start=sheet.header_line + 1)
    )
    return "XLSX (première feuille visible)", columns, _checked(rows, "XLSX")


def _raw_rows(
    content: bytes, filename: str, notices: list[str]
) -> tuple[str, list[str | None], object]:
    """(format, columns, iterator of (line, cells, French refusal of the line or "")),
    bounded as the notification import; remarks on the file go to ``notices``."""
    if len(content) > MAX_BYTES:
        raise FileRefused(f"Fichier trop volumineux ({_megabytes(len(content))}) : 50 Mo au plus.")
    name = (filename or "").lower()
    if name.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("Le format XLS n'est pas accepté : enregistrez en XLSX ou en CSV.")
    if content.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return _xlsx_rows(content, notices)
    text, label, _ = decode(content)
    text = text.lstrip("\ufeff").replace("\x00", "")
    if not text.strip():
        raise FileRefused("Le fichier est vide : aucune ligne à importer.")
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = _header(next(reader))

    def rows():
        for cells in reader:
            yield reader.line_num, cells, ""

    return f"CSV {label}", columns, _checked(rows(), "CSV")


def _draft(row: dict[str, str]) -> tuple[PaymentDraft | None, str]:
    """The line as a draft, or its first French error."""
    plan_text = row.get("numero_plan", "").strip()
    reference = row.get("reference_dossier", "").strip()
    plan_id = None
    if plan_text:
        digits = plan_text.removeprefix("n°").strip()
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
            return None, f"Numéro du plan invalide : « {plan_text[:40]} » (un nombre est attendu)."
        plan_id = int(digits)
    elif not reference:
        return None, "Indiquez le numéro du plan ou la référence du dossier."
    day_text = row.get("date_versement", "").strip()
    if not day_text:
        return None, "Date du versement manquante."
    try:
        day = parse_date(day_text)
    except ValueError as exc:
        return None, f"Date du versement : {exc}"
    amount_text = row.get("montant", "").strip()
    if not amount_text:
        return None, "Montant manquant."
    try:
        amount = AmountField().clean(amount_text)
    except ValidationError as exc:
        return None, f"Montant : {exc.messages[0]}"
    return PaymentDraft(
        paid_on=day, amount=Decimal(amount), plan_id=plan_id, household_reference=reference
    ), ""


def payments_import(*, by: Membership, content: bytes, filename: str) -> PaymentsImport:
    """Check the whole file, then record its payments in one transaction, or nothing."""
    result = PaymentsImport()
    drafts: list[PaymentDraft] = []
    lines: list[int] = []
    try:
        result.file_format, columns, rows = _raw_rows(content, filename, result.notices)
        bounds = RowBounds(columns)
        for line, cells, problem in rows:
            bounds.check(line, cells)
            if not any(c.strip() for c in cells):
                continue
            if problem:
                result.errors.append((line, problem))
                continue
            row = {c: clean_text(v) for c, v in zip(columns, cells, strict=False) if c}
            draft, error = _draft(row)
            if error:
                result.errors.append((line, error))
            else:
                drafts.append(draft)
                lines.append(line)
    except FileRefused as exc:
        result.refused = str(exc)
        return result
    result.lines = len(drafts) + len(result.errors)
    if not result.lines:
        result.refused = "Le fichier ne contient aucun versement."
        return result
    try:
        # The plans, files and rights of the well-written lines, reported with the others.
        checked = payments_check(by=by, drafts=drafts) if drafts else {}
    except BusinessError as exc:
        result.refused = exc.messages[0]
        return result
    result.errors += [(lines[index], message) for index, message in checked.items()]
    result.errors.sort()
    if result.errors:
        return result
    try:
        with write_channel(WriteChannel.IMPORT):
            recorded = payment_record_many(by=by, drafts=drafts)
    except PaymentsRefused as exc:
        result.errors = [(lines[index], message) for index, message in exc.errors.items()]
        return result
    except BusinessError as exc:
        result.refused = exc.messages[0]
        return result
    result.recorded = len(recorded.recorded)
    result.duplicates = len(recorded.duplicates)
    return result
