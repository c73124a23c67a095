"""Writes of referrals (« orientations »): the one write path of ``Referral``, and the job
sending unanswered ones to the CCAPEX secretariat. Traced end to end: each step leaves a
history entry (SUIVI) with author and organisation; accepting involves the recipient."""

from __future__ import annotations

import datetime

from django.db import transaction

from prevex.access.gate import require_group
from prevex.access.models import InvolvementReason
from prevex.access.services import involvement_add
from prevex.accounts.models import Membership, Organisation, OrganisationType
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel
from prevex.audit.services import WriteEntry
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import anonymised_filter, refuse_anonymised
from prevex.procedures.rules import RuleBook, add_delay

from .choices import AlertKind, ReferralReason, ReferralStatus
from .groups import SUIVI
from .models import Alert, Referral

RULE = "ORIENTATION_DELAI_REPONSE"


def _entry(referral: Referral, summary: str, by, operation="UPDATE") -> WriteEntry:
    return WriteEntry(
        household_id=referral.household_id,
        object_type="ORIENTATION",
        object_id=referral.pk,
        operation=operation,
        field_group=SUIVI,
        summary=summary,
        by=by,
    )


def competent_organisation(*, household, org_type: str) -> Organisation:
    """The organisation of ``org_type`` competent for the household's commune: the one
    serving that commune, else the only one of its type in the département."""
    same_type = Organisation.objects.filter(
        departement_id=household.departement_id, type=org_type, is_active=True
    ).order_by("name", "id")
    local = list(same_type.filter(communes__insee=household.commune_id)[:2])
    candidates = local or list(same_type.filter(communes__isnull=True)[:2]) or list(same_type[:2])
    if not candidates:
        raise BusinessError(
            f"Aucune organisation « {OrganisationType(org_type).label} » dans ce département."
        )
    if len(candidates) > 1:
        raise BusinessError(
            f"Plusieurs organisations « {OrganisationType(org_type).label} » sont compétentes : "
            "choisissez-en une."
        )
    return candidates[0]


@transaction.atomic
def referral_send(
    *,
    household,
    by: Membership,
    reason: str,
    to_organisation: Organisation | None = None,
    to_type: str | None = None,
    message: str = "",
    due_on: datetime.date | None = None,
) -> Referral:
    require_group(
        by,
        household=household,
        group=SUIVI,
        message="Votre organisation n'a pas accès au suivi de ce dossier.",
    )
    refuse_anonymised(household.pk)
    if reason not in ReferralReason.values:
        raise BusinessError(f"Motif inconnu : « {reason} ».")
    if to_organisation is None:
        if not to_type:
            raise BusinessError("Choisissez l'organisation ou le type d'organisation destinataire.")
        to_organisation = competent_organisation(household=household, org_type=to_type)
    if to_organisation.pk == by.organisation_id:
        raise BusinessError("Une organisation ne peut pas s'adresser une orientation à elle-même.")
    if to_organisation.departement_id != household.departement_id or not to_organisation.is_active:
        raise BusinessError(
            "Cette organisation ne peut pas recevoir d'orientation pour ce dossier."
        )
    today = clock.today()
    if due_on is None:
        due_on = add_delay(
            today, RuleBook.for_departement(household.departement_id).get(RULE, on=today)
        )
    if due_on < today:
        raise BusinessError("La date de réponse attendue ne peut pas être passée.")
    if Referral.objects.filter(
        household_id=household.pk, to_organisation=to_organisation, status=ReferralStatus.ENVOYEE
    ).exists():
        raise BusinessError(f"Une orientation vers {to_organisation} attend déjà sa réponse.")
    referral = Referral.objects.create(
        household_id=household.pk,
        departement_id=household.departement_id,
        from_organisation_id=by.organisation_id,
        to_organisation=to_organisation,
        reason=reason,
        message=(message or "").strip(),
        due_on=due_on,
        sent_by_id=by.user_id,
    )
    audit.log_write(
        _entry(
            referral,
            f"Orientation vers {to_organisation} ({referral.get_reason_display().lower()})",
            by,
            "CREATE",
        )
    )
    return referral


