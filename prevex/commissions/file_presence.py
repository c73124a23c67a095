"""Which commission rows a file has, in one constant statement, before the file page's
commission panels read them (benchmarks: docs/benchmarks.md, « Household file page »).

Most files never went before a commission: their two panels then cost this one indexed
statement instead of four ORM querysets built and compiled on every read (≈ 9 ms of CPU
per page). A file that has rows is read as before; the answer only says where to look
(it ignores the département and addressee filters the readers apply), so it never hides
a row.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection

from prevex.core import batch

from .choices import SaisineStatus
from .models import AgendaItem, FileOutcome, Recommendation, Saisine

_OPEN = (SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE)


class Presence(NamedTuple):
    passages: bool
    saisines: bool
    recommendations: bool
    outcomes: bool


_statement: str | None = None


def _sql() -> str:
    global _statement
    if _statement is None:
        quote = connection.ops.quote_name
        item, saisine, reco, outcome = (
            quote(m._meta.db_table) for m in (AgendaItem, Saisine, Recommendation, FileOutcome)
        )
        _statement = (
            f"SELECT EXISTS (SELECT 1 FROM {item} WHERE household_id = %s), "  # noqa: S608 — table names quoted, values bound
            f"EXISTS (SELECT 1 FROM {saisine} WHERE household_id = %s AND status IN (%s, %s)), "
            f"EXISTS (SELECT 1 FROM {reco} WHERE household_id = %s), "
            f"EXISTS (SELECT 1 FROM {outcome} WHERE household_id = %s)"
        )
    return _statement


def statements(subject) -> list[batch.Statement]:
    """The presence statement, for the page's batch (``prevex.core.batch``)."""
    pk = subject.household.pk
    return [(_sql(), [pk, pk, *_OPEN, pk, pk])]


def presence(subject) -> Presence:
    """The file's commission rows by kind (one statement, kept on the page's subject)."""
    cached = getattr(subject, "_commission_presence", None)
    if cached is None:
        (row,) = batch.rows(*statements(subject)[0])
        cached = Presence(*(bool(v) for v in row))
        subject._commission_presence = cached
    return cached
