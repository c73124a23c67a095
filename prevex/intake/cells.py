"""The cells of a notification row read one by one: dates (a birth date written month
first corrected when no other reading exists), amounts. Pure functions, each refusal a
``ValueError`` with its French message (``validation`` names the column)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from prevex.core.errors import forget_traceback
from prevex.core.forms import AmountField

_SWAPPED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: 00:00(?::00)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: 00:00(?::00)?)?$")


def _shown(value: str) -> str:
    value = value or ""
    return value if len(value) <= 200 else value[:199] + "…"


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def parse_date(value: str) -> datetime.date:
    """A date written AAAA-MM-JJ or JJ/MM/AAAA; ValueError with a French message."""
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _FR.match(text)
        if not match:
            raise ValueError(
                f"Date invalide « {_shown(text)} » : utilisez le format JJ/MM/AAAA ou AAAA-MM-JJ."
            )
        day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"« {text} » n'est pas une date valide : ce jour n'existe pas au calendrier."
        ) from None


def parse_birth_date(value: str) -> tuple[datetime.date, str]:
    """``parse_date``, plus the one correction made at intake: a date written with day
    and month swapped (« 09/17/1984 », month 17) when no other reading exists, i.e. the
    second number is above 12 and the first is a month. Returns (date, French warning
    or ""); an ambiguous date (« 05/06/1984 ») is read in French order, untouched."""
    try:
        return parse_date(value), ""
    except ValueError:
        match = _SWAPPED.match(value.strip())
        if not match:
            raise
        month, day, year = (int(g) for g in match.groups())
        if not (1 <= month <= 12 < day):
            raise
        try:
            day_ = datetime.date(year, month, day)
        except ValueError:
            raise ValueError(
                f"« {value.strip()} » n'est pas une date valide : ce jour n'existe pas au "
                "calendrier."
            ) from None
        return day_, (
            f"« {value.strip()} » lue comme le {_d(day_)} : jour et mois inversés "
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
    if _PLAIN_AMOUNT[column].match(text):
        return Decimal(text.replace(",", "."))
    try:
        return _AMOUNTS[column].clean(value)
    except ValidationError as error:
        raise ValueError(" ".join(forget_traceback(error).messages)) from None
