"""What a merge of two household files does to their procedures (a step of
``prevex.core.merges``, run before the households app moves the rows): nothing but the
history — each procedure of the absorbed file, with its acts, is said to leave it and
join the kept file (the households app moves them right after, in the same
transaction)."""

from __future__ import annotations

from prevex.audit import services as audit
from prevex.core.merges import register
from prevex.households.models import Household

from . import history
from .models import Procedure


def procedures_merge_step(*, keep_id: int, absorb_id: int, by) -> None:
    references = dict(
        Household.objects.filter(pk__in=[keep_id, absorb_id]).values_list("pk", "reference")
    )
    entries = []
    for procedure in Procedure.objects.filter(household_id=absorb_id).order_by("id"):
        procedure.household_id = keep_id
        entries += history.procedure_moved_entries(
            procedure=procedure, old_household_id=absorb_id, old_reference=references[absorb_id],
            new_reference=references[keep_id], by=by,
        )  # fmt: skip
    audit.log_writes_many(entries)


register("procedures", procedures_merge_step)
