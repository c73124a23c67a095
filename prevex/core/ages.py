"""A person's age on a day, as the pages write it."""

from __future__ import annotations

import datetime


def age_years(birth: datetime.date | None, today: datetime.date) -> int | None:
    """Full years on ``today`` (None when the birth date is unknown)."""
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_label(birth: datetime.date | None, today: datetime.date) -> str:
    """« 41 ans », « 1 an », « moins d'un an », or « âge inconnu »."""
    years = age_years(birth, today)
    if years is None:
        return "âge inconnu"
    if years < 1:
        return "moins d'un an"
    return f"{years} an" + ("s" if years > 1 else "")
