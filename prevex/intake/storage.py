"""Normalised rows as JSON, and the fingerprints the idempotency keys are made of."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

from prevex.core.text import clean_text

from .columns import COLUMN_NAMES, canonical_row

DATE_FIELDS = (
    "date_acte", "locataire_date_naissance", "date_audience", "date_bail", "date_signification",
)  # fmt: skip
AMOUNT_FIELDS = ("loyer_mensuel", "charges_mensuelles", "montant_dette")


def to_json(normalised: dict) -> dict:
    """The normalised row as JSON values (ISO dates, amounts as text)."""
    out = {}
    for key, value in normalised.items():
        if isinstance(value, datetime.date):
            out[key] = value.isoformat()
        elif isinstance(value, Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    return out


def from_json(data: dict) -> dict:
    out = dict(data)
    for key in DATE_FIELDS:
        out[key] = datetime.date.fromisoformat(data[key]) if data.get(key) else None
    for key in AMOUNT_FIELDS:
        out[key] = Decimal(data[key]) if data.get(key) not in (None, "") else None
    return out


def fingerprint(data: dict) -> str:
    """SHA-256 of a row's content, independent of key order."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def raw_fingerprint(raw: dict[str, str]) -> str:
    """Fingerprint of a row as received: known columns, surrounding spaces ignored."""
    row, _ = canonical_row(raw)
    return row_fingerprint({k: clean_text(v) for k, v in row.items()})


def row_fingerprint(row: dict[str, str]) -> str:
    """``raw_fingerprint`` of a row already keyed by column and cleaned."""
    parts = []
    for column in COLUMN_NAMES:
        value = row.get(column)
        if value and not value.isspace():
            parts.append(f"{column}\x1f{' '.join(value.split())}")
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()
