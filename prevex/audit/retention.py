"""The redaction of the journals of anonymised files: the one path that updates them
(called by prevex/lifecycle/retention.py; docs/decisions/2026-12-06-journal-redaction.md).

History of writes: every row of these households not redacted yet keeps who changed
which fields of which object, when, for which organisation and through which channel;
its values go (``changes`` keep ``field`` and ``label``, lose ``old`` and ``new``), its
summary becomes ``REDACTED_SUMMARY`` (summaries are sentences built by a dozen builders,
some with names, task messages or a vulnerability: none is kept), and ``redacted_at`` is
set. The retention's own entry (``RETENTION_SUMMARY``, without changes) holds no value
and is left as it is.

Access journal: its rows about a file name no one (``what`` is a fixed description);
searches are journaled with their text and no file. A search whose text holds one of
``search_terms`` (the file's names, contacts and address: ``prevex.core.text.Mentions``)
gets ``REDACTED_SEARCH``.

One ``UPDATE`` per journal and batch, in SQL; the triggers (prevex/audit/db.py) let only
that change through, on both engines. Idempotent: a redacted row is not redacted again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from prevex.core.text import Mentions

from .db import REDACTED_FUNCTION, SQLITE_REDACT_CHANGES
from .models import REDACTED_SEARCH, REDACTED_SUMMARY, AccessAction, AccessLog

# The history entry of the retention job itself (prevex/households/retention.py).
RETENTION_SUMMARY = "Anonymisation au terme de la durée de conservation"
SEARCH_ACTIONS = (AccessAction.SEARCH, AccessAction.ADMIN)


@dataclass
class Redacted:
    writes: int
    searches: int


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _writes_redact(household_ids: list[int]) -> int:
    if connection.vendor == "postgresql":
        changes = f"{REDACTED_FUNCTION}(changes)"
        empty = "changes = '[]'::jsonb"
    else:
        changes = SQLITE_REDACT_CHANGES
        empty = "json(changes) = '[]'"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"UPDATE audit_writelog SET changes = {changes}, "  # noqa: S608 (no user text)
        "summary = CASE WHEN summary = %s THEN summary ELSE %s END, redacted_at = %s "
        f"WHERE household_id IN ({_placeholders(household_ids)}) AND redacted_at IS NULL "
        f"AND NOT (summary = %s AND {empty})"
    )
    params = [RETENTION_SUMMARY, REDACTED_SUMMARY, now, *household_ids, RETENTION_SUMMARY]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _searches_redact(terms: list[str]) -> int:
    mentions = Mentions(terms)
    if not mentions:
        return 0
    texts = set(REDACTED_SEARCH.values())
    ids = [
        pk
        for pk, what in AccessLog.objects.filter(action__in=SEARCH_ACTIONS)
        .exclude(what__in=texts)
        .order_by()
        .values_list("pk", "what")
        .iterator(chunk_size=2000)
        if mentions(what)
    ]
    done = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            "UPDATE audit_accesslog SET what = CASE action WHEN %s THEN %s ELSE %s END "  # noqa: S608
            f"WHERE id IN ({_placeholders(chunk)}) AND action IN (%s, %s)"
        )
        params = [
            AccessAction.SEARCH,
            REDACTED_SEARCH[AccessAction.SEARCH],
            REDACTED_SEARCH[AccessAction.ADMIN],
            *chunk,
            *SEARCH_ACTIONS,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            done += cursor.rowcount
    return done


def redact_household(household_ids: Iterable[int], *, search_terms: Iterable[str] = ()) -> Redacted:
    """Remove the values these households' journal rows hold (see the module docstring).

    ``search_terms``: what names the households (members' names, contacts, address),
    read by the caller before the files are anonymised."""
    ids = sorted({int(pk) for pk in household_ids})
    terms = [t for t in search_terms if t and t.strip()]
    with transaction.atomic():
        writes = _writes_redact(ids) if ids else 0
        searches = _searches_redact(terms) if terms else 0
    return Redacted(writes=writes, searches=searches)
