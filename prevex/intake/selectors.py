"""Reads of the intake app, always scoped to the acting organisation.

A sender sees only its own batches, rows and quarantine; the review queue belongs to
the CCAPEX secretariat of the département (anyone else gets a 404). A batch's page and
progress (counters only) are also open to that secretariat, through the gate.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from prevex.access.gate import is_secretariat_of
from prevex.access.groups import is_secretariat
from prevex.accounts.models import Membership, Organisation
from prevex.households.models import LandlordType, Parc
from prevex.procedures.models import CfpDecision, Decision, Event, Ground, Stage

from .columns import COLUMNS
from .models import ImportBatch, ImportRow, ReviewItem, ReviewStatus, RowStatus
from .results import RowResult
from .validation import FieldError


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Introuvable.") from None


# --------------------------------------------------------------------------- batches


def batches_for(*, membership: Membership) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(source_id=membership.organisation_id).order_by(
        "-created_at", "-id"
    )


def batch_for(*, membership: Membership, batch_id) -> ImportBatch:
    batch = batches_for(membership=membership).filter(pk=_int(batch_id)).first()
    if batch is None:
        raise Http404("Import introuvable.")
    return batch


def batch_visible_for(*, membership: Membership, batch_id) -> ImportBatch:
    """A batch's page and progress: its sender, or the CCAPEX secretariat of its
    département (which follows every import of its territory); anyone else gets a 404."""
    batch = ImportBatch.objects.filter(pk=_int(batch_id)).first()
    if batch is None or not (
        batch.source_id == membership.organisation_id
        or is_secretariat_of(membership, batch.departement_id)
    ):
        raise Http404("Import introuvable.")
    return batch


def batch_rows(*, batch: ImportBatch) -> QuerySet[ImportRow]:
    """Rows this batch created or last touched."""
    return ImportRow.objects.filter(Q(batch=batch) | Q(last_batch=batch)).order_by("line", "id")


def batch_error_rows(*, batch: ImportBatch) -> QuerySet[ImportRow]:
    """Rows of the error report: quarantined ones, and accepted rows that intake
    corrected (``normalised["corrections"]``, e.g. a day/month swap)."""
    return batch_rows(batch=batch).filter(
        Q(status=RowStatus.QUARANTAINE) | Q(normalised__has_key="corrections")
    )


CORRECTIONS_SHOWN = 50


def batch_corrections(*, batch: ImportBatch) -> list[tuple[int, str]]:
    """(line, French message) of the corrections intake made to accepted rows (a birth
    date read with day and month swapped…), the first ``CORRECTIONS_SHOWN``; all of them
    are in the error report."""
    rows = (
        batch_rows(batch=batch)
        .filter(normalised__has_key="corrections")
        .exclude(status=RowStatus.QUARANTAINE)
        .only("line", "last_line", "batch", "last_batch", "normalised")
    )
    lines = sorted((r.line_in(batch.pk), r.pk, r.normalised) for r in rows)
    return [
        (line, c["message"])
        for line, _, normalised in lines[:CORRECTIONS_SHOWN]
        for c in normalised["corrections"]
    ]


def quarantine_for(*, membership: Membership, batch_id=None) -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(
        source_id=membership.organisation_id, status=RowStatus.QUARANTAINE
    )
    if batch_id:
        rows = rows.filter(Q(batch_id=_int(batch_id)) | Q(last_batch_id=_int(batch_id)))
    return rows.order_by("-updated_at", "batch_id", "line", "id")


def quarantine_row_for(*, membership: Membership, row_id) -> ImportRow:
    row = (
        ImportRow.objects.filter(source_id=membership.organisation_id, pk=_int(row_id))
        .select_related("batch")
        .first()
    )
    if row is None:
        raise Http404("Ligne introuvable.")
    return row


def row_errors(row: ImportRow) -> list[FieldError]:
    return [FieldError(e["column"], e["value"], e["message"]) for e in row.errors or []]


def row_result(*, organisation: Organisation, row_id) -> RowResult | None:
    """The processing result of a row, if ``organisation`` sent it (else None)."""
    try:
        pk = int(row_id)
    except (TypeError, ValueError):
        return None
    row = ImportRow.objects.filter(source_id=organisation.pk, pk=pk).first()
    if row is None:
        return None
    return RowResult(
        row_id=row.pk,
        line=row.sent_line,
        status=row.status,
        errors=row_errors(row),
        household_id=row.household_id,
        procedure_id=row.procedure_id,
        event_id=row.event_id,
    )


# --------------------------------------------------------------------------- review


def may_review(membership: Membership) -> bool:
    return is_secretariat(membership)


def review_queue(*, membership: Membership, kind: str = "") -> QuerySet[ReviewItem]:
    """Open review items of the secretariat's département, oldest first (404 otherwise)."""
    if not may_review(membership):
        raise Http404("Page introuvable.")
    items = ReviewItem.objects.filter(
        departement_id=membership.organisation.departement_id, status=ReviewStatus.OUVERT
    )
    if kind:
        items = items.filter(kind=kind)
    return items.select_related("row", "row__source").order_by("created_at", "id")


