"""Creating a household by hand after the matcher ran: the one write of the create form.

The household itself is written by ``prevex.households.services.household_create`` (the
one write path), with its blocking keys; this service journals what the
matcher found: a ``NEW`` decision by the agent, with the candidates it was shown or that
were kept from it, so that the secretariat finds every « créé quand même » in its list
of possible duplicates (prevex/matching/duplicates.py ``flagged_creations``).
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from prevex.accounts.models import Membership
from prevex.households.models import Household
from prevex.households.services import household_create

from .duplicates import CREATION_SOURCE
from .models import Outcome
from .selectors import CreationCheck
from .services import match_decision_record


def _reason(check: CreationCheck) -> str:
    if not check.result.candidates:
        return "Nouveau ménage saisi à la main : aucun dossier correspondant."
    parts = []
    if check.shown:
        references = ", ".join(c.reference for c in check.shown)
        parts.append(f"créé quand même, après avoir vu le(s) dossier(s) {references}")
    if check.hidden:
        parts.append(
            f"{check.hidden} dossier(s) correspondant(s) que l'organisation ne peut pas lire "
            "(rien ne lui en a été dit)"
        )
    return "Nouveau ménage saisi à la main, doublon possible : " + " ; ".join(parts) + "."


@transaction.atomic
def household_create_checked(*, by: Membership, check: CreationCheck, **fields) -> Household:
    """Create the household (``fields`` are ``household_create``'s) and journal the check.

    ``check`` is the matcher's answer for these fields (``candidates_for_new_household``);
    the view only calls this once every candidate shown was seen and confirmed.
    """
    household = household_create(by=by, **fields)
    candidates = check.result.candidates
    match_decision_record(
        result=replace(
            check.result,
            outcome=Outcome.NEW,
            household_id=None,
            score=max((c.score for c in candidates), default=0.0),
            reason=_reason(check),
        ),
        source_kind=CREATION_SOURCE,
        source_id=household.pk,
        by=by,
        household=household,
    )
    return household
