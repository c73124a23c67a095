"""One place to ask for today's date, so tests and the demo can pin it."""

import contextlib
import datetime
from collections.abc import Iterator

from django.utils import timezone

_frozen: datetime.date | None = None


def today() -> datetime.date:
    return _frozen or timezone.localdate()


def freeze(day: datetime.date | None) -> None:
    """Pin today's date (tests); ``None`` releases it."""
    global _frozen
    _frozen = day


@contextlib.contextmanager
def pinned(day: datetime.date) -> Iterator[None]:
    """Today is ``day`` inside the block (the demo replays past sessions through the
    services as they happened); the previous value comes back after it."""
    global _frozen
    previous = _frozen
    _frozen = day
    try:
        yield
    finally:
        _frozen = previous
