"""Corrections of matches by the CCAPEX secretariat: merge, split, undo. All journaled.

- ``household_merge`` moves everything of ``absorb`` into ``keep`` (members without
  duplicates, contacts, vulnerabilities, involvements, procedures with their events,
  past decisions, and any other row of another app that points at the household), then
  deletes ``absorb``; its reference stays in the journal.
- ``household_split`` undoes a wrong match: a new household with the same dwelling and
  lease holders receives the given procedures (events follow their procedure).
- ``match_decision_undo`` marks a decision undone and, when procedures are given,
  splits them off.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.core.errors import BusinessError
from prevex.households.merging import household_absorb, household_copy, involvements_copy
from prevex.households.models import Household
from prevex.households.services import anonymised_among
from prevex.procedures.models import Event, Procedure
from prevex.procedures.services import procedures_move

from .models import MatchDecision, Outcome
from .perms import may_correct_matches


def _check_allowed(by: Membership | None, departement: str) -> None:
    if by is not None and not may_correct_matches(by, departement=departement):
        raise BusinessError(
            "Seul le secrétariat de la CCAPEX du département peut fusionner, séparer "
            "ou annuler des rapprochements de dossiers."
        )


def _refuse_anonymised(households: list[Household], done: str) -> None:
    """An anonymised file is neither merged (either way: its acts would be tied to a
    named household again, or names would go back into it) nor split."""
    anonymised = anonymised_among(h.pk for h in households)
    for household in households:
        if household.pk in anonymised:
            raise BusinessError(
                f"Le dossier {household.reference} a été anonymisé au terme de sa durée de "
                f"conservation : il ne peut plus être {done} ni modifié."
            )


def _journal(
    *, outcome: str, household: Household, by: Membership | None, reason: str, source_id: int,
    details: dict,
) -> MatchDecision:  # fmt: skip
    return MatchDecision.objects.create(
        departement_id=household.departement_id,
        household=household,
        household_reference=household.reference,
        outcome=outcome,
        score=1.0,
        reason=reason[:500],
        details=details,
        automatic=by is None,
        decided_by=by.user if by else None,
        organisation=by.organisation if by else None,
        source_kind="household",
        source_id=source_id,
    )


@transaction.atomic
def household_merge(*, keep: Household, absorb: Household, by: Membership | None) -> Household:
    """Merge ``absorb`` into ``keep`` (same département), journal it, delete ``absorb``."""
    if keep.pk == absorb.pk:
        raise BusinessError("Un dossier ne peut pas être fusionné avec lui-même.")
    if keep.departement_id != absorb.departement_id:
        raise BusinessError(
            f"Les dossiers {keep.reference} et {absorb.reference} relèvent de départements "
            "différents : ils ne peuvent pas être fusionnés."
        )
    _check_allowed(by, keep.departement_id)
    locked = {
        h.pk: h
        for h in Household.objects.select_for_update()
        .select_related("commune")
        .filter(pk__in=[keep.pk, absorb.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise BusinessError("L'un des deux dossiers n'existe plus.")
    keep, absorb = locked[keep.pk], locked[absorb.pk]
    _refuse_anonymised([absorb, keep], "fusionné")
    procedure_ids = list(
        Procedure.objects.filter(household=absorb).order_by("id").values_list("pk", flat=True)
    )
    open_procedures = Procedure.objects.filter(
        household__in=[keep, absorb], closed_on__isnull=True
    ).count()
    if open_procedures > 1:
        raise BusinessError(
            f"Les dossiers {keep.reference} et {absorb.reference} ont chacun une procédure en "
            "cours : un ménage n'a qu'une procédure en cours à la fois. Clôturez l'une des "
            "deux avant de fusionner les dossiers."
        )
    absorbed_reference, absorbed_id = absorb.reference, absorb.pk
    moved = household_absorb(keep=keep, absorb=absorb, by=by)
    reason = f"Fusion du dossier {absorbed_reference} dans le dossier {keep.reference}."
    _journal(
        outcome=Outcome.MERGE,
        household=keep,
        by=by,
        reason=reason,
        source_id=absorbed_id,
        details={"absorbed_reference": absorbed_reference, "procedure_ids": procedure_ids, **moved},
    )
    return keep


def _split(
    *, household: Household, procedure_ids: Iterable[int], by: Membership | None, note: str = ""
) -> Household:
    ids = sorted({int(pk) for pk in procedure_ids})
    if not ids:
        raise BusinessError("Choisissez au moins une procédure à détacher du dossier.")
    _check_allowed(by, household.departement_id)
    original = Household.objects.select_for_update().select_related("commune").get(pk=household.pk)
    _refuse_anonymised([original], "séparé")
    found = set(
        Procedure.objects.filter(household=original, pk__in=ids).values_list("pk", flat=True)
    )
    if found != set(ids):
        raise BusinessError(
            f"Certaines procédures choisies n'appartiennent pas au dossier {original.reference}."
        )
    new = household_copy(household=original, by=by)
    procedures_move(procedure_ids=ids, household=new, by=by)
    senders = set(
        Event.objects.filter(procedure_id__in=ids, source__isnull=False)
        .order_by()
        .values_list("source_id", flat=True)
        .distinct()
    )
    involvements = involvements_copy(original=original, new=new, organisation_ids=senders, by=by)
    plural = "s" if len(ids) > 1 else ""
    reason = (
        f"Séparation : {len(ids)} procédure{plural} du dossier {original.reference} "
        f"déplacée{plural} vers le nouveau dossier {new.reference}."
    )
    _journal(
        outcome=Outcome.SPLIT,
        household=new,
        by=by,
        reason=f"{reason} {note}".strip(),
        source_id=original.pk,
        details={
            "from_reference": original.reference,
            "procedure_ids": ids,
            "involvements_copied": involvements,
        },
    )
    return new


@transaction.atomic
def household_split(
    *, household: Household, procedure_ids: Iterable[int], by: Membership | None
) -> Household:
    """Move ``procedure_ids`` (with their events) to a new copy of ``household``."""
    return _split(household=household, procedure_ids=procedure_ids, by=by)


@transaction.atomic
def match_decision_undo(
    *, decision: MatchDecision, by: Membership | None, procedure_ids: Iterable[int] = ()
) -> MatchDecision:
    """Mark ``decision`` undone; with ``procedure_ids``, split them off its household."""
    decision = MatchDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.undone_at is not None:
        raise BusinessError("Cette décision de rapprochement a déjà été annulée.")
    if decision.outcome == Outcome.MERGE:
        raise BusinessError(
            "Une fusion ne peut pas être annulée telle quelle : séparez les procédures "
            "concernées vers un nouveau dossier."
        )
    _check_allowed(by, decision.departement_id)
    procedure_ids = list(procedure_ids)
    if procedure_ids:
        if decision.household is None:
            raise BusinessError("Le dossier de cette décision n'existe plus.")
        _split(
            household=decision.household,
            procedure_ids=procedure_ids,
            by=by,
            note=f"Annulation du rapprochement n° {decision.pk}.",
        )
    decision.undone_at = timezone.now()
    decision.undone_by = by.user if by else None
    decision.save(update_fields=["undone_at", "undone_by"])
    return decision
