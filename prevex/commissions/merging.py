"""What a merge of two household files does to their commission rows (a step of
``prevex.core.merges``, run before the households app moves the rows).

- Both files on one session's agenda: the absorbed file's line goes, its recommendations
  (and their follow-up) join the kept file's line, which keeps its own frozen summary;
  its one-year outcome goes with the line unless the kept line has none.
- Both files proposed to one commission: the absorbed file's open saisine is withdrawn
  (the kept one stays).
Everything else moves as is.
"""

from __future__ import annotations

from prevex.core.merges import register

from .choices import SaisineStatus
from .models import AgendaItem, FileOutcome, Recommendation, Saisine

OPEN = (SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE)


def commissions_merge_step(*, keep_id: int, absorb_id: int, by) -> None:
    kept_items = {item.session_id: item for item in AgendaItem.objects.filter(household_id=keep_id)}
    for item in AgendaItem.objects.filter(household_id=absorb_id).order_by("id"):
        kept = kept_items.get(item.session_id)
        if kept is None:
            continue
        Recommendation.objects.filter(item=item).update(item=kept)
        if not FileOutcome.objects.filter(item=kept).exists():
            FileOutcome.objects.filter(item=item).update(item=kept)
        Saisine.objects.filter(follows_item=item).update(follows_item=kept)
        item.delete()
    kept_open = set(
        Saisine.objects.filter(household_id=keep_id, status__in=OPEN).values_list(
            "commission_id", flat=True
        )
    )
    Saisine.objects.filter(
        household_id=absorb_id, status__in=OPEN, commission_id__in=kept_open
    ).update(status=SaisineStatus.RETIREE)


register("commissions", commissions_merge_step)