def _answer(referral: Referral, by: Membership) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("household", "to_organisation", "from_organisation")
        .get(pk=referral.pk)
    )
    if referral.to_organisation_id != by.organisation_id:
        raise BusinessError("Seule l'organisation destinataire répond à une orientation.")
    refuse_anonymised(referral.household_id)
    if referral.status != ReferralStatus.ENVOYEE:
        raise BusinessError(
            f"Cette orientation a déjà reçu une réponse ({referral.get_status_display().lower()})."
        )
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, by: Membership) -> Referral:
    """The recipient accepts: it is involved in the file (reason ORIENTATION) from today."""
    referral = _answer(referral, by)
    today = clock.today()
    referral.status = ReferralStatus.ACCEPTEE
    referral.answered_by_id = by.user_id
    referral.answered_on = today
    referral.save(update_fields=["status", "answered_by", "answered_on"])
    involvement_add(
        household=referral.household,
        organisation=referral.to_organisation,
        reason=InvolvementReason.ORIENTATION,
        starts_on=today,
        by=by,
    )
    Alert.objects.filter(referral=referral, resolved_on__isnull=True).update(resolved_on=today)
    audit.log_write(_entry(referral, f"Orientation acceptée par {referral.to_organisation}", by))
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by: Membership, reason: str) -> Referral:
    reason = (reason or "").strip()
    if not reason:
        raise BusinessError("Indiquez le motif du refus.")
    referral = _answer(referral, by)
    today = clock.today()
    referral.status = ReferralStatus.REFUSEE
    referral.answered_by_id = by.user_id
    referral.answered_on = today
    referral.decline_reason = reason[:300]
    referral.save(update_fields=["status", "answered_by", "answered_on", "decline_reason"])
    Alert.objects.filter(referral=referral, resolved_on__isnull=True).update(resolved_on=today)
    audit.log_write(_entry(referral, f"Orientation déclinée par {referral.to_organisation}", by))
    return referral


@transaction.atomic
def referrals_overdue_refresh(*, today: datetime.date | None = None) -> int:
    """Job: every referral unanswered past its due date goes to the CCAPEX secretariat of
    its département (one alert per secretariat, once; none for an anonymised file).
    Returns how many were raised."""
    today = today or clock.today()
    overdue = list(
        Referral.objects.filter(status=ReferralStatus.ENVOYEE, due_on__lt=today)
        .exclude(**anonymised_filter(via="household__"))
        .select_related("to_organisation")
        .order_by("id")
    )
    if not overdue:
        return 0
    secretariats: dict[str, list[int]] = {}
    for org in Organisation.objects.filter(
        type=OrganisationType.ETAT_CCAPEX,
        is_active=True,
        departement_id__in={r.departement_id for r in overdue},
    ).order_by("id"):
        secretariats.setdefault(org.departement_id, []).append(org.pk)
    existing = set(
        Alert.objects.filter(
            kind=AlertKind.ORIENTATION_SANS_REPONSE, referral__in=overdue
        ).values_list("referral_id", "organisation_id")
    )
    new = [
        Alert(
            kind=AlertKind.ORIENTATION_SANS_REPONSE,
            household_id=r.household_id,
            departement_id=r.departement_id,
            organisation_id=org_id,
            referral=r,
            message=f"Orientation vers {r.to_organisation} sans réponse depuis le {r.due_on:%d/%m/%Y}",
            due_on=r.due_on,
            raised_on=today,
        )
        for r in overdue
        for org_id in secretariats.get(r.departement_id, ())
        if (r.pk, org_id) not in existing
    ]
    Alert.objects.bulk_create(new)
    return len(new)


def referrals_close_anonymised(household_ids: list[int], *, today: datetime.date) -> int:
    """Retention (prevex/support/retention.py): the referrals of files being anonymised
    still waiting for an answer are closed today, « Close : dossier anonymisé » (the
    recipient could neither accept nor decline them any more, and they would stay in its
    « Orientations » page and count as waiting); one history entry each, written by the
    job. Their tasks close with the file's others. Returns how many were closed."""
    referrals = list(
        Referral.objects.select_for_update().filter(
            household_id__in=household_ids, status=ReferralStatus.ENVOYEE
        )
    )
    for referral in referrals:
        referral.status, referral.answered_on = ReferralStatus.ANONYMISE, today
    Referral.objects.bulk_update(referrals, ["status", "answered_on"], batch_size=500)
    label = ReferralStatus.ANONYMISE.label
    audit.log_writes_many(
        WriteEntry(
            household_id=referral.household_id,
            object_type="ORIENTATION",
            object_id=referral.pk,
            operation="UPDATE",
            field_group=SUIVI,
            summary=f"Orientation {label[0].lower()}{label[1:]}",
            changes=[{"field": "status", "label": "état",
                      "old": ReferralStatus.ENVOYEE.label, "new": label}],
            channel=WriteChannel.SYSTEM,
        )
        for referral in referrals
    )  # fmt: skip
    return len(referrals)
