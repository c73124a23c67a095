"""Anonymisation at the end of the retention period (commissions side; called by
prevex/lifecycle/retention.py): the one write path for it.

Removed: the saisines' statement, the frozen summaries (« fiche de synthèse figée », full
of names: the document goes, ``frozen_at`` stays, so the item reads as frozen and the
pages show the anonymised file instead), the commission's opinion on the file, the
recommendations' details and follow-up reason, the reasoning of the préfecture's
decisions on the « concours de la force publique » and the notes of their criteria.
Kept: reasons, statuses, dates, positions, the recommendations' types, addressees and
outcomes, the decisions and whether each criterion was met (label and answer), the
one-year outcomes: what the statistics count. The sessions' general observations
(``Session.opinion``) are not a file's, but a secretary may name a household in them:
the observations of a session of the files' départements that mention one of them
(``search_terms``: surnames, contacts, address lines; ``prevex.core.text.Mentions``, as
for the journal's searches and the import files' names) are replaced as a whole by
``ANONYMISED_OBSERVATIONS`` — a passage cannot be cut out safely, the next sentence may
describe the same household without naming it. The other free texts of the app are not
a household's (a commission's name and territory, a session's place and video link, who
represented an organisation, the département's CFP criteria, the catalogue's labels).

``commission_work_close``: the saisines still waiting for an agenda are closed
(« Close : dossier anonymisé »), through the saisines' services.
"""

from __future__ import annotations

from prevex.core.text import Mentions
from prevex.households.models import Household

from .models import AgendaItem, CfpDecisionRecord, Recommendation, Saisine, Session
from .saisines import saisines_close_anonymised

ANONYMISED_OBSERVATIONS = (
    "(observations effacées à l'anonymisation d'un dossier qu'elles nommaient)"
)


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


def _observations_clear(household_ids: list[int], search_terms) -> int:
    mentions = Mentions(search_terms)
    if not mentions:
        return 0
    departements = set(
        Household.objects.filter(pk__in=household_ids)
        .values_list("departement_id", flat=True)
        .order_by()
    )
    named = [
        pk
        for pk, text in Session.objects.filter(departement_id__in=departements)
        .exclude(opinion="")
        .exclude(opinion=ANONYMISED_OBSERVATIONS)
        .values_list("pk", "opinion")
        .order_by()
        .iterator(chunk_size=2000)
        if mentions(text)
    ]
    return Session.objects.filter(pk__in=named).update(opinion=ANONYMISED_OBSERVATIONS)


def commission_texts_clear(household_ids: list[int], *, search_terms=()) -> int:
    """Clear these households' commission texts (idempotent); returns the rows written.
    ``search_terms``: what names them (prevex/households/retention.py)."""
    written = _observations_clear(household_ids, search_terms)
    written += Saisine.objects.filter(household_id__in=household_ids).update(motive="")
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
