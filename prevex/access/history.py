"""What an involvement puts in the history of writes (audit.WriteLog).

Involvements belong to the IDENTITY group: a landlord does not learn which social
services follow its tenant.
"""

from __future__ import annotations

from prevex.accounts.models import Membership
from prevex.audit.models import WriteObject, WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core.choices import choice_label

from .groups import FieldGroup
from .models import Involvement


def involvement_entry(*, involvement: Involvement, by: Membership | None) -> WriteEntry:
    """An organisation made involved in the file."""
    reason = choice_label(Involvement, "reason", involvement.reason)
    since = f"{involvement.starts_on:%d/%m/%Y}"
    return WriteEntry(
        household_id=involvement.household_id,
        object_type=WriteObject.INVOLVEMENT,
        object_id=involvement.pk,
        operation=WriteOperation.CREATE,
        field_group=FieldGroup.IDENTITY,
        summary=f"Implication de {involvement.organisation.name} : {reason.lower()}, "
        f"depuis le {since}"
        + (f", jusqu'au {involvement.ends_on:%d/%m/%Y}" if involvement.ends_on else ""),
        changes=[
            {
                "field": "organisation",
                "label": "Organisation",
                "old": "",
                "new": str(involvement.organisation),
            },
            {"field": "reason", "label": "Motif", "old": "", "new": reason},
            {"field": "starts_on", "label": "Début", "old": "", "new": since},
        ],
        by=by,
    )


def involvement_end_entry(
    *, involvement: Involvement, old_end, by: Membership | None, why: str = ""
) -> WriteEntry:
    """An involvement ended earlier than planned (``why``: said in the summary)."""
    ended = f"{involvement.ends_on:%d/%m/%Y}"
    old = f"{old_end:%d/%m/%Y}" if old_end else ""
    return WriteEntry(
        household_id=involvement.household_id,
        object_type=WriteObject.INVOLVEMENT,
        object_id=involvement.pk,
        operation=WriteOperation.UPDATE,
        field_group=FieldGroup.IDENTITY,
        summary=f"Fin de l'implication de {involvement.organisation.name}"
        + (f" ({why})" if why else "")
        + f" au {ended}",
        changes=[{"field": "ends_on", "label": "Fin", "old": old, "new": ended}],
        by=by,
    )
