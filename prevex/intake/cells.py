"""The cells of a notification row read one by one: dates (a birth date written month
first corrected when no other reading exists), amounts. Pure functions, each refusal a
``ValueError`` with its French message (``validation`` names the column)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError

from prevex.core import clock
from prevex.core.dates import french_date
from prevex.core.errors import forget_traceback
from prevex.core.forms import AmountField
from prevex.core.text import fold

# A time after the date (exports of timestamps) is ignored once checked (« 25:99 » is
# refused, see _check_time); a time zone is not accepted. Groups: hour, minute, second.
_TIME = r"(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?)?"
# Day, month, year: « 17/09/1984 », « 17-09-1984 », « 17.09.1984 », « 17 09 1984 »
# (one separator, the same twice). Only the digits 0-9.
_DMY = re.compile(rf"^([0-9]{{1,2}})\s*([/.\- ])\s*([0-9]{{1,2}})\s*\2\s*([0-9]{{2,4}}){_TIME}$")
# Year first: « 1984-09-17 », « 1984/09/17 », « 1984.09.17 ».
_YMD = re.compile(rf"^([0-9]{{4}})\s*([/.\-])\s*([0-9]{{1,2}})\s*\2\s*([0-9]{{1,2}}){_TIME}$")
_COMPACT = re.compile(r"^[0-9]{8}$")  # 19840917 or 17091984: never both (see parse_date)
# Folded (``core.text.fold``: lower case, no accents, punctuation as spaces).
_NAMED = re.compile(r"^([0-9]{1,2})(?:er)? ([a-z]+) ([0-9]{4})$")
MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
FORMAT_HINT = "utilisez le format JJ/MM/AAAA ou AAAA-MM-JJ"


def _shown(value: str) -> str:
    value = value or ""
    return value if len(value) <= 200 else value[:199] + "…"


_d = french_date  # « 01/01/0001 », not « 01/01/1 » (prevex/core/dates.py)


def _check_time(text: str, match: re.Match) -> None:
    """The time written after a date must exist (00:00 to 23:59:59), even if it is not
    kept: « 10/03/2025 25:99 » is a slip in the cell, not a date to read silently."""
    hour, minute, second = match.groups()[4:]
    if hour is None:
        return
    if int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 59):
        raise ValueError(
            f"Date invalide « {_shown(text)} » : l'heure qui suit la date n'existe pas "
            "(de 00:00 à 23:59:59) ; corrigez-la ou supprimez-la (seule la date est lue)."
        )


def _numbers(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) as written, without checking the calendar; None when the
    text is not a date in a form prevex reads."""
    match = _YMD.match(text)
    if match:
        _check_time(text, match)
        year, _, month, day = match.groups()[:4]
        return int(day), int(month), int(year)
    match = _DMY.match(text)
    if match:
        _check_time(text, match)
        day, _, month, year = match.groups()[:4]
        if len(year) != 4:
            raise ValueError(
                f"Date invalide « {_shown(text)} » : l'année doit être écrite sur quatre "
                "chiffres (JJ/MM/AAAA)."
            )
        return int(day), int(month), int(year)
    if _COMPACT.match(text):
        # Year first needs a month 19 or 20 when read day first, and the reverse: the
        # two readings never both give a date between 1900 and 2100.
        for day, month, year in (
            (int(text[6:]), int(text[4:6]), int(text[:4])),
            (int(text[:2]), int(text[2:4]), int(text[4:])),
        ):
            if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                return day, month, year
        return None
    match = _NAMED.match(fold(text))
    if match and match.group(2) in MONTHS:
        return int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
    return None


# Dashes a word processor puts for « - » (hyphen, non-breaking hyphen, en and em dashes,
# minus sign), and the full-width digits and slashes of Asian input methods.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})


def _typographic(value: str) -> str:
    """The same date with ASCII digits and separators (full-width forms by NFKC)."""
    if value.isascii():
        return value
    return unicodedata.normalize("NFKC", value).translate(_DASHES)


