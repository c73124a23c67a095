"""« Acte incohérent » items that the acts received since have settled.

A partner's act that did not fit its procedure waits in the review queue (``ORDRE``):
often only because another partner's act has not arrived yet — the bailiff's
commandement de quitter les lieux before the court's judgment it executes. After each
import, and every night for the acts recorded by other means, the waiting acts of the
procedures concerned are checked again as if received now
(``procedures.services.events_recheck``); the items of those that now fit are closed,
« Acte accepté » with no agent (docs/decisions/2026-12-05-waiting-acts-recheck.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from prevex.procedures.services import events_recheck

from .items import settle_rows
from .models import ReviewDecision, ReviewItem, ReviewKind, ReviewStatus

SETTLED_NOTE = " — Réglé sans agent : les actes reçus depuis complètent la procédure."


@transaction.atomic
def order_items_recheck(*, departement: str, procedure_ids: Iterable[int] | None = None) -> int:
    """Close the open « acte incohérent » items of the département (of these procedures
    only, when given) whose act now fits its procedure; their rows are imported when
    nothing else of theirs waits. Returns the items closed. Idempotent."""
    items = ReviewItem.objects.filter(
        departement_id=departement,
        kind=ReviewKind.ORDRE,
        status=ReviewStatus.OUVERT,
        event__isnull=False,
    )
    if procedure_ids is not None:
        ids = sorted(set(procedure_ids))
        if not ids:
            return 0
        items = items.filter(event__procedure_id__in=ids)
    items = list(items.select_for_update(of=("self",)).select_related("event").order_by("id"))
    if not items:
        return 0
    accepted = {e.pk for e in events_recheck(procedure_ids={i.event.procedure_id for i in items})}
    now = timezone.now()
    closed = [item for item in items if item.event_id in accepted]
    for item in closed:
        item.status, item.decision, item.decided_at = (
            ReviewStatus.TRAITE,
            ReviewDecision.ACCEPTE,
            now,
        )
        item.reason = f"{item.reason}{SETTLED_NOTE}"
        item.save(update_fields=["status", "decision", "decided_at", "reason"])
    settle_rows({item.row_id for item in closed})
    return len(closed)
