"""The row checker: one row's cells read one by one, each refusal a French message.

``validation.py`` runs the checks of a notification row with it (``validate_row``);
this module holds the reading of single cells (text, closed lists, dates, amounts) and
the refusal record, ``FieldError``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass
from decimal import Decimal

from .cells import _shown, parse_amount, parse_date
from .columns import (
    COLUMNS,
    EXTRA_CELLS,
    EXTRA_CELLS_LABEL,
    UNCOMPUTED_CELLS,
    UNREADABLE_CELLS,
    header_key,
)
from .communes import Territories

MAX_LENGTHS = {
    "reference_acte": 80,
    "locataire_nom": 120,
    "locataire_prenom": 120,
    "cotitulaire_nom": 120,
    "cotitulaire_prenom": 120,
    "adresse": 250,
    "commune": 120,
    "telephone": 40,
    "email": 250,
    "bailleur_nom": 200,
}


@dataclass(frozen=True)
class FieldError:
    """One refusal: which column, the value received, and why (in French)."""

    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def label(self) -> str:
        if self.column == EXTRA_CELLS:
            return EXTRA_CELLS_LABEL
        return COLUMNS.get(self.column, self.column)

    @property
    def names_its_column(self) -> bool:
        """The message already begins with the column's label (« Date de l'acte : … »):
        shown alone, without the label and value before it."""
        return self.message.startswith(self.label)


def _choice(value: str) -> str:
    return header_key(value).upper()


def _marked(row: dict[str, str], key: str) -> dict[str, str]:
    """{column: French message} of a workbook row's odd cells (parsing.py)."""
    try:
        marks = json.loads(row.get(key) or "{}")
    except ValueError:
        return {}
    if not isinstance(marks, dict):
        return {}
    return {column: str(message) for column, message in marks.items() if column in COLUMNS}


class _Checker:
    def __init__(self, row: dict[str, str], territories: Territories, today: datetime.date):
        self.row = row
        self.territories = territories
        self.today = today
        self.errors: list[FieldError] = []
        self.corrections: list[FieldError] = []  # accepted, changed, and shown as such
        self.out: dict = {}
        # A cell with no readable value, a formula never computed: the reason the value
        # is wrong or missing, given instead of what the column's check would say.
        self.marked = {**_marked(row, UNCOMPUTED_CELLS), **_marked(row, UNREADABLE_CELLS)}

    def error(self, column: str, message: str) -> None:
        if column in self.marked:
            if any(e.column == column for e in self.errors):
                return
            message = self.marked[column]
        self.errors.append(FieldError(column, _shown(self.row.get(column, "")), message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = " ".join(self.row.get(column, "").split())
        if required and not value:
            self.error(column, f"{COLUMNS[column]} : valeur obligatoire manquante.")
        limit = MAX_LENGTHS.get(column)
        if limit and len(value) > limit:
            self.error(column, f"{COLUMNS[column]} : {limit} caractères au plus ({len(value)}).")
        return value

    def choice(
        self, column: str, values, *, required: bool = False, default: str = "", names=None
    ) -> str:
        """``names``: other spellings of the values (folded by ``_choice``) → value."""
        raw = self.row.get(column, "").strip()
        if not raw:
            if required:
                self.error(column, f"{COLUMNS[column]} : valeur obligatoire manquante.")
            return default
        value = raw if raw in values else _choice(raw)
        if names and value not in values:
            value = names.get(value, value)
        if value not in values:
            self.error(
                column,
                f"{COLUMNS[column]} inconnu(e) : « {_shown(raw)} ». "
                f"Valeurs admises : {', '.join(values)}.",
            )
            return default
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        raw = self.row.get(column, "").strip()
        if not raw:
            if required:
                self.error(column, f"{COLUMNS[column]} : valeur obligatoire manquante.")
            return None
        try:
            return parse_date(raw)
        except ValueError as error:
            self.error(column, f"{COLUMNS[column]} : {error}")
            return None

    def amount(self, column: str) -> Decimal | None:
        raw = self.row.get(column, "").strip()
        if not raw:
            return None
        try:
            return parse_amount(column, raw)
        except ValueError as error:
            self.error(column, f"{COLUMNS[column]} : {error}")
            return None
