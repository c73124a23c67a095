"""The tenant's birth date as partners write it: a date, « unknown » in their tools' words,
or a year whose day and month are unknown (docs/import-format.md,
docs/decisions/2026-12-07-year-only-birth-dates.md)."""

from __future__ import annotations

import datetime
import re

from prevex.core.text import fold

from .cells import _d, _shown, parse_birth_date
from .checker import FieldError, _Checker
from .columns import COLUMNS

# What partners' tools write for a birth date they do not know: words, a dash, zeros, and
# 01/01/1900, the default date of many programs (a tenant of 126 is not one). Read as no
# date, and said in the report: as a date it would tell the same person apart from
# herself (« même nom, autre date de naissance »).
_UNKNOWN_BIRTH_WORDS = frozenset(
    {"NC", "N C", "NON COMMUNIQUE", "NON COMMUNIQUEE", "INCONNU", "INCONNUE", "NR", "ND",
     "NON RENSEIGNE", "NON RENSEIGNEE", "NEANT", "X", "XX XX XXXX", "SANS"}
)  # fmt: skip
_UNKNOWN_BIRTH_DATES = frozenset(
    {"00 00 0000", "0000 00 00", "00000000", "01 01 1900", "1900 01 01"}
)


def unknown_birth(raw: str) -> bool:
    words = " ".join(re.sub(r"[^A-Z0-9]+", " ", fold(raw).upper()).split())
    return not words or words in _UNKNOWN_BIRTH_WORDS or words in _UNKNOWN_BIRTH_DATES


_UNKNOWN_PART = r"(?:0{1,2}|XX|X|NN|\?\?|\?)"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR_ONLY = re.compile(
    r"^(?:(?:NE |NEE )?(?:EN|VERS) )?"  # « né en 1987 », « vers 1987 »
    rf"(?:{_UNKNOWN_PART}[/.\- ](?:{_MONTH}|{_UNKNOWN_PART})[/.\- ]|{_MONTH}[/.\- ])?"  # 00/00/, 05/
    r"(\d{4})"
    r"(?:[/.\- ](?:00|XX|\?\?)[/.\- ](?:00|XX|\?\?))?$"  # 1987-00-00
)


def year_only_birth(raw: str) -> int | None:
    """The year of a birth date whose day and month are unknown (« 00/00/1987 »,
    « XX/XX/1987 », « ??/??/1987 », « 00/05/1987 », « 05/1987 », « 1987-00-00 », « 1987 »,
    « né en 1987 »): records write it 01/01/1987, and so does prevex; matching compares
    such a date by its year alone. None otherwise, and for « 00/00/0000 » (no date)."""
    found = _YEAR_ONLY.match(fold(raw).upper().strip())
    if not found or found.group(1) == "0000":
        return None
    return int(found.group(1))


def read_birth_date(c: _Checker, earliest: datetime.date) -> datetime.date | None:
    """The row's ``locataire_date_naissance``, its corrections said in the report, its
    errors refused."""
    birth = None
    raw_birth = c.row.get("locataire_date_naissance", "").strip()
    year = year_only_birth(raw_birth)
    if year is not None and earliest.year <= year <= c.today.year:
        birth = datetime.date(year, 1, 1)
        c.corrections.append(
            FieldError(
                "locataire_date_naissance",
                _shown(raw_birth),
                f"{COLUMNS['locataire_date_naissance']} : « {_shown(raw_birth)} » : seule "
                f"l'année est connue, lue {_d(birth)} et comparée par l'année seule.",
            )
        )
        raw_birth = ""
    if raw_birth and unknown_birth(raw_birth):
        c.corrections.append(
            FieldError(
                "locataire_date_naissance",
                _shown(raw_birth),
                f"{COLUMNS['locataire_date_naissance']} : « {_shown(raw_birth)} » lue comme "
                "date inconnue ; la ligne est acceptée sans date de naissance.",
            )
        )
        raw_birth = ""
    if raw_birth:
        try:
            birth, warning = parse_birth_date(raw_birth, c.today)
        except ValueError as error:
            c.error("locataire_date_naissance", f"{COLUMNS['locataire_date_naissance']} : {error}")
        else:
            if warning:
                c.corrections.append(
                    FieldError(
                        "locataire_date_naissance",
                        _shown(raw_birth),
                        f"{COLUMNS['locataire_date_naissance']} : {warning}",
                    )
                )
    if birth is not None and not earliest <= birth <= c.today:
        c.error("locataire_date_naissance", f"Date de naissance impossible : {_d(birth)}.")
        birth = None
    return birth
