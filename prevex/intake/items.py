"""One row on its way through the engine, and what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from prevex.core.text import clean_text, fold

from .columns import canonical_row
from .models import ImportRow, ReviewItem, ReviewKind, ReviewStatus, RowStatus
from .results import RowResult
from .storage import fingerprint, row_fingerprint, to_json
from .validation import FieldError


@dataclass
class Item:
    line: int
    raw: dict[str, str]
    raw_fp: str
    target: ImportRow | None = None  # a quarantined row an agent corrects
    reuse: ImportRow | None = None  # a quarantined row the sender sends again
    data: dict | None = None
    errors: list[FieldError] = field(default_factory=list)
    key: str | None = None
    status: str = ""
    row: ImportRow | None = None  # the row stored for this item
    same: dict | None = None  # for a duplicate: ids of the row it repeats

    def result(self) -> RowResult:
        if self.row is not None:
            return RowResult(
                row_id=self.row.pk,
                line=self.line,
                status=self.status,
                errors=list(self.errors),
                household_id=self.row.household_id,
                procedure_id=self.row.procedure_id,
                event_id=self.row.event_id,
            )
        same = self.same or {}
        return RowResult(
            row_id=same.get("id"),
            line=self.line,
            status=self.status,
            household_id=same.get("household_id"),
            procedure_id=same.get("procedure_id"),
            event_id=same.get("event_id"),
        )


def make_item(line: int, raw: dict, *, target: ImportRow | None = None) -> Item:
    row, _ = canonical_row(raw)
    row = {k: clean_text(v) for k, v in row.items()}
    return Item(line=line, raw=row, raw_fp=row_fingerprint(row), target=target)


def clean_reference(value: str) -> str:
    return " ".join((value or "").split())


def dedup_key(item: Item) -> str:
    reference = clean_reference(
        item.data["reference_acte"] if item.data else item.raw.get("reference_acte")
    )
    if reference and len(reference) <= 80:
        return f"R:{reference}"
    if item.data is not None:
        return f"F:{fingerprint(to_json(item.data))}"
    return f"F:{item.raw_fp}"


def same_tenant(before: dict, after: dict) -> bool:
    """Two rows of a sender under one reference name the same tenant: the same surname
    (accents, case and punctuation aside), or the same first name and birth date (the
    surname was what the sender corrected). A quarantined row is replaced by the
    sender's new row only then: another tenant under a reused reference is another act,
    and the quarantined row must not be lost."""
    last = fold(before.get("locataire_nom", ""))
    if last and last == fold(after.get("locataire_nom", "")):
        return True
    first = fold(before.get("locataire_prenom", ""))
    born = (before.get("locataire_date_naissance") or "").strip()
    return bool(
        first
        and born
        and first == fold(after.get("locataire_prenom", ""))
        and born == (after.get("locataire_date_naissance") or "").strip()
    )


def same_ids(row: ImportRow) -> dict:
    return {
        "id": row.pk,
        "household_id": row.household_id,
        "procedure_id": row.procedure_id,
        "event_id": row.event_id,
    }


def open_newcomer_pairs(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Those (household id, sender id) pairs that already have an open « nouvel
    intervenant » item: a further act of the same sender on the same file adds no item
    (the secretariat decides once per file and sender; the decision settles every row)."""
    if not pairs:
        return set()
    households = {h for h, _ in pairs}
    found = (
        ReviewItem.objects.filter(
            kind=ReviewKind.INTERVENANT, status=ReviewStatus.OUVERT, household_id__in=households
        )
        .order_by()
        .values_list("household_id", "row__source_id")
    )
    return {pair for pair in found if pair in pairs}


def newcomer_review(*, row: ImportRow, source, event) -> ReviewItem:
    """The secretariat's review item for an act about a file its sender is not involved
    in (« nouvel intervenant »): nothing of the file is shown to the sender until then."""
    return ReviewItem(
        kind=ReviewKind.INTERVENANT,
        departement_id=row.departement_id,
        row=row,
        event=event,
        reason=(
            f"{source.name} ({source.get_type_display()}) a transmis un acte pour ce "
            "dossier sans y être impliqué. Ouvrez-lui le dossier s'il en a besoin pour agir ; "
            "sinon gardez-le fermé : l'acte reste enregistré, le dossier reste invisible "
            "pour lui."
        ),
    )


def landlord_review(*, row: ImportRow, source, household_id: int) -> ReviewItem:
    """The secretariat's review item for a landlord's act about a household whose file
    does not record it as landlord (« bailleur à confirmer »): the act is held, nothing of
    the row is written on the file until the secretariat decides (review.py)."""
    return ReviewItem(
        kind=ReviewKind.BAILLEUR,
        departement_id=row.departement_id,
        row=row,
        household_id=household_id,
        reason=(
            f"{source.name} ({source.get_type_display()}) a transmis un acte pour un ménage "
            "dont le dossier ne l'enregistre pas comme bailleur : l'acte attend votre "
            "décision, rien n'est écrit au dossier et l'expéditeur n'en voit rien. S'il est "
            "bien le bailleur du ménage (changement de bailleur, gestionnaire du logement), "
            "confirmez-le : il devient bailleur du ménage dans le dossier et l'acte est "
            "enregistré. Sinon, l'acte n'est pas enregistré."
        ),
    )


def settle_rows(row_ids: set[int], *, but: int | None = None) -> set[int]:
    """The rows in review among these with no open item left (``but``: an item being
    settled, still open) are imported; returns their ids."""
    still = set(
        ReviewItem.objects.filter(row_id__in=row_ids, status=ReviewStatus.OUVERT)
        .exclude(pk=but)
        .values_list("row_id", flat=True)
    )
    done = set(
        ImportRow.objects.filter(pk__in=row_ids - still, status=RowStatus.REVUE).values_list(
            "pk", flat=True
        )
    )
    ImportRow.objects.filter(pk__in=done).update(
        status=RowStatus.IMPORTE, updated_at=timezone.now()
    )
    return done
