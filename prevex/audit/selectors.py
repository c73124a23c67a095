"""Reads of the history of writes, filtered by the reader's field groups.

The panel of the household file (``write_history`` + ``audit/_write_history.html``):
the caller has already decided that the reader may open the file and which field groups
it sees there (the access gate); an entry of any other group is never read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from prevex.accounts.models import Membership

from . import services
from .labels import object_label
from .models import WriteLog

HISTORY_LIMIT = 200
# Changes stored in an entry of one group whose value belongs to a narrower group: shown
# only to a reader of that group too. The contacts' « précision » (the social worker's
# words) is written in the contact's SUIVI entry, and read by CONTACT_NOTES readers only
# (prevex/support/groups.py; data here, the audit app sits below the gate and the apps).
CHANGE_GROUPS = {("SUIVI_CONTACT", "purpose_detail"): "CONTACT_NOTES"}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    author: str
    organisation: str
    channel: str
    object_label: str
    operation: str
    summary: str
    changes: list[dict]
    redacted: bool = False  # the file was anonymised: its values are gone


def _author(row: WriteLog) -> str:
    if row.user is None:
        return "Traitement automatique"
    return row.user.get_full_name() or row.user.username


def _change(change: dict) -> dict:
    return {
        "label": change.get("label") or change.get("field") or "",
        "old": change.get("old") or "",
        "new": change.get("new") or "",
    }


def write_history(
    *, membership: Membership, household_id: int, groups: Iterable[str], limit: int = HISTORY_LIMIT
) -> list[HistoryEntry]:
    """The latest changes of a household file that this reader may see; journals the read.

    ``groups``: the field groups the reader sees in this file (plain strings).
    """
    groups = sorted(str(group) for group in groups)
    if not groups:
        return []
    services.log_file_view(
        membership=membership,
        household_id=household_id,
        what="Historique des modifications du dossier",
    )
    rows = (
        WriteLog.objects.filter(household_id=household_id, field_group__in=groups)
        .select_related("user", "organisation")
        .order_by("-at", "-id")[:limit]
    )
    return [
        HistoryEntry(
            at=row.at,
            author=_author(row),
            organisation=row.organisation.name if row.organisation is not None else "",
            channel=row.get_channel_display(),
            object_label=object_label(row.object_type),
            operation=row.get_operation_display(),
            summary=row.summary,
            changes=[
                _change(c)
                for c in row.changes
                if isinstance(c, dict)
                and CHANGE_GROUPS.get((row.object_type, c.get("field")), groups[0]) in groups
            ],
            redacted=row.redacted_at is not None,
        )
        for row in rows
    ]
