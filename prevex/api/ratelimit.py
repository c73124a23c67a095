"""Per-token rate limits, counted in the database so that every process shares them.

Two windows: requests per minute (UTC minute) and notifications per day (Paris calendar
day). A counter row per token and window is raised by one conditional UPDATE
(``count + n <= limit``), which is atomic on SQLite and PostgreSQL: two processes can
never both take the last unit, and a refused request consumes nothing.
"""

import datetime
import math

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ApiToken, ApiUsage, UsageWindow

KEEP_COUNTERS = datetime.timedelta(days=2)


class RateLimited(Exception):
    """Over a limit: answered 429 with a French message and ``Retry-After``."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, int(retry_after))


def current_time() -> datetime.datetime:
    """The clock of the limits (tests replace it to stay inside one window)."""
    return timezone.now()


def french_number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _minute_window(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    start = now.astimezone(datetime.UTC).replace(second=0, microsecond=0)
    return start, start + datetime.timedelta(minutes=1)


def _day_window(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (start + datetime.timedelta(days=1)).replace(hour=0)
    return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)


def _seconds_until(end: datetime.datetime, now: datetime.datetime) -> int:
    return math.ceil((end - now.astimezone(datetime.UTC)).total_seconds())


def _consume(*, token: ApiToken, window: str, starts_at, amount: int, limit: int) -> bool:
    """Add ``amount`` to the counter if it stays within ``limit``; True when taken."""
    if amount > limit:
        return False
    counter = ApiUsage.objects.filter(
        token_id=token.pk, window=window, starts_at=starts_at, count__lte=limit - amount
    )
    if counter.update(count=F("count") + amount):
        return True
    # No row matched: the counter is full, or does not exist yet. Make sure it exists,
    # then the same conditional UPDATE decides (on an existing row it is authoritative).
    if not ApiUsage.objects.filter(token_id=token.pk, window=window, starts_at=starts_at).exists():
        try:
            with transaction.atomic():
                ApiUsage.objects.create(token_id=token.pk, window=window, starts_at=starts_at)
        except IntegrityError:
            pass  # another process created it first
        else:
            ApiUsage.objects.filter(
                token_id=token.pk, starts_at__lt=starts_at - KEEP_COUNTERS
            ).delete()
    return bool(counter.update(count=F("count") + amount))


def _used(*, token: ApiToken, window: str, starts_at) -> int:
    row = ApiUsage.objects.filter(token_id=token.pk, window=window, starts_at=starts_at).first()
    return row.count if row is not None else 0


def check_request(*, token: ApiToken) -> None:
    """Count one request in the current minute, or raise ``RateLimited``."""
    now = current_time()
    start, end = _minute_window(now)
    limit = token.requests_per_minute
    if not _consume(token=token, window=UsageWindow.MINUTE, starts_at=start, amount=1, limit=limit):
        wait = _seconds_until(end, now)
        raise RateLimited(
            f"Trop de requêtes : ce jeton est limité à {french_number(limit)} requêtes par "
            f"minute. Réessayez dans {wait} seconde{'s' if wait > 1 else ''}.",
            retry_after=wait,
        )


def check_rows(*, token: ApiToken, rows: int) -> None:
    """Count ``rows`` notifications in today's quota, or raise ``RateLimited``."""
    now = current_time()
    start, end = _day_window(now)
    limit = token.rows_per_day
    if not _consume(token=token, window=UsageWindow.DAY, starts_at=start, amount=rows, limit=limit):
        remaining = max(0, limit - _used(token=token, window=UsageWindow.DAY, starts_at=start))
        raise RateLimited(
            f"Quota journalier dépassé : ce jeton est limité à {french_number(limit)} "
            f"notifications par jour ; il en reste {french_number(remaining)} aujourd'hui et "
            f"la requête en contient {french_number(rows)}. Réessayez demain ou envoyez un "
            "lot plus petit.",
            retry_after=_seconds_until(end, now),
        )
