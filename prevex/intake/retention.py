"""Anonymisation at the end of the retention period (intake side; called by
prevex/lifecycle/retention.py): the one write path for it.

The rows received for these households keep their status, line, batch, dates, links and
the sender's reference and fingerprints (a row sent again is still recognised as
received; a fingerprint reads nothing), not their content: the row as received and
normalised go, and their errors keep the column, not the value received nor the message
(which may quote it). Their review items lose their reason and candidates, and those still
open are closed (« Clos : dossier anonymisé »: nothing can be decided on the file). A review item
of another row that compared one of these files loses that candidate's reason, and its
own reason when it repeats it. The import files these rows came in keep their name,
remarks and error unless one names the household (``search_terms``, as for the
journal's searches): then ``ANONYMISED_FILENAME``, no remark, no error.
"""

from django.utils import timezone

from prevex.core.sql import json_mentions
from prevex.core.text import Mentions
from prevex.matching.retention import candidates_without_reasons, reason_without

from .models import ImportBatch, ImportRow, ReviewDecision, ReviewItem, ReviewStatus

ANONYMISED_FILENAME = "(nom effacé à l'anonymisation d'un dossier)"


def _errors_without_values(errors) -> list:
    return [
        {"column": e.get("column", ""), "value": "", "message": ""}
        for e in (errors if isinstance(errors, list) else [])
        if isinstance(e, dict)
    ]


def _batches_clear(rows, search_terms) -> None:
    mentions = Mentions(search_terms)
    if not mentions:
        return
    ids = {pk for pair in rows.values_list("batch_id", "last_batch_id") for pk in pair if pk}
    named = [
        pk
        for pk, *texts in ImportBatch.objects.filter(pk__in=ids)
        .exclude(filename=ANONYMISED_FILENAME)
        .values_list("pk", "filename", "error", "notices")
        if any(mentions(text) for text in texts)
    ]
    ImportBatch.objects.filter(pk__in=named).update(
        filename=ANONYMISED_FILENAME, error="", notices=[]
    )


def rows_content_clear(household_ids: list[int], *, search_terms=()) -> int:
    """Clear the rows received for these households (idempotent); returns the rows.
    ``search_terms``: what names them (prevex/households/retention.py)."""
    ids = {int(pk) for pk in household_ids}
    rows = ImportRow.objects.filter(household_id__in=ids)
    ReviewItem.objects.filter(row__in=rows).update(candidates=[], reason="")
    # Their open items (an act to check, a newcomer) can no longer be decided (the file
    # refuses every write): closed, so that the secretariat's queue does not keep them.
    ReviewItem.objects.filter(row__in=rows, status=ReviewStatus.OUVERT).update(
        status=ReviewStatus.TRAITE, decision=ReviewDecision.ANONYMISE, decided_at=timezone.now()
    )
    others = ReviewItem.objects.exclude(row__in=rows)
    compared = {item.pk: item for item in others.filter(household_id__in=ids)}
    compared.update(
        (item.pk, item) for item in json_mentions(others, "candidates", "household_id", ids)
    )
    for item in compared.values():
        item.candidates, removed = candidates_without_reasons(item.candidates, ids)
        if item.household_id in ids:
            item.reason = ""
        else:
            item.reason = reason_without(item.reason, removed)
    ReviewItem.objects.bulk_update(
        list(compared.values()), ["candidates", "reason"], batch_size=500
    )
    with_errors = [row for row in rows.only("pk", "errors") if row.errors]
    for row in with_errors:
        row.errors = _errors_without_values(row.errors)
    ImportRow.objects.bulk_update(with_errors, ["errors"], batch_size=500)
    _batches_clear(rows, search_terms)
    return rows.update(raw={}, normalised=None)
