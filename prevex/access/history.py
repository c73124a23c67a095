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
        f"depuis le {since}",
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
