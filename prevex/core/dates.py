"""Dates as French messages write them."""

from __future__ import annotations

import datetime


def french_date(day: datetime.date) -> str:
    """« 01/01/0001 », not « 01/01/1 »: ``strftime`` (and ``f"{day:%d/%m/%Y}"``) does not
    pad a year before 1000, which an imported or typed date can hold."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
