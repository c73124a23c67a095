"""Anonymisation at the end of the retention period (matching side; called by
prevex/lifecycle/retention.py): the one write path for it.

The journal of decisions keeps every decision (outcome, score, automatic or not, who,
when, the file and the source, the candidates' files and scores, what a merge or a
split moved), not the reasons in French, which may quote a name or an address the
engine compared (« nom écrit comme déjà reconnu (…) », « ancienne adresse du ménage
(…) »): the decisions about these files lose their reason and their candidates'
reasons; a decision about another file that compared one of them loses that
candidate's reason, and its own reason when it repeats it. The declared data to confirm
(``HouseholdClaim``) keep their kind and status, not the name or date declared; those
still pending are closed (``claims_close``: « Close : dossier anonymisé »). The mobile
numbers that identified the files (``KnownPhone``) are deleted.
"""

from __future__ import annotations

from prevex.core.sql import json_mentions

from .claims import claims_close_anonymised
from .models import HouseholdClaim, MatchDecision
from .phones import phones_forget


def claims_close(household_ids: list[int]) -> int:
    """Close these households' pending claims (in the caller's transaction)."""
    return claims_close_anonymised(household_ids)


def candidates_without_reasons(candidates, household_ids: set[int] | None) -> tuple[list, list]:
    """(the candidates with the reasons of ``household_ids``' entries emptied — every
    entry when ``None`` —, the reasons removed). Used for the review items too
    (prevex/intake/retention.py)."""
    kept, removed = [], []
    for candidate in candidates if isinstance(candidates, list) else []:
        if isinstance(candidate, dict) and (
            household_ids is None or candidate.get("household_id") in household_ids
        ):
            if candidate.get("reason"):
                removed.append(candidate["reason"])
            candidate = {**candidate, "reason": ""}
        kept.append(candidate)
    return kept, removed


def reason_without(reason: str, removed: list[str]) -> str:
    """``reason``, or nothing when it repeats one of the ``removed`` reasons."""
    return "" if any(r and r in reason for r in removed) else reason


def decisions_clear(household_ids: list[int]) -> int:
    """Clear these households' traces in the matching journal (idempotent); returns the
    decisions written."""
    ids = {int(pk) for pk in household_ids}
    if not ids:
        return 0
    own = list(MatchDecision.objects.filter(household_id__in=ids))
    compared = list(
        json_mentions(
            MatchDecision.objects.exclude(household_id__in=ids), "candidates", "household_id", ids
        )
    )
    for decision in own:
        decision.candidates, _ = candidates_without_reasons(decision.candidates, None)
        decision.reason = ""
    for decision in compared:
        decision.candidates, removed = candidates_without_reasons(decision.candidates, ids)
        decision.reason = reason_without(decision.reason, removed)
    decisions = own + compared
    MatchDecision.objects.bulk_update(decisions, ["reason", "candidates"], batch_size=500)
    HouseholdClaim.objects.filter(household_id__in=ids).update(
        last_name="", first_name="", birth_date=None
    )
    phones_forget(ids)  # the mobile numbers that identified them
    return len(decisions)
