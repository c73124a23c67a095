"""One function per journaled event kind (both journals are append-only).

Access journal: ``access_log`` and the ``log_*`` readers below.
History of writes: ``log_write`` (one change) and ``log_writes_many`` (a batch, for
imports and loaders: ``prevex.core.sql.insert_values``, i.e. ``COPY`` on PostgreSQL and
``executemany`` on SQLite, insert only, so the append-only triggers still apply), both
taking ``WriteEntry`` fields.
The channel (form, import, API, administration, demo) is the entry's own when given,
else the one set around the call by ``write_channel(...)``, else « formulaire ».
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.core.sql import insert_values

from .buffer import record
from .models import AccessAction, WriteChannel, WriteLog, WriteOperation

SUMMARY_LENGTH = WriteLog._meta.get_field("summary").max_length
FIELD_GROUPS = ("LEASE", "IDENTITY", "PROCEDURE", "SOCIAL", "HEALTH", "SUIVI")

_channel: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "prevex_write_channel", default=None
)


# --------------------------------------------------------------------------- reads


def access_log(*, membership: Membership, action: str, what: str, household_id=None) -> None:
    """One read: written when the request has answered (``buffer``), at once elsewhere."""
    record(
        [
            {
                "user_id": membership.user_id,
                "organisation_id": membership.organisation_id,
                "household_id": household_id,
                "action": action,
                "what": what[:200],
            }
        ]
    )


def log_file_view(*, membership: Membership, household_id: int, what: str = "") -> None:
    access_log(
        membership=membership,
        action=AccessAction.VIEW,
        what=what or "Dossier du ménage",
        household_id=household_id,
    )


def log_view(*, membership: Membership, what: str, household_id=None) -> None:
    """Any other nominative page or fragment (a quarantined row, a procedure block)."""
    access_log(
        membership=membership, action=AccessAction.VIEW, what=what, household_id=household_id
    )


def log_list_view(*, membership: Membership, what: str) -> None:
    access_log(membership=membership, action=AccessAction.VIEW, what=what)


def log_search(*, membership: Membership, query: str) -> None:
    access_log(membership=membership, action=AccessAction.SEARCH, what=f"Recherche : {query}")


def log_export(*, membership: Membership, what: str, household_id=None) -> None:
    access_log(
        membership=membership, action=AccessAction.EXPORT, what=what, household_id=household_id
    )


def log_api_read(*, organisation, user, household_id, what: str) -> None:
    """An API read: the token's organisation and its technical account (no membership)."""
    log_api_reads(organisation=organisation, user=user, reads=[(household_id, what)])


def log_api_reads(*, organisation, user, reads: Iterable[tuple[int | None, str]]) -> None:
    """Several API reads of one answer (a batch of notifications), in one ``INSERT``."""
    record(
        [
            {
                "user_id": user.pk,
                "organisation_id": organisation.pk,
                "household_id": household_id,
                "action": AccessAction.API,
                "what": what[:200],
            }
            for household_id, what in reads
        ]
    )


def log_admin_view(*, user, membership: Membership | None, what: str, household_id=None) -> None:
    """A read in the administration (staff account, with or without an organisation)."""
    record(
        [
            {
                "user_id": user.pk,
                "organisation_id": membership.organisation_id if membership is not None else None,
                "household_id": household_id,
                "action": AccessAction.ADMIN,
                "what": what[:200],
            }
        ]
    )


# --------------------------------------------------------------------------- writes


@contextlib.contextmanager
def write_channel(channel: str):
    """Every write logged inside this block came through ``channel`` (``WriteChannel``)."""
    if channel not in WriteChannel.values:
        raise ValueError(f"Canal inconnu : {channel!r}")
    token = _channel.set(channel)
    try:
        yield
    finally:
        _channel.reset(token)


def current_channel() -> str:
    return _channel.get() or WriteChannel.FORM


def channel_in_force() -> str | None:
    """The channel set by ``write_channel(...)`` around the call, if any."""
    return _channel.get()


@dataclass(frozen=True)
class WriteEntry:
    """One change of a household file, for one field group (see ``WriteLog``).

    ``by`` is the acting membership (``None`` for an automatic write); ``user_id`` and
    ``organisation_id`` name the author when there is no membership (an API token's
    organisation and technical account, an import run from the command line).
    ``changes``: ``[{"field", "label", "old", "new"}, ...]``, values as displayed text.
    """

    household_id: int | None
    object_type: str
    object_id: int | None
    field_group: str
    summary: str
    operation: str = WriteOperation.CREATE
    changes: list[dict] = field(default_factory=list)
    by: Membership | None = None
    user_id: int | None = None
    organisation_id: int | None = None
    channel: str | None = None

    def values(self, default_channel: str) -> dict:
        """The row's values (``{attname: value}``), ``at`` excepted."""
        if self.field_group not in FIELD_GROUPS:
            raise ValueError(f"Groupe de champs inconnu : {self.field_group!r}")
        summary = self.summary
        if len(summary) > SUMMARY_LENGTH:
            summary = summary[: SUMMARY_LENGTH - 1] + "…"
        by = self.by
        return {
            "user_id": by.user_id if by is not None else self.user_id,
            "organisation_id": by.organisation_id if by is not None else self.organisation_id,
            "household_id": self.household_id,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "operation": self.operation,
            "field_group": self.field_group,
            "channel": self.channel or default_channel,
            "summary": summary,
            "changes": list(self.changes),
        }

    def row(self, default_channel: str) -> WriteLog:
        return WriteLog(**self.values(default_channel))


def log_write(entry: WriteEntry | None = None, /, **fields) -> WriteLog:
    """Journal one change: a ``WriteEntry``, or its fields as keyword arguments."""
    row = (entry if entry is not None else WriteEntry(**fields)).row(current_channel())
    row.save()
    return row


def log_writes_many(entries: Iterable[WriteEntry]) -> int:
    """Journal a batch of changes (imports, loaders); returns how many rows were written.

    Insert only, without model instances (``insert_values``): the rows are those
    ``log_write`` would save one by one, with one ``at`` for the batch."""
    channel = current_channel()
    now = timezone.now()
    rows = []
    for entry in entries:
        values = entry.values(channel)
        values["at"] = now
        rows.append(values)
    if rows:
        with transaction.atomic(savepoint=False):  # ids allocated and written together
            insert_values(WriteLog, rows)
    return len(rows)
