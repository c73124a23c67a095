"""One place to ask for today's date, so tests and the demo can pin it."""

import datetime

from django.utils import timezone

_frozen: datetime.date | None = None


def today() -> datetime.date:
    return _frozen or timezone.localdate()


def freeze(day: datetime.date | None) -> None:
    """Pin today's date (tests); ``None`` releases it."""
    global _frozen
    _frozen = day
