"""Rows whose attachment is put in doubt when a file of the same name opens after them.

The engine attached a row to a file by its names and its dwelling, without comparing a
birth date (the row or the file had none); a later row of the same names, another birth
date or another flat, opened a second file in the building. ``prevex.matching.doubts``
says which earlier attachments the engine would no longer make with both files present.
Each such row is taken off the file and goes to the secretariat's review queue as an
uncertain match (``MATCH``) with both files as candidates — settled like any other
(« Même ménage » with the file chosen, or « Nouveau ménage »):

* its act is withdrawn from the file (``event_withdraw``: the procedure is refreshed,
  the write history says which act went and why), its pending claims are withdrawn
  (``claims_withdraw``); a file never mixes two households while an agent decides;
* the engine's new decision is journaled (``REVIEW``) and kept on the row;
* its own open review items go with its act (an act inconsistent with the procedure:
  ``ORDRE``); the « nouvel intervenant » item stays with the sender's other rows on the
  file, if any, else it goes too (the sender has nothing left on that file).

Rows whose act other rows also point at (the same act re-sent, a duplicate) are left
as they are: their act is not this row's alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from django.db.models import Count

from prevex.accounts.models import Membership
from prevex.matching.claims import claimed_births_of, claims_withdraw
from prevex.matching.doubts import attachments_in_doubt
from prevex.matching.models import MatchDecision, Outcome
from prevex.matching.records import MatchResult
from prevex.matching.services import match_decision_record
from prevex.procedures.services import event_withdraw

from .models import ImportRow, ReviewItem, ReviewKind, ReviewStatus, RowStatus
from .records import SOURCE_KIND, record_of
from .storage import from_json

WHY = "rattachement de la ligne à revoir"


def _attached_rows(household_ids: set[int]) -> list[ImportRow]:
    """The rows attached automatically to these files (the engine's MATCH), with an act
    of their own: the rows that opened the files, agents' decisions and duplicates are
    not looked at again."""
    rows = list(
        ImportRow.objects.filter(
            household_id__in=household_ids,
            status__in=(RowStatus.IMPORTE, RowStatus.REVUE),
            event__isnull=False,
            match_decision_id__isnull=False,
        )
        .defer("raw")  # the cells as received: never read here (thousands of rows)
        .order_by("id")
    )
    automatic = set(
        MatchDecision.objects.filter(
            pk__in={r.match_decision_id for r in rows}, outcome=Outcome.MATCH, automatic=True
        ).values_list("pk", flat=True)
    )
    rows = [r for r in rows if r.match_decision_id in automatic and r.normalised]
    shared = set(
        ImportRow.objects.filter(event_id__in={r.event_id for r in rows})
        .values("event_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("event_id", flat=True)
    )
    return [r for r in rows if r.event_id not in shared]


def doubts_review(
    *, opened: Mapping[int, Sequence[int]], departement: str, by: Membership | None
) -> list[ReviewItem]:
    """After files were opened (``opened``: file → the files its row was compared with,
    ``prevex.matching.doubts.compared_files``): the earlier rows attached to those files
    that are now in doubt go to review (see the module docstring). Returns the items."""
    olds = {pk for pks in opened.values() for pk in pks}
    if not olds:
        return []
    rows = {r.pk: r for r in _attached_rows(olds)}
    own = claimed_births_of(source_kind=SOURCE_KIND, source_ids=rows)
    found = attachments_in_doubt(
        opened=opened,
        attached=[
            (pk, r.household_id, record_of(from_json(r.normalised), departement), own.get(pk, ()))
            for pk, r in rows.items()
        ],
    )
    if not found:
        return []
    claims_withdraw(source_kind=SOURCE_KIND, source_ids=[d.ref for d in found])
    items = []
    for doubt in found:
        row = rows[doubt.ref]
        event = row.event
        _items_of_withdrawn_act(row)
        event_withdraw(event=event, by=by, why=WHY)
        journal = match_decision_record(
            result=MatchResult(
                outcome="REVIEW",
                household_id=None,
                score=doubt.score,
                reason=doubt.reason,
                candidates=doubt.candidates,
                departement=departement,
            ),
            source_kind=SOURCE_KIND,
            source_id=row.pk,
            by=None,
        )
        row.status, row.household, row.procedure, row.event = RowStatus.REVUE, None, None, None
        row.match_decision_id = journal.pk
        row.save(
            update_fields=[
                "status", "household", "procedure", "event", "match_decision_id", "updated_at"
            ]
        )  # fmt: skip
        items.append(
            ReviewItem.objects.create(
                kind=ReviewKind.MATCH,
                departement_id=departement,
                row=row,
                reason=doubt.reason,
                score=doubt.score,
                candidates=[dataclasses.asdict(c) for c in doubt.candidates],
            )
        )
    return items


def _items_of_withdrawn_act(row: ImportRow) -> None:
    """The row's open items go with its act; a « nouvel intervenant » item is handed to
    another row of the same sender waiting on that file, when there is one."""
    for item in ReviewItem.objects.filter(row=row, status=ReviewStatus.OUVERT):
        if item.kind == ReviewKind.INTERVENANT:
            other = (
                ImportRow.objects.filter(
                    household_id=row.household_id,
                    source_id=row.source_id,
                    status=RowStatus.REVUE,
                    event__isnull=False,
                )
                .exclude(pk=row.pk)
                .order_by("id")
                .first()
            )
            if other is not None:
                item.row, item.event = other, other.event
                item.save(update_fields=["row", "event"])
                continue
        item.delete()
