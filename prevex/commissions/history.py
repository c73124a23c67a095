"""What the commissions' writes put in the history of writes (``audit.WriteLog``).

Group: **PROCEDURE**. A saisine and a passage before a commission are steps of the
prevention of the eviction, read by every organisation involved in the file, the
landlord included (it referred the file itself, or is told the file goes to the
commission). The text of a saisine's exposé (which may hold social facts) never goes
to the history: the entry says only that one was written. Writes of a commission or a
session (no file) are kept with an empty household (docs/commissions.md).

Other commission areas write their entries in their own modules (``deliberation.py``,
``history_<area>.py``) with the object types below or their own.
"""

from __future__ import annotations

from django.utils import timezone

from prevex.access.groups import FieldGroup
from prevex.accounts.models import Membership
from prevex.audit.models import WriteOperation
from prevex.audit.services import WriteEntry

from .choices import SaisineStatus
from .models import AgendaItem, Commission, Saisine, Session

COMMISSION, SESSION, SAISINE, ITEM = "COMMISSION", "SEANCE", "SAISINE", "ORDRE_DU_JOUR"
GROUP = FieldGroup.PROCEDURE


def day(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%d/%m/%Y}"


def commission_entry(*, commission: Commission, by: Membership | None) -> WriteEntry:
    return WriteEntry(
        household_id=None,
        object_type=COMMISSION,
        object_id=commission.pk,
        field_group=GROUP,
        summary=f"Commission créée : {commission.name} ({commission.get_kind_display()})",
        by=by,
    )


def session_entry(
    *, session: Session, summary: str, by: Membership | None, operation=WriteOperation.UPDATE
) -> WriteEntry:
    """A write of the session itself (created, invitation, attendance, held, reorder)."""
    return WriteEntry(
        household_id=None,
        object_type=SESSION,
        object_id=session.pk,
        operation=operation,
        field_group=GROUP,
        summary=f"Séance du {day(session)} ({session.commission.name}) : {summary}",
        by=by,
    )


def saisine_entry(
    *, saisine: Saisine, summary: str, by: Membership | None, operation=WriteOperation.UPDATE
) -> WriteEntry:
    changes = [
        {"field": "reason", "label": "Motif", "old": "", "new": saisine.get_reason_display()},
        {
            "field": "status",
            "label": "État",
            "old": "",
            "new": saisine.get_status_display(),
        },
    ]
    if saisine.motive:
        changes.append({"field": "motive", "label": "Exposé", "old": "", "new": "renseigné"})
    return WriteEntry(
        household_id=saisine.household_id,
        object_type=SAISINE,
        object_id=saisine.pk,
        operation=operation,
        field_group=GROUP,
        summary=f"{summary} : {saisine.commission.name}",
        changes=changes,
        by=by,
    )


def saisine_status_entry(
    *, saisine: Saisine, old: str, summary: str, by: Membership | None
) -> WriteEntry:
    """The saisine's state moved by the agenda (inscrite, proposée à nouveau)."""
    return WriteEntry(
        household_id=saisine.household_id,
        object_type=SAISINE,
        object_id=saisine.pk,
        operation=WriteOperation.UPDATE,
        field_group=GROUP,
        summary=f"{summary} : {saisine.commission.name}",
        changes=[
            {
                "field": "status",
                "label": "État",
                "old": SaisineStatus(old).label if old else "",
                "new": saisine.get_status_display(),
            }
        ],
        by=by,
    )


def item_entry(
    *, item: AgendaItem, session: Session, summary: str, by: Membership | None, operation
) -> WriteEntry:
    return WriteEntry(
        household_id=item.household_id,
        object_type=ITEM,
        object_id=item.pk,
        operation=operation,
        field_group=GROUP,
        summary=f"{summary} de la séance du {day(session)} ({session.commission.name})",
        by=by,
    )
