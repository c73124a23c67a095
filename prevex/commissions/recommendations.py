"""The commission's recommendations: recorded at the deliberation, followed up by their
addressee (an organisation, or the household through the secretariat).

An addressee organisation is involved in the file (reason RECOMMANDATION) from the day
the recommendation is recorded to its due date plus ``RECOMMANDATION_RELANCE_APRES``
(the last reminder), and gets a task in its work list (``support.external``), closed
when it reports the recommendation implemented, not implemented or refused.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from prevex.access.gate import visible_household_ids
from prevex.access.models import InvolvementReason
from prevex.access.services import involvement_add
from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.audit.models import WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised
from prevex.procedures.rules import RuleBook, add_delay
from prevex.support.choices import AlertKind
from prevex.support.external import source_task_sync, source_tasks_close
from prevex.support.groups import SUIVI

from . import perms
from .choices import CLOSED_STATUSES, AddresseeKind, RecommendationStatus, SessionStatus
from .deliberation import require_deliberating
from .models import AgendaItem, Recommendation, RecommendationType, Session

GRACE_RULE = "RECOMMANDATION_RELANCE_APRES"
TEXT_MAX = 2000
REASON_MAX = 1000
NEEDS_REASON = {RecommendationStatus.NON_MISE_EN_OEUVRE, RecommendationStatus.REFUSEE}


def source_of(recommendation: Recommendation) -> str:
    return f"commissions.recommendation:{recommendation.pk}"


def recommendation_type_for(*, code: str, departement_id: str) -> RecommendationType:
    """The catalogue's type ``code`` for the département (its own row overrides the
    national one, an inactive row included)."""
    rows = {
        row.departement_id: row
        for row in RecommendationType.objects.filter(code=code)
        .filter(Q(departement_id=departement_id) | Q(departement__isnull=True))
        .order_by("id")
    }
    row = rows.get(departement_id) or rows.get(None)
    if row is None or not row.active:
        raise BusinessError(f"Type de recommandation inconnu : « {code} ».")
    return row


def recommendation_types(*, departement_id: str) -> list[RecommendationType]:
    """The catalogue offered in the département: national rows, overridden by its own."""
    rows: dict[str, RecommendationType] = {}
    for row in RecommendationType.objects.filter(departement__isnull=True).order_by("order", "id"):
        rows[row.code] = row
    for row in RecommendationType.objects.filter(departement_id=departement_id).order_by("id"):
        rows[row.code] = row
    return sorted((r for r in rows.values() if r.active), key=lambda r: (r.order, r.code))


def grace_end(*, departement_id: str, due_on: datetime.date) -> datetime.date:
    """The last day the addressee is involved: the due date plus the relance delay."""
    rule = RuleBook.for_departement(departement_id).get(GRACE_RULE, on=due_on)
    return add_delay(due_on, rule)


def task_message(reco: Recommendation, prefix: str = "") -> str:
    addressee = f" ({reco.addressee})" if reco.addressee_id else ""
    return (
        f"{prefix}Recommandation de la commission{addressee} : {reco.type.label}, "
        f"échéance le {reco.due_on:%d/%m/%Y}"
    )


def _entry(reco: Recommendation, summary: str, by, operation=WriteOperation.UPDATE, changes=()):
    return WriteEntry(
        household_id=reco.household_id,
        object_type="RECOMMANDATION",
        object_id=reco.pk,
        operation=operation,
        field_group=SUIVI,
        summary=summary,
        changes=list(changes),
        by=by,
    )


@transaction.atomic
def recommendation_add(
    *,
    item: AgendaItem,
    type_code: str,
    addressee_kind: str,
    due_on: datetime.date,
    by: Membership | None,
    addressee: Organisation | None = None,
    text: str = "",
    today: datetime.date | None = None,
) -> Recommendation:
    today = today or clock.today()
    item = AgendaItem.objects.select_related("household").get(pk=item.pk)
    # The session's row, locked: closing the deliberations waits for this write (or this
    # write sees them closed), and a second click waits for the first, then finds it.
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("commission")
        .get(pk=item.session_id)
    )
    item.session = session
    require_deliberating(session, by)
    refuse_anonymised(item.household_id)
    household = item.household
    reco_type = recommendation_type_for(code=type_code, departement_id=household.departement_id)
    if addressee_kind == AddresseeKind.MENAGE:
        if addressee is not None:
            raise BusinessError("Une recommandation au ménage n'a pas d'organisation destinataire.")
    elif addressee_kind == AddresseeKind.ORGANISATION:
        if addressee is None:
            raise BusinessError("Choisissez l'organisation destinataire de la recommandation.")
        if addressee.departement_id != household.departement_id or not addressee.is_active:
            raise BusinessError(
                "Cette organisation ne peut pas recevoir de recommandation pour ce dossier "
                "(organisation inactive ou d'un autre département)."
            )
    else:
        raise BusinessError("Choisissez le destinataire : le ménage ou une organisation.")
    if due_on is None:
        raise BusinessError("Indiquez l'échéance de la recommandation.")
    if due_on < today:
        raise BusinessError("L'échéance d'une recommandation ne peut pas être passée.")
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise BusinessError(f"Les précisions ne peuvent dépasser {TEXT_MAX} caractères.")
    twin = Recommendation.objects.filter(
        item=item,
        type=reco_type,
        addressee_kind=addressee_kind,
        addressee=addressee,
        due_on=due_on,
        text=text,
    ).exists()
    if twin:
        raise BusinessError(
            f"Cette recommandation est déjà enregistrée pour ce dossier ({reco_type.label}, "
            f"échéance le {due_on:%d/%m/%Y})."
        )
    reco = Recommendation.objects.create(
        item=item,
        household=household,
        departement_id=household.departement_id,
        type=reco_type,
        text=text,
        addressee_kind=addressee_kind,
        addressee=addressee,
        due_on=due_on,
        created_by=by.user if by is not None else None,
    )
    to = str(addressee) if addressee is not None else "au ménage"
    audit.log_write(
        _entry(
            reco,
            f"Recommandation de {session.commission} : {reco_type.label} ({to}), "
            f"échéance le {due_on:%d/%m/%Y}",
            by,
            WriteOperation.CREATE,
        )
    )
    if addressee is not None:
        reco.involvement = involvement_add(
            household=household,
            organisation=addressee,
            reason=InvolvementReason.RECOMMANDATION,
            starts_on=today,
            ends_on=grace_end(departement_id=household.departement_id, due_on=due_on),
            by=by,
        )
        reco.save(update_fields=["involvement"])
        source_task_sync(
            kind=AlertKind.RECOMMANDATION,
            source=source_of(reco),
            organisation_id=addressee.pk,
            household_id=household.pk,
            departement_id=household.departement_id,
            message=task_message(reco),
            due_on=due_on,
            today=today,
        )
    return reco


def may_report(membership: Membership, reco: Recommendation) -> bool:
    """The addressee organisation, or the commission's secretariat (the only one for a
    recommendation to the household)."""
    if perms.manages(membership, reco.item.session.commission):
        return True
    return (
        reco.addressee_kind == AddresseeKind.ORGANISATION
        and reco.addressee_id == membership.organisation_id
    )


@transaction.atomic
def recommendation_report(
    *, recommendation: Recommendation, status: str, by: Membership | None, reason: str = ""
) -> Recommendation:
    reco = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("item__session__commission", "type", "addressee")
        .get(pk=recommendation.pk)
    )
    if by is not None and not may_report(by, reco):
        raise BusinessError(
            "Seule l'organisation destinataire ou le secrétariat de la commission renseigne "
            "le suivi de cette recommandation."
        )
    refuse_anonymised(reco.household_id)
    if status not in RecommendationStatus.values or status == RecommendationStatus.A_FAIRE:
        raise BusinessError(
            "Choisissez le suivi : en cours, mise en œuvre, non mise en œuvre ou refusée."
        )
    reason = (reason or "").strip()
    if status in NEEDS_REASON and not reason:
        raise BusinessError(
            f"Indiquez le motif : une recommandation « {RecommendationStatus(status).label.lower()} » "
            "doit être motivée."
        )
    if len(reason) > REASON_MAX:
        raise BusinessError(f"Le motif ne peut dépasser {REASON_MAX} caractères.")
    manages = by is None or perms.manages(by, reco.item.session.commission)
    if reco.status in CLOSED_STATUSES and not manages:
        raise BusinessError(
            f"Le suivi de cette recommandation est clos ({reco.get_status_display().lower()}) : "
            "seul le secrétariat de la commission peut le corriger."
        )
    if reco.item.session.status == SessionStatus.ANNULEE:
        raise BusinessError("Cette séance a été annulée.")
    if status == reco.status and reason == reco.status_reason:
        return reco
    today = clock.today()
    old = reco.get_status_display()
    reco.status, reco.status_reason, reco.status_on = status, reason, today
    reco.status_by_id = by.organisation_id if by is not None else None
    reco.save(update_fields=["status", "status_reason", "status_on", "status_by"])
    summary = f"Recommandation « {reco.type.label} » : {reco.get_status_display().lower()}"
    changes = [{"field": "status", "label": "Suivi", "old": old, "new": reco.get_status_display()}]
    if reason:
        changes.append({"field": "status_reason", "label": "Motif", "old": "", "new": reason})
    audit.log_write(_entry(reco, summary, by, changes=changes))
    if reco.addressee_id is not None:
        if status in CLOSED_STATUSES:
            source_tasks_close(kind=AlertKind.RECOMMANDATION, source=source_of(reco), today=today)
        else:
            source_task_sync(
                kind=AlertKind.RECOMMANDATION,
                source=source_of(reco),
                organisation_id=reco.addressee_id,
                household_id=reco.household_id,
                departement_id=reco.departement_id,
                message=task_message(reco, prefix="En cours – "),
                due_on=reco.due_on,
                today=today,
            )
    return reco


# --------------------------------------------------------------------------- reads


def recommendations_received(*, membership: Membership) -> dict:
    """The recommendations addressed to the acting organisation, and, for a commission's
    secretariat, those addressed to households (journaled list read). A file is linked
    only while the reader may see it."""
    org = membership.organisation
    base = (
        Recommendation.objects.filter(departement_id=org.departement_id)
        .select_related("type", "addressee", "household__commune", "item__session__commission")
        .order_by("due_on", "id")
    )
    # What is still to do first (soonest due first), then the closed ones, latest first:
    # the page shows at most 500, and years of closed follow-ups must not push an open
    # recommendation out of it.
    mine = base.filter(addressee_id=org.pk)
    received = list(mine.exclude(status__in=CLOSED_STATUSES)[:500])
    received += list(
        mine.filter(status__in=CLOSED_STATUSES).order_by("-due_on", "-id")[: 500 - len(received)]
    )
    to_households = [
        r
        for r in base.filter(addressee_kind=AddresseeKind.MENAGE).exclude(
            status__in=CLOSED_STATUSES
        )[:500]
        if perms.manages(membership, r.item.session.commission)
    ]
    visible = visible_household_ids(
        organisation=org, household_ids=[r.household_id for r in received + to_households]
    )
    for reco in received + to_households:
        reco.file_visible = reco.household_id in visible
        reco.is_closed = reco.status in CLOSED_STATUSES
    audit.log_list_view(membership=membership, what="Commissions : recommandations reçues")
    return {"received": received, "to_households": to_households}


def recommendation_for_report(*, membership: Membership, pk) -> Recommendation:
    reco = (
        Recommendation.objects.select_related("item__session__commission", "type")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if reco is None or not may_report(membership, reco):
        raise Http404("Recommandation introuvable.")
    audit.log_view(
        membership=membership, what="Commission : recommandation", household_id=reco.household_id
    )
    return reco
