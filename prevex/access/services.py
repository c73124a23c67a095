"""Writes of the access app: involvements and their requests (one transaction each).

``involvement_grant`` is the only way an organisation gets a file it asked for by
sending an act: the secretariat of the CCAPEX of the département confirms, and the
request row keeps who decided, for which organisation, and when.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError

from .gate import is_secretariat_of
from .history import involvement_end_entry, involvement_entry
from .models import Involvement, InvolvementReason, InvolvementRequest, RequestStatus


def involvement_add(
    *,
    household,
    organisation: Organisation,
    reason: str,
    starts_on: datetime.date,
    by: Membership | None,
    ends_on: datetime.date | None = None,
) -> Involvement:
    """Involve ``organisation`` in ``household`` (idempotent for an open row of the
    same reason). Callers decide whether it is due (a form, a rule, the secretariat)."""
    if organisation.departement_id != household.departement_id:
        raise BusinessError(
            "Une organisation d'un autre département ne peut pas être impliquée dans ce dossier."
        )
    existing = (
        Involvement.objects.filter(
            household_id=household.pk,
            organisation=organisation,
            reason=reason,
            ends_on__isnull=True,
        )
        .order_by("id")
        .first()
    )
    if existing:
        return existing
    involvement = Involvement.objects.create(
        household_id=household.pk,
        organisation=organisation,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by.user if by else None,
    )
    audit.log_write(involvement_entry(involvement=involvement, by=by))
    return involvement


@transaction.atomic
def involvement_end(
    *, involvement: Involvement, ends_on: datetime.date, by: Membership | None, why: str = ""
) -> Involvement:
    """End an involvement on ``ends_on`` (earlier than planned, never later): from the
    next day the organisation no longer reads the file through it. A row that starts
    after ``ends_on`` is thus never active. ``why`` goes into the history's summary."""
    involvement = (
        Involvement.objects.select_for_update()
        .select_related("organisation")
        .get(pk=involvement.pk)
    )
    if involvement.ends_on is not None and involvement.ends_on <= ends_on:
        return involvement
    old_end = involvement.ends_on
    involvement.ends_on = ends_on
    involvement.save(update_fields=["ends_on"])
    audit.log_write(involvement_end_entry(involvement=involvement, old_end=old_end, by=by, why=why))
    return involvement


@transaction.atomic
def involvement_request(*, household, organisation: Organisation) -> InvolvementRequest:
    """Record that ``organisation`` sent an act about a file it is not involved in
    (idempotent: one pending request per file and organisation)."""
    existing = (
        InvolvementRequest.objects.filter(
            household_id=household.pk, organisation=organisation, status=RequestStatus.EN_ATTENTE
        )
        .order_by("id")
        .first()
    )
    if existing is not None:
        return existing
    return InvolvementRequest.objects.create(
        household_id=household.pk,
        organisation=organisation,
        departement_id=household.departement_id,
        requested_on=clock.today(),
    )


def _decide(request: InvolvementRequest, *, by: Membership, status: str) -> InvolvementRequest:
    if not is_secretariat_of(by, request.departement_id):
        raise BusinessError(
            "Seul le secrétariat de la CCAPEX du département peut ouvrir un dossier à un "
            "nouvel intervenant."
        )
    request.status = status
    request.decided_by = by.user
    request.decided_by_organisation = by.organisation
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_by_organisation", "decided_at"])
    return request


def _open_requests(*, household, organisation: Organisation):
    return (
        InvolvementRequest.objects.select_for_update()
        .filter(household_id=household.pk, organisation=organisation)
        .exclude(status=RequestStatus.ACCORDEE)
        .order_by("id")
    )


@transaction.atomic
def involvement_grant(
    *,
    household,
    organisation: Organisation,
    by: Membership,
    reason: str = InvolvementReason.ACTE,
) -> Involvement:
    """The secretariat opens the file to ``organisation`` (a « nouvel intervenant »):
    its pending (or refused) requests are marked granted, and it is involved."""
    if not is_secretariat_of(by, household.departement_id):
        raise BusinessError(
            "Seul le secrétariat de la CCAPEX du département peut ouvrir un dossier à un "
            "nouvel intervenant."
        )
    for request in _open_requests(household=household, organisation=organisation):
        _decide(request, by=by, status=RequestStatus.ACCORDEE)
    return involvement_add(
        household=household,
        organisation=organisation,
        reason=reason,
        starts_on=clock.today(),
        by=by,
    )


@transaction.atomic
def involvement_refuse(*, household, organisation: Organisation, by: Membership) -> None:
    """The secretariat keeps the file closed to ``organisation`` (its acts stay
    recorded; sending more acts never opens it)."""
    requests = list(_open_requests(household=household, organisation=organisation))
    if not requests:
        raise BusinessError("Aucune demande d'accès de cette organisation pour ce dossier.")
    for request in requests:
        if request.status == RequestStatus.EN_ATTENTE:
            _decide(request, by=by, status=RequestStatus.REFUSEE)
