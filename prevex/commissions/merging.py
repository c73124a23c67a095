"""What a merge of two household files does to their commission rows (a step of
``prevex.core.merges``, run before the households app moves the rows).

- Both files on one session's agenda: the absorbed file's line goes, its recommendations
  (and their follow-up) join the kept file's line, which keeps its own frozen summary;
  its one-year outcome goes with the line unless the kept line has none.
- Both files proposed to one commission: the absorbed file's open saisine is withdrawn
  (the kept one stays).
Everything else moves as is. The line that goes and the saisine withdrawn are in the
history (the absorbed file's, under its id), with the merge's author.
"""

from __future__ import annotations

from prevex.audit import services as audit
from prevex.audit.models import WriteOperation
from prevex.core.merges import register

from .choices import SaisineStatus
from .history import item_entry, saisine_entry
from .models import AgendaItem, FileOutcome, Recommendation, Saisine

OPEN = (SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE)


def commissions_merge_step(*, keep_id: int, absorb_id: int, by) -> None:
    kept_items = {item.session_id: item for item in AgendaItem.objects.filter(household_id=keep_id)}
    entries = []
    for item in (
        AgendaItem.objects.filter(household_id=absorb_id)
        .select_related("session__commission")
        .order_by("id")
    ):
        kept = kept_items.get(item.session_id)
        if kept is None:
            continue
        Recommendation.objects.filter(item=item).update(item=kept)
        if not FileOutcome.objects.filter(item=kept).exists():
            FileOutcome.objects.filter(item=item).update(item=kept)
        Saisine.objects.filter(follows_item=item).update(follows_item=kept)
        entries.append(
            item_entry(
                item=item,
                session=item.session,
                by=by,
                operation=WriteOperation.DELETE,
                summary="Fusion des dossiers : ligne remplacée par celle du dossier gardé",
            )  # fmt: skip
        )
        item.delete()
    kept_open = set(
        Saisine.objects.filter(household_id=keep_id, status__in=OPEN).values_list(
            "commission_id", flat=True
        )
    )
    withdrawn = list(
        Saisine.objects.filter(
            household_id=absorb_id, status__in=OPEN, commission_id__in=kept_open
        ).select_related("commission")
    )
    Saisine.objects.filter(pk__in=[s.pk for s in withdrawn]).update(status=SaisineStatus.RETIREE)
    for saisine in withdrawn:
        saisine.status = SaisineStatus.RETIREE
        entries.append(
            saisine_entry(
                saisine=saisine,
                by=by,
                summary="Saisine retirée (fusion avec un dossier déjà proposé)",
            )  # fmt: skip
        )
    audit.log_writes_many(entries)


register("commissions", commissions_merge_step)
