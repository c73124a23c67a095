"""Decisions of the CCAPEX secretariat on the review queue (one transaction each).

* an uncertain match (``MATCH``): « Même ménage » attaches the row to the chosen
  candidate, « Nouveau ménage » creates the household; the act is then recorded through
  ``procedure_open`` / ``event_record`` (``strict=False``) and may itself be flagged;
* an act inconsistent with its procedure (``ORDRE``): « Accepter l'acte » keeps it,
  « Rejeter » removes it and sends the row back to the sender's quarantine.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prevex.access import gate, policy
from prevex.access.services import involvement_grant, involvement_refuse, involvement_request
from prevex.accounts.models import Membership, OrganisationType
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.models import Commune
from prevex.households.models import (
    ContactChannel,
    ContactKind,
    Household,
    InvolvementReason,
    LandlordType,
    MemberRole,
    Parc,
)
from prevex.households.services import household_create, involvement_add
from prevex.matching.keys import household_keys_refresh
from prevex.matching.models import MatchDecision
from prevex.matching.records import MatchResult
from prevex.matching.services import match_decision_confirm, match_decision_record
from prevex.procedures.models import Event, Procedure
from prevex.procedures.services import event_record, procedure_open, procedure_refresh

from .engine import SOURCE_KIND
from .items import newcomer_review
from .models import (
    ImportRow,
    ReviewDecision,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    RowStatus,
)
from .validation import FieldError, from_json

ALLOWED = {
    ReviewKind.MATCH: (ReviewDecision.MEME_MENAGE, ReviewDecision.NOUVEAU_MENAGE),
    ReviewKind.ORDRE: (ReviewDecision.ACCEPTE, ReviewDecision.REJETE),
    ReviewKind.INTERVENANT: (ReviewDecision.ACCES_ACCORDE, ReviewDecision.ACCES_REFUSE),
}


def _check(item: ReviewItem, decision: str, by: Membership) -> None:
    if not gate.is_secretariat_of(by, item.departement_id):
        raise BusinessError("Seul le secrétariat de la CCAPEX du département peut trancher.")
    if item.status != ReviewStatus.OUVERT:
        raise BusinessError("Cet élément a déjà été traité.")
    if decision not in ALLOWED[item.kind]:
        raise BusinessError("Décision impossible pour cet élément.")


def _new_household(row: ImportRow, data: dict, by: Membership) -> Household:
    source = row.source
    landlord = source if source.is_landlord else None
    landlord_type = data["bailleur_type"] or (
        LandlordType.BAILLEUR_SOCIAL if source.type == OrganisationType.BAILLEUR_SOCIAL else ""
    )
    members = [
        {
            "role": MemberRole.TITULAIRE,
            "last_name": data["locataire_nom"],
            "first_name": data["locataire_prenom"],
            "birth_date": data["locataire_date_naissance"],
        }
    ]
    if data["cotitulaire_nom"]:
        members.append(
            {
                "role": MemberRole.COTITULAIRE,
                "last_name": data["cotitulaire_nom"],
                "first_name": data["cotitulaire_prenom"],
            }
        )
    household = household_create(
        by=by,
        departement=row.departement_id,
        composition="AUTRE",
        address=data["adresse"],
        postal_code=data["code_postal"],
        commune=Commune.objects.get(pk=data["code_commune"]),
        parc=data["parc"]
        or (Parc.SOCIAL if landlord_type == LandlordType.BAILLEUR_SOCIAL else Parc.PRIVE),
        rent=data["loyer_mensuel"] or 0,
        charges=data["charges_mensuelles"] or 0,
        landlord=landlord,
        landlord_name=data["bailleur_nom"],
        landlord_type=landlord_type,
        members=members,
    )
    household_keys_refresh(household=household)
    return household


def _add_contacts(household: Household, data: dict) -> None:
    known = set(ContactChannel.objects.filter(household=household).values_list("kind", "value"))
    for kind, column in ((ContactKind.TELEPHONE, "telephone"), (ContactKind.EMAIL, "email")):
        value = data.get(column) or ""
        if value and (kind.value, value) not in known:
            ContactChannel.objects.create(household=household, kind=kind, value=value)


def _record_act(
    row: ImportRow, household: Household, data: dict, by: Membership, *, created: bool = False
) -> Event:
    fields = {
        "debt_amount": data["montant_dette"],
        "hearing_date": data["date_audience"],
        "decision": data["decision"],
        "contradictoire": data["contradictoire"],
        "cfp_decision": data["cfp_decision"],
        "notes": data["observations"],
        "source": row.source,
        "reference": data["reference_acte"],
        "strict": False,
    }
    procedure = (
        Procedure.objects.filter(household=household, closed_on__isnull=True)
        .order_by("opened_on", "id")
        .first()
    )
    if procedure is None:
        procedure = procedure_open(
            household=household,
            ground=data["motif"],
            stage=data["type_acte"],
            date=data["date_acte"],
            by=by,
            **fields,
        )
        event = Event.objects.filter(procedure=procedure).order_by("-id").first()
    else:
        event = event_record(
            procedure=procedure, stage=data["type_acte"], date=data["date_acte"], by=by, **fields
        )
    _sender_access(row, household, event, by, created=created)
    _add_contacts(household, data)
    return event


def _sender_access(row: ImportRow, household: Household, event: Event, by, *, created: bool):
    """The sender's access to the file: involved if it created it or a rule allows it,
    else an access request and a « nouvel intervenant » item (granted, never taken)."""
    source = row.source
    if gate.organisation_is_secretariat(source):
        return
    access = policy.sender_access(
        organisation=source,
        landlord_id=household.landlord_id,
        served_open_procedure=Event.objects.filter(
            procedure_id=event.procedure_id, source=source, procedure__closed_on__isnull=True
        )
        .exclude(pk=event.pk)
        .exists(),
        involved=gate.is_involved(organisation_id=source.pk, household_id=household.pk),
        requested=bool(
            policy.requested_household_ids(organisation_id=source.pk, household_ids=[household.pk])
        ),
        rules=policy.access_rules(household.departement_id),
    )
    if created or access.sees:
        if access.verdict != policy.INVOLVED:
            involvement_add(
                household=household,
                organisation=source,
                reason=access.reason or InvolvementReason.ACTE,
                starts_on=clock.today(),
                by=by,
            )
        return
    involvement_request(household=household, organisation=source)
    review = newcomer_review(row=row, source=source, event=event)
    review.household = household
    review.save()
    row.status = RowStatus.REVUE


def _decide_match(item: ReviewItem, decision: str, household_id, by: Membership) -> None:
    row = item.row
    data = from_json(row.normalised)
    engine_decision = MatchDecision.objects.filter(pk=row.match_decision_id).first()
    if decision == ReviewDecision.MEME_MENAGE:
        allowed = {c["household_id"] for c in item.candidates}
        try:
            household_id = int(household_id)
        except (TypeError, ValueError):
            household_id = None
        if household_id not in allowed:
            raise BusinessError("Choisissez l'un des ménages proposés.")
        household = Household.objects.get(pk=household_id, departement_id=item.departement_id)
        if engine_decision is not None and engine_decision.outcome == "REVIEW":
            journal = match_decision_confirm(decision=engine_decision, household=household, by=by)
        else:
            journal = None
    else:
        household = _new_household(row, data, by)
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
    row.status = RowStatus.IMPORTE
    event = _record_act(row, household, data, by, created=decision != ReviewDecision.MEME_MENAGE)
    row.household, row.procedure_id, row.event = household, event.procedure_id, event
    if journal is not None:
        row.match_decision_id = journal.pk
    if event.flagged:
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


def _decide_order(item: ReviewItem, decision: str) -> None:
    row = item.row
    if decision == ReviewDecision.ACCEPTE:
        if not row.reviews.filter(status=ReviewStatus.OUVERT).exclude(pk=item.pk).exists():
            row.status = RowStatus.IMPORTE
            row.save(update_fields=["status", "updated_at"])
        return
    event = item.event
    if event is not None:
        procedure = event.procedure
        event.delete()
        item.event = None
        if Event.objects.filter(procedure=procedure).exists():
            procedure_refresh(procedure=procedure)
        else:
            procedure.delete()
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
    if row.status == RowStatus.REVUE and not (
        row.reviews.filter(status=ReviewStatus.OUVERT).exclude(pk=but).exists()
    ):
        row.status = RowStatus.IMPORTE
        row.save(update_fields=["status", "updated_at"])


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


@transaction.atomic
def review_decide(
    *, item: ReviewItem, decision: str, by: Membership, household_id=None
) -> ReviewItem:
    """Settle one review item (see the module docstring)."""
    item = (
        ReviewItem.objects.select_for_update().select_related("row", "row__source").get(pk=item.pk)
    )
    _check(item, decision, by)
    if item.kind == ReviewKind.MATCH:
        _decide_match(item, decision, household_id, by)
    elif item.kind == ReviewKind.INTERVENANT:
        _decide_newcomer(item, decision, by)
    else:
        _decide_order(item, decision)
    item.status, item.decision = ReviewStatus.TRAITE, decision
    item.decided_by, item.decided_at = by.user, timezone.now()
    item.save()
    return item
