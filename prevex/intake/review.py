"""Decisions of the CCAPEX secretariat on the review queue (one transaction each).

* an uncertain match (``MATCH``): « Même ménage » attaches the row to the chosen
  candidate, « Nouveau ménage » creates the household (``household_create_many``, as
  the import would); the act is then recorded through ``event_record_many``
  (``strict=False``, channel « file de revue ») and may itself be flagged; the open
  uncertain matches that follow it (the same person's later rows, ``follows``) are
  attached to the same file;
* an act inconsistent with its procedure (``ORDRE``): « Accepter l'acte » keeps it,
  « Rejeter » removes it and sends the row back to the sender's quarantine;
* a landlord's act held because the file does not record it as landlord (``BAILLEUR``):
  confirmed, the landlord is involved as such and the act recorded as on « Même
  ménage »; not confirmed, nothing is written and the row goes to its quarantine.

Nothing is decided on an anonymised file: a row is not attached to it, its acts are
neither accepted nor withdrawn, it is opened to no newcomer (refused with a French
message; « Nouveau ménage » stays possible for a row).
"""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from prevex.access import gate
from prevex.access.models import InvolvementReason
from prevex.access.policy import files_refused_to_landlord
from prevex.access.services import involvement_grant, involvement_refuse
from prevex.accounts.models import Membership
from prevex.core.errors import BusinessError
from prevex.households.models import Household
from prevex.households.services import (
    contacts_add_many,
    household_create_many,
    refuse_anonymised,
)
from prevex.matching.doubts import compared_files
from prevex.matching.follow_up import review_same_household_follow_up
from prevex.matching.models import MatchDecision
from prevex.matching.phones import phones_learn
from prevex.matching.records import Candidate, MatchResult
from prevex.matching.selectors import merge_survivors
from prevex.matching.services import match_decision_confirm, match_decision_record
from prevex.procedures.models import Channel
from prevex.procedures.services import event_record_many, event_review_accept, event_withdraw

from .attach import act_draft, household_draft, row_contacts
from .doubts import doubts_review
from .items import landlord_review, newcomer_review, open_newcomer_pairs, settle_rows
from .models import (
    ImportRow,
    ReviewDecision,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    RowStatus,
)
from .records import SOURCE_KIND, record_of
from .validation import FieldError, from_json

ANONYMISED_CANDIDATE = (
    "Ce dossier a été anonymisé au terme de sa durée de conservation : la ligne ne peut pas "
    "y être rattachée. Choisissez un autre ménage proposé, ou « Nouveau ménage »."
)
ANONYMISED_FILE = (
    "Ce dossier a été anonymisé au terme de sa durée de conservation : cet élément ne peut "
    "plus être tranché."
)
ALLOWED = {
    ReviewKind.MATCH: (ReviewDecision.MEME_MENAGE, ReviewDecision.NOUVEAU_MENAGE),
    ReviewKind.ORDRE: (ReviewDecision.ACCEPTE, ReviewDecision.REJETE),
    ReviewKind.INTERVENANT: (ReviewDecision.ACCES_ACCORDE, ReviewDecision.ACCES_REFUSE),
    ReviewKind.BAILLEUR: (ReviewDecision.BAILLEUR_OUI, ReviewDecision.BAILLEUR_NON),
}
# A landlord's held row the secretariat did not confirm (« Bailleur à confirmer »): said
# after an agent's decision only; it names no file and no other landlord.
LANDLORD_NOT_CONFIRMED = (
    "Acte non enregistré : le secrétariat de la CCAPEX n'a pas confirmé votre organisation "
    "comme bailleur de ce locataire. Aucune donnée de cette ligne n'a été enregistrée. Si ce "
    "ménage est bien votre locataire, adressez-vous au secrétariat de la CCAPEX."
)


def _check(item: ReviewItem, decision: str, by: Membership) -> None:
    if not gate.is_secretariat_of(by, item.departement_id):
        raise BusinessError("Seul le secrétariat de la CCAPEX du département peut trancher.")
    if item.status != ReviewStatus.OUVERT:
        raise BusinessError("Cet élément a déjà été traité.")
    if decision not in ALLOWED[item.kind]:
        raise BusinessError("Décision impossible pour cet élément.")


def _new_household(row: ImportRow, data: dict, by: Membership) -> Household:
    """The household of the row, as the import would have created it."""
    household = household_create_many(by=by, drafts=[household_draft(data, row.source)])[0]
    # the row opened the file: its mobile number is the household's (matching/phones.py)
    phones_learn(
        [(household.pk, household.departement_id, data.get("telephone"), SOURCE_KIND, row.pk)]
    )
    return household


