"""What opening a procedure, recording an act and closing a procedure put in the history of
writes (audit.WriteLog), all in the PROCEDURE field group. The services call these; the
bulk writers (imports, loaders) build the same entries for a whole batch and hand them to
``audit.services.log_writes_many``.
"""

from __future__ import annotations

from prevex.accounts.models import Membership
from prevex.audit.models import WriteObject, WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core.choices import choice_label
from prevex.households.history import change, display
from prevex.households.perms import FieldGroup

from .models import Event, Procedure

EVENT_FIELDS = (
    "debt_amount",
    "hearing_date",
    "decision",
    "contradictoire",
    "grace_months",
    "served_on",
    "cfp_decision",
    "payment_months",
    "instalment_amount",
    "first_instalment_on",
    "reference",
    "notes",
    "flagged",
)


def procedure_opened_entry(*, procedure: Procedure, by: Membership | None) -> WriteEntry:
    opened = display(Procedure, "opened_on", procedure.opened_on)
    ground = choice_label(Procedure, "ground", procedure.ground)
    return WriteEntry(
        household_id=procedure.household_id,
        object_type=WriteObject.PROCEDURE,
        object_id=procedure.pk,
        operation=WriteOperation.CREATE,
        field_group=FieldGroup.PROCEDURE,
        summary=f"Procédure ouverte le {opened} ({ground.lower()})",
        changes=[
            change(Procedure, "ground", "", ground),
            change(Procedure, "opened_on", "", opened),
        ],
        by=by,
    )


def _event_value(event: Event, name: str) -> str:
    value = getattr(event, name)
    if name == "contradictoire" and value is not None:
        return "oui" if value else "non"
    return display(Event, name, value)


def event_recorded_entry(*, event: Event, household_id: int, by: Membership | None) -> WriteEntry:
    stage = choice_label(Event, "stage", event.stage)
    day = display(Event, "date", event.date)
    changes = [change(Event, "stage", "", stage), change(Event, "date", "", day)]
    for name in EVENT_FIELDS:
        value = _event_value(event, name)
        if value:
            changes.append(change(Event, name, "", value))
    if event.source_id is not None:
        source = event.source.name if event.source is not None else str(event.source_id)
        changes.append({"field": "source", "label": "Transmis par", "old": "", "new": source})
    return WriteEntry(
        household_id=household_id,
        object_type=WriteObject.EVENT,
        object_id=event.pk,
        operation=WriteOperation.CREATE,
        field_group=FieldGroup.PROCEDURE,
        summary=f"Acte enregistré : {stage} du {day}",
        changes=changes,
        by=by,
    )


def event_changed_entry(
    *, event: Event, household_id: int, by: Membership | None, summary: str, changes: list
) -> WriteEntry:
    """An act updated in place (accepted from the review queue, an instalment missed)."""
    return WriteEntry(
        household_id=household_id,
        object_type=WriteObject.EVENT,
        object_id=event.pk,
        operation=WriteOperation.UPDATE,
        field_group=FieldGroup.PROCEDURE,
        summary=summary,
        changes=changes,
        by=by,
    )


def event_amended_entry(
    *, event: Event, household_id: int, before: dict, by: Membership | None
) -> WriteEntry:
    """An act its sender sent again with another amount, observations or hearing date
    (``before``: the old values of the fields that changed, ``event`` holds the new)."""
    stage = choice_label(Event, "stage", event.stage)
    day = display(Event, "date", event.date)
    changes = [
        change(Event, name, display(Event, name, old), _event_value(event, name))
        for name, old in before.items()
    ]
    fields = ", ".join(c["label"].lower() for c in changes)
    return event_changed_entry(
        event=event,
        household_id=household_id,
        by=by,
        summary=f"Acte modifié par son expéditeur : {stage} du {day} ({fields})",
        changes=changes,
    )


def procedure_moved_entries(
    *, procedure: Procedure, old_household_id: int, old_reference: str, new_reference: str,
    by: Membership | None,
) -> list[WriteEntry]:  # fmt: skip
    """A procedure (with its acts) moved to another file by a split: one entry on the file
    it leaves, one on the file it joins."""
    opened = display(Procedure, "opened_on", procedure.opened_on)
    moved = {"field": "household", "label": "Dossier", "old": old_reference, "new": new_reference}
    return [
        WriteEntry(
            household_id=household_id,
            object_type=WriteObject.PROCEDURE,
            object_id=procedure.pk,
            operation=WriteOperation.UPDATE,
            field_group=FieldGroup.PROCEDURE,
            summary=summary,
            changes=[moved],
            by=by,
        )
        for household_id, summary in (
            (
                old_household_id,
                f"Procédure ouverte le {opened} déplacée vers le dossier {new_reference}",
            ),
            (
                procedure.household_id,
                f"Procédure ouverte le {opened} reçue du dossier {old_reference}",
            ),
        )
    ]


def procedure_removed_entry(*, procedure: Procedure, by: Membership | None, why: str) -> WriteEntry:
    """A procedure removed with the last act it had (it was opened by that act)."""
    opened = display(Procedure, "opened_on", procedure.opened_on)
    return WriteEntry(
        household_id=procedure.household_id,
        object_type=WriteObject.PROCEDURE,
        object_id=procedure.pk,
        operation=WriteOperation.DELETE,
        field_group=FieldGroup.PROCEDURE,
        summary=f"Procédure ouverte le {opened} retirée avec son dernier acte ({why})",
        changes=[change(Procedure, "opened_on", opened, "")],
        by=by,
    )


def event_withdrawn_entry(
    *, event: Event, household_id: int, by: Membership | None, why: str
) -> WriteEntry:
    """An act taken off the file (rejected by the secretariat, or its row's attachment put
    in doubt): the entry keeps what it was, and why it went."""
    stage = choice_label(Event, "stage", event.stage)
    day = display(Event, "date", event.date)
    return WriteEntry(
        household_id=household_id,
        object_type=WriteObject.EVENT,
        object_id=event.pk,
        operation=WriteOperation.DELETE,
        field_group=FieldGroup.PROCEDURE,
        summary=f"Acte retiré du dossier : {stage} du {day} ({why})",
        changes=[change(Event, "stage", stage, ""), change(Event, "date", day, "")],
        by=by,
    )


def procedure_closed_entry(*, procedure: Procedure, by: Membership | None) -> WriteEntry:
    closed = display(Procedure, "closed_on", procedure.closed_on)
    outcome = choice_label(Procedure, "outcome", procedure.outcome)
    return WriteEntry(
        household_id=procedure.household_id,
        object_type=WriteObject.PROCEDURE,
        object_id=procedure.pk,
        operation=WriteOperation.UPDATE,
        field_group=FieldGroup.PROCEDURE,
        summary=f"Procédure clôturée le {closed} : {outcome.lower()}",
        changes=[
            change(Procedure, "closed_on", "", closed),
            change(Procedure, "outcome", "", outcome),
        ],
        by=by,
    )
