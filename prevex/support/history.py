"""What the follow-up's writes put in the history of writes (``audit.WriteLog``).

Contacts, the DSF's life and measures are the SUIVI group; the DSF's content is the
SOCIAL group, and its entry says which parts changed, never the text itself (the DSF
holds it). Object types are plain strings (« CONTACT », « DSF », « DISPOSITIF »).
"""

from __future__ import annotations

from prevex.accounts.models import Membership
from prevex.audit.models import WriteOperation
from prevex.audit.services import WriteEntry
from prevex.households.history import change, display
from prevex.households.perms import FieldGroup

from .groups import SUIVI
from .models import Contact, Dsf, Measure

CONTACT, DSF, MEASURE = "SUIVI_CONTACT", "DSF", "DISPOSITIF"


def contact_entry(*, contact: Contact, by: Membership | None) -> WriteEntry:
    fields = ("channel", "direction", "at", "purpose", "purpose_detail", "outcome")
    return WriteEntry(
        household_id=contact.household_id,
        object_type=CONTACT,
        object_id=contact.pk,
        field_group=SUIVI,
        summary=(
            f"Contact : {contact.get_channel_display().lower()} du "
            f"{display(Contact, 'at', contact.at)} ({contact.get_outcome_display().lower()})"
        ),
        changes=[
            change(Contact, name, "", display(Contact, name, getattr(contact, name)))
            for name in fields
            if getattr(contact, name)
        ],
        by=by,
    )


def dsf_status_entry(
    *, dsf: Dsf, old_status: str, by: Membership | None, created: bool = False
) -> WriteEntry:
    old = display(Dsf, "status", old_status) if old_status else ""
    new = dsf.get_status_display()
    return WriteEntry(
        household_id=dsf.household_id,
        object_type=DSF,
        object_id=dsf.pk,
        operation=WriteOperation.CREATE if created else WriteOperation.UPDATE,
        field_group=SUIVI,
        summary=f"DSF : {new.lower()}" + (f" (auprès de {dsf.assigned_to})" if created else ""),
        changes=[change(Dsf, "status", old, new)],
        by=by,
    )


def dsf_content_entry(*, dsf: Dsf, changed: list[str], by: Membership | None) -> WriteEntry:
    """Names the parts that changed (« texte modifié »), never their content."""
    return WriteEntry(
        household_id=dsf.household_id,
        object_type=DSF,
        object_id=dsf.pk,
        operation=WriteOperation.UPDATE,
        field_group=FieldGroup.SOCIAL,
        summary="Contenu du DSF modifié",
        changes=[change(Dsf, name, "", "modifié") for name in changed],
        by=by,
    )


def measure_entry(
    *, measure: Measure, old_status: str, by: Membership | None, created: bool = False
) -> WriteEntry:
    new = measure.get_status_display()
    changes = [
        change(Measure, "status", display(Measure, "status", old_status) if old_status else "", new)
    ]
    for name in ("amount", "deciding_body", "outcome"):
        value = display(Measure, name, getattr(measure, name))
        if value:
            changes.append(change(Measure, name, "", value))
    return WriteEntry(
        household_id=measure.household_id,
        object_type=MEASURE,
        object_id=measure.pk,
        operation=WriteOperation.CREATE if created else WriteOperation.UPDATE,
        field_group=SUIVI,
        summary=f"{measure.type.label} : {new.lower()}",
        changes=changes,
        by=by,
    )