def _record_act(row: ImportRow, household: Household, data: dict, by: Membership, *, created):
    """The row's act through ``event_record_many`` (``strict=False``: flagged if need
    be), the sender involved, the row's contacts added."""
    act = act_draft(data, row.source, explicit_ground=bool((row.raw or {}).get("motif")))
    act.household_id = household.pk
    result = event_record_many(
        acts=[act],
        by=by,
        channel=Channel.REVIEW,
        strict=False,
        involve_senders=True,
        created_ids={household.pk} if created else set(),
    )[0]
    contacts_add_many(by=by, contacts=row_contacts(household.pk, data))
    pair = (household.pk, row.source_id)
    if result.pending and not result.duplicate and not open_newcomer_pairs({pair}):
        # « nouvel intervenant »: an access request waits for the secretariat (one open
        # item per file and sender)
        review = newcomer_review(row=row, source=row.source, event=result.event)
        review.household = household
        review.save()
    return result


def _decide_match(item: ReviewItem, decision: str, household_id, by: Membership) -> None:
    row = item.row
    data = from_json(row.normalised)
    engine_decision = MatchDecision.objects.filter(pk=row.match_decision_id).first()
    if decision == ReviewDecision.MEME_MENAGE:
        proposed = [c["household_id"] for c in item.candidates]
        survivors = merge_survivors(proposed)  # a candidate merged since: its file now
        allowed = {survivors.get(pk, pk) for pk in proposed}
        try:
            household_id = int(household_id)
        except (TypeError, ValueError):
            household_id = None
        household_id = survivors.get(household_id, household_id)
        if household_id not in allowed:
            raise BusinessError("Choisissez l'un des ménages proposés.")
        household = Household.objects.filter(
            pk=household_id, departement_id=item.departement_id
        ).first()
        if household is None:
            raise BusinessError(
                "Ce ménage n'existe plus (dossier supprimé depuis la mise en revue) : "
                "choisissez un autre ménage proposé, ou « Nouveau ménage »."
            )
        refuse_anonymised(household.pk, message=ANONYMISED_CANDIDATE)
        if engine_decision is not None and engine_decision.outcome == "REVIEW":
            journal = match_decision_confirm(decision=engine_decision, household=household, by=by)
        else:
            journal = None
        if files_refused_to_landlord(row.source, [household.pk]):
            # The identity is settled; a landlord's act about another landlord's tenant
            # still waits for the secretariat (« Bailleur à confirmer »), as on an
            # automatic match: nothing of the row is written until it is confirmed.
            _hold_for_landlord(item, household, journal)
            return
        # The row at a dwelling the file does not know: the household moved (recorded as
        # for an automatic match); the row's way of writing the holder's name is
        # recognised for the next rows (prevex/matching/claims.py).
        review_same_household_follow_up(
            household=household,
            record=record_of(data, item.departement_id),
            on=data.get("date_acte"),
            by=by,
            source_kind=SOURCE_KIND,
            source_id=row.pk,
        )
        household.refresh_from_db()
    else:
        household = _new_household(row, data, by)
        # the rows attached earlier to a namesake's file it may now put in doubt
        candidates = [Candidate(**c) for c in item.candidates]
        doubts_review(
            opened={household.pk: compared_files(household.pk, candidates)},
            departement=item.departement_id,
            by=by,
        )
        journal = match_decision_record(
            result=MatchResult(
                outcome="NEW",
                household_id=None,
                score=0.0,
                reason="Nouveau ménage, décidé par un agent.",
                departement=item.departement_id,
            ),
            source_kind=SOURCE_KIND,
            source_id=row.pk,
            by=by,
            household=household,
        )
    _attach(
        item, household, data, by, created=decision != ReviewDecision.MEME_MENAGE, journal=journal
    )


def _hold_for_landlord(item: ReviewItem, household: Household, journal) -> None:
    row = item.row
    row.household, row.procedure_id, row.event_id = household, None, None
    row.status = RowStatus.REVUE
    if journal is not None:
        row.match_decision_id = journal.pk
    row.save()
    landlord_review(row=row, source=row.source, household_id=household.pk).save()
    item.household = household


