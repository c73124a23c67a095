"""Anonymisation at the end of the retention period (commissions side; called by
prevex/lifecycle/retention.py): the one write path for it.

Removed: the saisines' statement, the frozen summaries (« fiche de synthèse figée », full
of names: the document goes, ``frozen_at`` stays, so the item reads as frozen and the
pages show the anonymised file instead), the commission's opinion on the file, the
recommendations' details and follow-up reason, the reasoning of the préfecture's
decisions on the « concours de la force publique » and the notes of their criteria.
Kept: reasons, statuses, dates, positions, the recommendations' types, addressees and
outcomes, the decisions and whether each criterion was met (label and answer), the
one-year outcomes: what the statistics count. The sessions' general observations are
not a file's: they stay.

``commission_work_close``: the saisines still waiting for an agenda are closed
(« Close : dossier anonymisé »), through the saisines' services.
"""

from __future__ import annotations

from .models import AgendaItem, CfpDecisionRecord, Recommendation, Saisine
from .saisines import saisines_close_anonymised


def commission_work_close(household_ids: list[int]) -> int:
    """Close these households' saisines still waiting (in the caller's transaction)."""
    return saisines_close_anonymised(household_ids)


def _criteria_without_notes(criteria) -> dict:
    if not isinstance(criteria, dict):
        return {}
    return {
        key: {"label": value.get("label", ""), "met": value.get("met"), "note": ""}
        if isinstance(value, dict)
        else {"label": "", "met": value if isinstance(value, bool) else None, "note": ""}
        for key, value in criteria.items()
    }


def commission_texts_clear(household_ids: list[int]) -> int:
    """Clear these households' commission texts (idempotent); returns the rows written."""
    written = Saisine.objects.filter(household_id__in=household_ids).update(motive="")
    written += AgendaItem.objects.filter(household_id__in=household_ids).update(
        summary=None, opinion=""
    )
    written += Recommendation.objects.filter(household_id__in=household_ids).update(
        text="", status_reason=""
    )
    records = list(CfpDecisionRecord.objects.filter(household_id__in=household_ids))
    for record in records:
        record.reasoning = ""
        record.criteria = _criteria_without_notes(record.criteria)
    CfpDecisionRecord.objects.bulk_update(records, ["reasoning", "criteria"], batch_size=500)
    return written + len(records)
