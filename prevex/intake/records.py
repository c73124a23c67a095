"""What the matcher reads of the import's rows — a validated row as a ``PersonRecord``,
the rows still waiting in the review queue for an agent's match decision — and what its
decisions leave: the matching journal of a chunk (``journal_decisions``)."""

from __future__ import annotations

from prevex.core.sql import insert_values
from prevex.matching.models import MatchDecision
from prevex.matching.records import Candidate, PersonRecord, Waiting

from .models import ReviewItem, ReviewKind, ReviewStatus
from .storage import from_json

SOURCE_KIND = "intake_row"  # what the matching journal and the claims call an import row


def record_of(data: dict, departement: str) -> PersonRecord:
    """A validated row as the matcher reads it (the engine, the review queue)."""
    return PersonRecord(
        last_name=data["locataire_nom"],
        first_name=data["locataire_prenom"],
        birth_date=data["locataire_date_naissance"],
        co_last_name=data["cotitulaire_nom"],
        co_first_name=data["cotitulaire_prenom"],
        address=data["adresse"],
        postal_code=data["code_postal"],
        commune_insee=data["code_commune"],
        commune_name=data["commune"],
        departement=departement,
        phone=data.get("telephone") or "",
    )


def waiting_rows(departement: str) -> list[Waiting]:
    """The rows of the département still waiting for an agent's match decision (one
    query): a later row of the same person waits with them (``ReviewItem.follows``)
    instead of opening a second file (docs/decisions/2026-12-05-rows-waiting-together.md)."""
    waiting = []
    for pk, candidates, line, filename, normalised in (
        ReviewItem.objects.filter(
            departement_id=departement,
            kind=ReviewKind.MATCH,
            status=ReviewStatus.OUVERT,
            row__household__isnull=True,
        )
        .order_by("id")
        .values_list("pk", "candidates", "row__line", "row__batch__filename", "row__normalised")
    ):
        if not normalised:
            continue
        label = f"fichier « {filename} », ligne {line}" if filename else f"ligne {line}"
        waiting.append(
            Waiting(
                label=label,
                record=record_of(from_json(normalised), departement),
                candidates=tuple(Candidate(**c) for c in candidates),
                ref=pk,
            )
        )
    return waiting


def journal_decisions(decisions: list, *, departement: str, source, now) -> None:
    """Journal every decision of the engine on a chunk's rows, ``(row, result,
    household_id, reference)``, with ``match_decision_record``'s fields (written in bulk,
    without building instances), and keep its id on the row."""
    rows = [
        {
            "departement_id": departement,
            "household_id": household_id,
            "household_reference": reference,
            "outcome": result.outcome,
            "score": result.score,
            "reason": result.reason[:500],
            "candidates": [
                {"household_id": c.household_id, "score": c.score, "reason": c.reason}
                for c in result.candidates
            ],
            "automatic": True,
            "organisation_id": source.pk,
            "source_kind": SOURCE_KIND,
            "source_id": row.pk,
            "created_at": now,
        }
        for row, result, household_id, reference in decisions
    ]
    ids = insert_values(MatchDecision, rows)
    for (row, *_), pk in zip(decisions, ids, strict=True):
        row.match_decision_id = pk
