"""The noise of real notification files, applied to a controlled share of rows.

Each noisy row gets one kind of noise (a fifth of them two), drawn by the preset's
weights among the kinds that apply to the row:

* ``FAUTE_FRAPPE``: one typo in the tenant's name or first name (letters swapped,
  dropped, doubled or replaced by a neighbouring key);
* ``INVERSION_NOM_PRENOM``: name and first name swapped;
* ``SANS_ACCENTS``: accents dropped from the names, the address and the commune;
* ``SANS_DATE_NAISSANCE``: the birth date left out;
* ``CP_COMMUNE_INCOHERENT``: the postcode of another commune of the département;
* ``MONTANT_FORMAT``: amounts written ``1 234,56 €``;
* ``DATE_FORMAT``: dates written ``JJ/MM/AAAA``;
* ``DOUBLON``: the row is sent again later with the same reference (an extra row);
* ``ENVOI_TARDIF``: the row is sent two to six months late, so after later acts.

The *true* values stay in the truth files; dates and amounts keep their value.
"""

from __future__ import annotations

import unicodedata

from prevex.intake.columns import COLUMN_NAMES

from .model import Picker

# The columns of docs/import-format.md, in order: the import's own list.
COL = {name: i for i, name in enumerate(COLUMN_NAMES)}
COLUMNS = tuple(COL)
NAME_COLS = (COL["locataire_nom"], COL["locataire_prenom"])
ACCENT_COLS = (
    COL["locataire_nom"], COL["locataire_prenom"], COL["cotitulaire_nom"],
    COL["cotitulaire_prenom"], COL["adresse"], COL["commune"],
)  # fmt: skip
AMOUNT_COLS = (COL["loyer_mensuel"], COL["charges_mensuelles"], COL["montant_dette"])
DATE_COLS = (COL["date_acte"], COL["locataire_date_naissance"], COL["date_audience"])
NEIGHBOURS = {
    "a": "zqs", "e": "zrd", "i": "uok", "o": "ipl", "u": "yij", "n": "bhm", "r": "etf",
    "s": "qdz", "t": "ryg", "l": "km", "m": "nl", "d": "sfe", "c": "xv", "b": "vn",
}  # fmt: skip
NBSP = "\u00a0"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_accent(text: str) -> bool:
    return not text.isascii() and strip_accents(text) != text


def typo(rng, word: str) -> str:
    if len(word) < 3:
        return word + word[-1:]
    i = rng.randint(1, len(word) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    letter = word[i].lower()
    return word[:i] + rng.choice(NEIGHBOURS.get(letter, "aeiou")) + word[i + 1 :]


def french_amount(value: str) -> str:
    """``1234.56`` → ``1 234,56 €`` (thousands separated by a space or a no-break space)."""
    whole, _, cents = value.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{' '.join(groups)},{cents or '00'} €".replace(" ", NBSP if len(value) % 2 else " ")


def french_date(value: str) -> str:
    """``2019-03-04`` → ``04/03/2019``."""
    return f"{value[8:10]}/{value[5:7]}/{value[0:4]}" if len(value) == 10 else value


class Noise:
    """Applies the noise of one file; ``rate``: share of rows that carry noise."""

    def __init__(self, *, rate: float, weights: dict, rng, other_postcode):
        self.rate, self.rng, self.other_postcode = rate, rng, other_postcode
        self.weights = weights
        self._pickers: dict[tuple, Picker] = {}

    def draw(self, row: list[str], commune_index: int) -> list[str]:
        """The kinds of noise of a row chosen to be noisy (the caller draws the rate)."""
        rng = self.rng
        applicable = tuple(k for k in self.weights if self._applies(k, row, commune_index))
        if not applicable:
            return []
        if applicable not in self._pickers:
            self._pickers[applicable] = Picker({k: self.weights[k] for k in applicable})
        picker = self._pickers[applicable]
        kinds = [picker(rng)]
        if rng.random() < 0.2:
            second = picker(rng)
            if second != kinds[0]:
                kinds.append(second)
        return sorted(kinds)

    @staticmethod
    def _applies(kind: str, row: list[str], commune_index: int) -> bool:
        if kind == "SANS_ACCENTS":
            return any(has_accent(row[i]) for i in ACCENT_COLS)
        if kind == "SANS_DATE_NAISSANCE":
            return bool(row[COL["locataire_date_naissance"]])
        if kind == "MONTANT_FORMAT":
            return any(row[i] for i in AMOUNT_COLS)
        return True

    def apply(self, kinds: list[str], row: list[str], commune_index: int) -> list[str]:
        """Apply the noise in place; returns the kinds really applied."""
        rng, done = self.rng, []
        for kind in kinds:
            if kind == "FAUTE_FRAPPE":
                col = NAME_COLS[0] if rng.random() < 0.7 else NAME_COLS[1]
                row[col] = typo(rng, row[col])
            elif kind == "INVERSION_NOM_PRENOM":
                a, b = NAME_COLS
                row[a], row[b] = row[b], row[a]
            elif kind == "SANS_ACCENTS":
                for i in ACCENT_COLS:
                    row[i] = strip_accents(row[i])
            elif kind == "SANS_DATE_NAISSANCE":
                row[COL["locataire_date_naissance"]] = ""
            elif kind == "CP_COMMUNE_INCOHERENT":
                other = self.other_postcode(rng, commune_index)
                if other is None:
                    continue
                row[COL["code_postal"]] = other[0]
            elif kind == "MONTANT_FORMAT":
                for i in AMOUNT_COLS:
                    if row[i]:
                        row[i] = french_amount(row[i])
            elif kind == "DATE_FORMAT":
                for i in DATE_COLS:
                    row[i] = french_date(row[i])
            done.append(kind)
        return done