def parse_date(value: str) -> datetime.date:
    """A date as French partners write it: JJ/MM/AAAA (or with « - », « . », spaces),
    AAAA-MM-JJ (or with « / », « . »), AAAAMMJJ or JJMMAAAA, « 17 septembre 1984 »;
    ValueError with a French message."""
    text = " ".join(_typographic(value).split())
    numbers = _numbers(text)
    if numbers is None:
        raise ValueError(f"Date invalide « {_shown(text)} » : {FORMAT_HINT}.")
    day, month, year = numbers
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"« {_shown(text)} » n'est pas une date valide : ce jour n'existe pas au calendrier."
        ) from None


# A tenant's age at intake: a two-digit birth year is read in the one century that
# gives an age in this range (« 05/03/84 »: 1984; « 05/03/15 »: 1915 or 2015, refused).
TENANT_AGES = (16, 105)


def _short_year(text: str, match: re.Match, today: datetime.date) -> tuple[datetime.date, str]:
    """A day-first birth date with a two-digit year, read in the only century that makes
    a plausible tenant; ValueError (four digits needed) when both or neither do."""
    day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    readings = []
    for century in (1900, 2000):
        try:
            born = datetime.date(century + year, month, day)
        except ValueError:
            continue
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if TENANT_AGES[0] <= age <= TENANT_AGES[1]:
            readings.append(born)
    if len(readings) != 1:
        raise ValueError(
            f"Date invalide « {_shown(text)} » : l'année doit être écrite sur quatre "
            "chiffres (JJ/MM/AAAA)."
        )
    return readings[0], (
        f"« {text} » lue comme le {_d(readings[0])} : année écrite sur deux chiffres, "
        "siècle déduit de l'âge d'un locataire — à vérifier."
    )


def parse_birth_date(value: str, today: datetime.date | None = None) -> tuple[datetime.date, str]:
    """``parse_date``, plus two corrections made at intake, each returned as a French
    warning: a date written with day and month swapped (« 09/17/1984 », month 17) when
    no other reading exists, i.e. the second number is above 12 and the first is a
    month; a two-digit year when only one century gives a tenant's age (``TENANT_AGES``
    on ``today``). Returns (date, warning or ""); an ambiguous date (« 05/06/1984 ») is
    read in French order, untouched."""
    try:
        return parse_date(value), ""
    except ValueError:
        text = " ".join(_typographic(value).split())
        match = _DMY.match(text)
        if match and len(match.group(4)) == 2:
            _check_time(text, match)
            return _short_year(text, match, today or clock.today())
        if not match or len(match.group(4)) != 4:
            raise
        _check_time(text, match)
        month, _, day, year = match.groups()[:4]
        month, day, year = int(month), int(day), int(year)
        if not (1 <= month <= 12 < day):
            raise
        try:
            day_ = datetime.date(year, month, day)
        except ValueError:
            raise ValueError(
                f"« {text} » n'est pas une date valide : ce jour n'existe pas au calendrier."
            ) from None
        return day_, (
            f"« {text} » lue comme le {_d(day_)} : jour et mois inversés "
            "(écriture américaine), date corrigée à l'import — à vérifier."
        )


_AMOUNTS = {
    "loyer_mensuel": AmountField(required=False, max_digits=9),
    "charges_mensuelles": AmountField(required=False, max_digits=9),
    "montant_dette": AmountField(required=False, max_digits=10),
}


_PLAIN_AMOUNT = {
    column: re.compile(rf"^[0-9]{{1,{field.max_digits - 2}}}(?:[.,][0-9]{{1,2}})?$")
    for column, field in _AMOUNTS.items()
}
_AMOUNT_SPACES = re.compile(r"[\s\u00a0\u202f€]")


def parse_amount(column: str, value: str) -> Decimal | None:
    """``AmountField``'s rules; plain amounts take a short path, the rest (and every
    refusal, with its message) goes through the form field."""
    text = _AMOUNT_SPACES.sub("", value)
    if _PLAIN_AMOUNT[column].match(text) and "€" not in value.strip().rstrip("€"):
        return Decimal(text.replace(",", "."))
    try:
        return _AMOUNTS[column].clean(value)
    except ValidationError as error:
        raise ValueError(" ".join(forget_traceback(error).messages)) from None
