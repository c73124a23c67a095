"""Cells a hostile-input probe wrote oddly (2026-12-06): an amount of « € » alone, a
time after a date that does not exist. Each is refused in French, like the other
unreadable values of its kind, and its row waits in quarantine."""

from __future__ import annotations

import datetime

import pytest

from prevex.core.forms import AmountField
from prevex.intake import services
from prevex.intake.cells import parse_amount, parse_birth_date, parse_date
from prevex.intake.models import ImportRow, RowStatus
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def _stored(sender, content: bytes) -> ImportRow:
    batch = services.file_import(
        source=sender.organisation, content=content, filename="actes.csv", by=None
    )
    (stored,) = ImportRow.objects.filter(batch=batch)
    return stored


def _errors(stored: ImportRow) -> dict[str, str]:
    return {e["column"]: e["message"] for e in stored.errors}


@pytest.mark.parametrize("value", ["€", " € ", "\u00a0€\u202f", "€€"])
@pytest.mark.parametrize("column", ["montant_dette", "loyer_mensuel"])
def test_an_amount_of_a_currency_sign_alone_is_an_invalid_amount(bailiff, column, value):
    """Found by the probe: « € » alone read as an empty amount."""
    stored = _stored(bailiff, csv_bytes([row(**{column: value})]))
    assert stored.status == RowStatus.QUARANTAINE
    assert "Montant invalide : saisissez un nombre" in _errors(stored)[column]
    with pytest.raises(ValueError, match="Montant invalide"):
        parse_amount(column, value)


def test_an_amount_field_left_blank_is_still_empty():
    assert AmountField(required=False).clean("   ") is None
    assert AmountField(required=False).clean("") is None


@pytest.mark.parametrize(
    "value",
    ["10/03/2025 25:99", "10/03/2025 24:00", "2025-03-10T23:60", "10/03/2025 23:59:60",
     "10.03.2025 99:00:00"],
)  # fmt: skip
def test_a_time_that_does_not_exist_after_a_date_is_refused(bailiff, value):
    """Found by the probe: « 25:99 » after a date was ignored along with the time."""
    with pytest.raises(ValueError, match="l'heure qui suit la date n'existe pas"):
        parse_date(value)
    stored = _stored(bailiff, csv_bytes([row(date_acte=value)]))
    assert stored.status == RowStatus.QUARANTAINE
    assert "l'heure qui suit la date n'existe pas" in _errors(stored)["date_acte"]


def test_a_birth_date_read_month_first_checks_its_time_too():
    with pytest.raises(ValueError, match="l'heure qui suit la date n'existe pas"):
        parse_birth_date("04/13/1985 25:00")
    assert parse_birth_date("04/13/1985 23:59")[0] == datetime.date(1985, 4, 13)


@pytest.mark.parametrize("value", ["10/03/2025 00:00", "10/03/2025 23:59:59", "2025-03-10T07:05"])
def test_times_that_exist_are_still_ignored(value):
    assert parse_date(value) == datetime.date(2025, 3, 10)