def review_item_for(*, membership: Membership, item_id) -> ReviewItem:
    if not may_review(membership):
        raise Http404("Page introuvable.")
    item = (
        ReviewItem.objects.filter(
            departement_id=membership.organisation.departement_id, pk=_int(item_id)
        )
        .select_related("row", "row__source", "row__batch", "event", "household")
        .first()
    )
    if item is None:
        raise Http404("Élément introuvable.")
    return item


def review_neighbours(*, membership: Membership, item: ReviewItem) -> tuple[int | None, int | None]:
    """Ids of the previous and next open items of the queue (keyboard path)."""
    ids = list(review_queue(membership=membership).values_list("pk", flat=True)[:2000])
    if item.pk not in ids:
        return None, ids[0] if ids else None
    index = ids.index(item.pk)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following


def review_next_open(*, membership: Membership, item: ReviewItem) -> int | None:
    """The first open item after ``item`` in the queue's order — after a decision, which
    may also have settled the items that followed it (``ReviewItem.follows``)."""
    return (
        review_queue(membership=membership)
        .filter(Q(created_at__gt=item.created_at) | Q(created_at=item.created_at, pk__gt=item.pk))
        .values_list("pk", flat=True)
        .first()
    )


# Closed lists shown by their French labels rather than their codes.
_LABELS = {
    "type_acte": dict(Stage.choices),
    "motif": dict(Ground.choices),
    "decision": dict(Decision.choices),
    "cfp_decision": dict(CfpDecision.choices),
    "bailleur_type": dict(LandlordType.choices),
    "parc": dict(Parc.choices),
}
_AMOUNTS = {"montant_dette", "loyer_mensuel", "charges_mensuelles"}


def _euros(value) -> str:
    """« 1 240,50 € » (a non-breaking space between thousands)."""
    try:
        amount = f"{float(value):,.2f}"
    except (TypeError, ValueError):
        return str(value)
    return amount.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def incoming_fields(*, row: ImportRow, columns) -> list[tuple[str, str]]:
    """(label, value as shown) of the non-empty columns of a row: dates in French, closed
    lists by their labels, amounts in euros; a value intake corrected (a birth date read
    with day and month swapped) says so."""
    data = row.normalised or row.raw or {}
    corrected = {c["column"]: c["value"] for c in (row.normalised or {}).get("corrections", [])}
    shown = []
    for column in columns:
        value = data.get(column)
        if value in (None, ""):
            continue
        if isinstance(value, bool):
            value = "oui" if value else "non"
        elif column.startswith("date") or column.endswith("naissance"):
            parts = str(value).split("-")
            if len(parts) == 3 and len(parts[0]) == 4:
                value = f"{parts[2]}/{parts[1]}/{parts[0]}"
        elif column in _LABELS:
            value = _LABELS[column].get(value, value)
        elif column in _AMOUNTS:
            value = _euros(value)
        value = str(value)
        if column in corrected:
            value += f" (corrigé à l'import : « {corrected[column]} » dans le fichier, à vérifier)"
        shown.append((COLUMNS[column], value))
    return shown


def procedure_events(*, item: ReviewItem) -> list[Event]:
    """The acts of the procedure of a flagged act, in date order."""
    if item.event_id is None:
        return []
    return list(
        Event.objects.filter(procedure_id=item.event.procedure_id)
        .select_related("source")
        .order_by("date", "id")
    )


# --------------------------------------------------------------------------- home page


def waiting_counts(*, membership: Membership) -> dict:
    """What waits for this organisation in the imports (counts only, nothing nominative):
    its own rows in quarantine, and for the secretariat the open review items of its
    département by kind. Two indexed counts."""
    quarantined = ImportRow.objects.filter(
        source_id=membership.organisation_id, status=RowStatus.QUARANTAINE
    ).count()
    review: dict[str, int] = {}
    if may_review(membership):
        review = dict(
            ReviewItem.objects.filter(
                departement_id=membership.organisation.departement_id,
                status=ReviewStatus.OUVERT,
            )
            .values_list("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
    return {"quarantined": quarantined, "review": review}