def _attach(
    item: ReviewItem, household: Household, data: dict, by: Membership, *, created, journal
):
    """The row's act recorded on ``household`` (``_record_act``), the row pointed at it
    and at its journal, its status, and an « acte incohérent » item if the act is flagged."""
    row = item.row
    result = _record_act(row, household, data, by, created=created)
    event = result.event
    row.household, row.procedure_id, row.event = household, event.procedure_id, event
    if journal is not None:
        row.match_decision_id = journal.pk
    if result.duplicate:
        row.status = RowStatus.DOUBLON
    else:
        row.status = RowStatus.REVUE if result.pending else RowStatus.IMPORTE
    if not result.duplicate and event.flagged:
        row.status = RowStatus.REVUE
        ReviewItem.objects.create(
            kind=ReviewKind.ORDRE,
            departement_id=item.departement_id,
            row=row,
            reason=event.flagged,
            event=event,
            household=household,
        )
    row.save()
    item.household = household


def _decide_landlord(item: ReviewItem, decision: str, by: Membership) -> None:
    """« Bailleur à confirmer »: the secretariat confirms that the sender is the
    household's landlord — it is involved with reason ``BAILLEUR`` (``involvement_grant``:
    its landlord of record from now on) and its held act is recorded through the normal
    write path, as on « Même ménage » — or not: nothing is written, the row goes to the
    sender's quarantine. The sender's other held rows on the same file are settled alike
    (each with its own act, in the order received)."""
    household, source = item.household, item.row.source
    confirmed = decision == ReviewDecision.BAILLEUR_OUI
    if household is None and confirmed:  # refusing writes nothing: still possible
        raise BusinessError("Ce dossier n'existe plus (fusionné ou supprimé).")
    siblings = (
        []
        if household is None
        else list(
            ReviewItem.objects.select_for_update()
            .filter(
                kind=ReviewKind.BAILLEUR,
                status=ReviewStatus.OUVERT,
                household=household,
                row__source=source,
            )
            .exclude(pk=item.pk)
            .select_related("row", "row__source")
            .order_by("row_id", "id")
        )
    )
    held = sorted([item, *siblings], key=lambda one: (one.row_id, one.pk))
    if confirmed:
        involvement_grant(
            household=household, organisation=source, by=by, reason=InvolvementReason.BAILLEUR
        )
        for one in held:
            _record_held(one, household, by)
    else:
        for one in held:
            row = one.row
            row.status = RowStatus.QUARANTAINE
            row.procedure, row.event = None, None  # the file kept, as for a rejected act
            row.errors = [
                FieldError(
                    "locataire_nom",
                    (row.raw or {}).get("locataire_nom", ""),
                    LANDLORD_NOT_CONFIRMED,
                ).as_dict()
            ]
            row.save()
    now = timezone.now()
    for other in siblings:
        other.status, other.decision = ReviewStatus.TRAITE, decision
        other.decided_by, other.decided_at = by.user, now
        other.save(update_fields=["status", "decision", "decided_by", "decided_at"])


def _record_held(item: ReviewItem, household: Household, by: Membership) -> None:
    """A held row of a confirmed landlord: what an automatic match would have done with
    it (the move, the name's form, the act, the contacts), journaled as the agent's."""
    data = from_json(item.row.normalised)
    row = item.row
    review_same_household_follow_up(
        household=household,
        record=record_of(data, item.departement_id),
        on=data.get("date_acte"),
        by=by,
        source_kind=SOURCE_KIND,
        source_id=row.pk,
    )
    household.refresh_from_db()
    journal = match_decision_record(
        result=MatchResult(
            outcome="MATCH",
            household_id=household.pk,
            score=item.score or 1.0,
            reason="Rattachement confirmé par le secrétariat : l'expéditeur est le bailleur "
            "du ménage.",
            departement=item.departement_id,
        ),
        source_kind=SOURCE_KIND,
        source_id=row.pk,
        by=by,
        household=household,
    )
    _attach(item, household, data, by, created=False, journal=journal)


