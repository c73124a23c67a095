"""What an ingestion returns, per row and for the whole batch (shared by files and API)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .validation import FieldError


@dataclass
class RowResult:
    """The outcome of one notification row.

    ``status`` is one of ``IMPORTE``, ``MIS_A_JOUR``, ``DOUBLON``, ``QUARANTAINE``,
    ``REVUE``; ``row_id`` is the stored ``ImportRow`` (for a duplicate: the row it
    duplicates); ``errors`` explain a quarantine (French messages per column).
    """

    row_id: int | None
    line: int
    status: str
    errors: list[FieldError] = field(default_factory=list)
    household_id: int | None = None
    procedure_id: int | None = None
    event_id: int | None = None


@dataclass
class IngestResult:
    batch_id: int
    summary: dict[str, int]
    results: list[RowResult]


def empty_summary() -> dict[str, int]:
    return {"lus": 0, "importes": 0, "mis_a_jour": 0, "doublons": 0, "quarantaine": 0, "revue": 0}


STATUS_TO_KEY = {
    "IMPORTE": "importes",
    "MIS_A_JOUR": "mis_a_jour",
    "DOUBLON": "doublons",
    "QUARANTAINE": "quarantaine",
    "REVUE": "revue",
}


def summarise(results: list[RowResult]) -> dict[str, int]:
    summary = empty_summary()
    summary["lus"] = len(results)
    for result in results:
        summary[STATUS_TO_KEY[result.status]] += 1
    return summary