def _settle_followers(item: ReviewItem, by: Membership) -> None:
    """The open uncertain matches that follow this one (``follows``: the same person, at an
    automatic score, whose row came while this one waited) are attached to the file this
    row was attached to or opened for, each with its own act, decided by the same agent;
    then theirs in turn."""
    household = item.household
    if household is None:
        return
    followers = (
        ReviewItem.objects.select_for_update()
        .filter(follows=item, kind=ReviewKind.MATCH, status=ReviewStatus.OUVERT)
        .select_related("row", "row__source")
        .order_by("id")
    )
    for other in followers:
        chosen = Candidate(
            household.pk,
            other.score or 0.0,
            f"dossier choisi pour la ligne {item.row.sent_line} que cette ligne répète",
            household.reference,
        )
        other.candidates = [
            dataclasses.asdict(chosen),
            *(c for c in other.candidates if c.get("household_id") != household.pk),
        ]
        _decide_match(other, ReviewDecision.MEME_MENAGE, household.pk, by)
        other.status, other.decision = ReviewStatus.TRAITE, ReviewDecision.MEME_MENAGE
        other.decided_by, other.decided_at = by.user, timezone.now()
        other.save()
        _settle_followers(other, by)


def _decide_order(item: ReviewItem, decision: str, by: Membership) -> None:
    row = item.row
    if decision == ReviewDecision.ACCEPTE:
        if item.event is not None:  # from now on the act counts for the deadlines
            event_review_accept(event=item.event, by=by)
        if not row.reviews.filter(status=ReviewStatus.OUVERT).exclude(pk=item.pk).exists():
            row.status = RowStatus.IMPORTE
            row.save(update_fields=["status", "updated_at"])
        return
    event = item.event
    if event is not None:
        item.event = None
        event_withdraw(event=event, by=by)
    row.status = RowStatus.QUARANTAINE
    row.event, row.procedure = None, None
    row.errors = [
        FieldError(
            "type_acte",
            (row.normalised or {}).get("type_acte", ""),
            f"Acte rejeté par le secrétariat de la CCAPEX : {item.reason}",
        ).as_dict()
    ]
    row.save()


def _settle_row(row: ImportRow, *, but: int) -> None:
    """A row in review whose last open item is settled is imported."""
    if row.status == RowStatus.REVUE and settle_rows({row.pk}, but=but):
        row.status = RowStatus.IMPORTE


def _decide_newcomer(item: ReviewItem, decision: str, by: Membership) -> None:
    """Open the file to the sender (``involvement_grant``), or keep it closed; the other
    open « nouvel intervenant » items of the same file and sender are settled alike."""
    household, source = item.household, item.row.source
    if household is None:
        raise BusinessError("Ce dossier n'existe plus (fusionné ou supprimé).")
    if decision == ReviewDecision.ACCES_ACCORDE:
        involvement_grant(household=household, organisation=source, by=by)
    else:
        involvement_refuse(household=household, organisation=source, by=by)
    siblings = (
        ReviewItem.objects.select_for_update()
        .filter(
            kind=ReviewKind.INTERVENANT,
            status=ReviewStatus.OUVERT,
            household=household,
            row__source=source,
        )
        .exclude(pk=item.pk)
        .select_related("row")
        .order_by("id")
    )
    now = timezone.now()
    for other in siblings:
        other.status, other.decision = ReviewStatus.TRAITE, decision
        other.decided_by, other.decided_at = by.user, now
        other.save(update_fields=["status", "decision", "decided_by", "decided_at"])
        _settle_row(other.row, but=other.pk)
    _settle_row(item.row, but=item.pk)
    # The sender's other rows on this file that waited on the same decision (one open item
    # per file and sender): in review, and with no open item of their own.
    waiting = (
        ImportRow.objects.select_for_update()
        .filter(status=RowStatus.REVUE, household=household, source=source)
        .exclude(pk=item.row_id)
        .order_by("id")
    )
    for row in waiting:
        _settle_row(row, but=item.pk)


@transaction.atomic
def review_decide(
    *, item: ReviewItem, decision: str, by: Membership, household_id=None
) -> ReviewItem:
    """Settle one review item (see the module docstring)."""
    item = (
        ReviewItem.objects.select_for_update().select_related("row", "row__source").get(pk=item.pk)
    )
    _check(item, decision, by)
    if item.household_id is not None:  # an act on a file, or a newcomer to it
        refuse_anonymised(item.household_id, message=ANONYMISED_FILE)
    if item.kind == ReviewKind.MATCH:
        _decide_match(item, decision, household_id, by)
        _settle_followers(item, by)
    elif item.kind == ReviewKind.INTERVENANT:
        _decide_newcomer(item, decision, by)
    elif item.kind == ReviewKind.BAILLEUR:
        _decide_landlord(item, decision, by)
    else:
        _decide_order(item, decision, by)
    item.status, item.decision = ReviewStatus.TRAITE, decision
    item.decided_by, item.decided_at = by.user, timezone.now()
    item.save()
    return item
