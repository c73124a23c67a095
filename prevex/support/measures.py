"""Writes of the support measures on a file (the one write path of ``Measure``) and the
catalogue as a département sees it.

Life: PROPOSEE → DEMANDEE → ACCORDEE or REFUSEE (with the deciding body, and the amount
for a measure that has one) → EN_COURS → TERMINEE (with its outcome). A measure may end
at any step before it is decided (abandoned), with an outcome.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from prevex.access.gate import require_group
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised

from .choices import MeasureStatus as S
from .dsf import _amount
from .groups import SUIVI
from .history import measure_entry
from .models import Measure, MeasureStep, MeasureType

NEXT = {
    S.PROPOSEE: {S.DEMANDEE, S.TERMINEE},
    S.DEMANDEE: {S.ACCORDEE, S.REFUSEE, S.TERMINEE},
    S.ACCORDEE: {S.EN_COURS, S.TERMINEE},
    S.EN_COURS: {S.TERMINEE},
    S.REFUSEE: set(),
    S.TERMINEE: set(),
}
DECIDED = (S.ACCORDEE, S.REFUSEE)
NO_ACCESS = "Votre organisation n'a pas accès au suivi de ce dossier."


def measure_next_steps(measure: Measure) -> list[str]:
    """The states the measure may move to now, in the list's order: the form offers these
    and no other (a « proposé » measure is asked for before it is granted)."""
    allowed = NEXT[S(measure.status)]
    return [value for value in S.values if value in allowed]


def measure_types_for(departement_id: str) -> list[MeasureType]:
    """The catalogue of a département: national rows, each replaced by the département's
    row of the same code; inactive ones left out. One query."""
    rows = MeasureType.objects.filter(departement__isnull=True) | MeasureType.objects.filter(
        departement_id=departement_id
    )
    by_code: dict[str, MeasureType] = {}
    for row in rows.order_by("order", "code", "id"):
        if row.code not in by_code or row.departement_id is not None:
            by_code[row.code] = row
    return sorted((row for row in by_code.values() if row.active), key=lambda r: (r.order, r.code))


def step_of(measure: Measure, by: Membership | None) -> MeasureStep:
    """The measure's current step as a new row (the timeline's line), not saved."""
    return MeasureStep(
        measure_id=measure.pk,
        household_id=measure.household_id,
        status=measure.status,
        status_on=measure.status_on,
        amount=measure.amount if measure.status == S.ACCORDEE else None,
        deciding_body=measure.deciding_body if measure.status in DECIDED else "",
        outcome=measure.outcome if measure.status == S.TERMINEE else "",
        organisation_id=by.organisation_id if by is not None else measure.organisation_id,
        recorded_by_id=by.user_id if by is not None else None,
        channel=audit.current_channel(),
    )


def _day(on: datetime.date | None, after: datetime.date | None = None) -> datetime.date:
    on = on or clock.today()
    if on > clock.today():
        raise BusinessError("La date ne peut pas être dans le futur.")
    if after is not None and on < after:
        raise BusinessError(f"La date ne peut pas précéder l'étape précédente ({after:%d/%m/%Y}).")
    return on


@transaction.atomic
def measure_propose(
    *,
    household,
    by: Membership,
    type_code: str,
    status: str = S.PROPOSEE,
    on: datetime.date | None = None,
    note: str = "",
) -> Measure:
    require_group(by, household=household, group=SUIVI, message=NO_ACCESS)
    types = {t.code: t for t in measure_types_for(household.departement_id)}
    if type_code not in types:
        raise BusinessError(
            f"Dispositif inconnu ou non proposé dans ce département : « {type_code} »."
        )
    if status not in (S.PROPOSEE, S.DEMANDEE):
        raise BusinessError("Un dispositif commence proposé ou demandé.")
    measure_type = types[type_code]
    refuse_anonymised(household.pk)  # locks the file: a second click waits, then finds the first
    status_on = _day(on)
    twin = Measure.objects.filter(
        household_id=household.pk,
        type=measure_type,
        organisation_id=by.organisation_id,
        status=status,
        status_on=status_on,
    ).exists()
    if twin:
        raise BusinessError(
            f"Ce dispositif est déjà enregistré par votre organisation : {measure_type.label}, "
            f"{S(status).label.lower()} le {status_on:%d/%m/%Y}."
        )
    measure = Measure.objects.create(
        household_id=household.pk,
        departement_id=household.departement_id,
        type=measure_type,
        status=status,
        status_on=status_on,
        organisation_id=by.organisation_id,
        deciding_body=measure_type.deciding_body,
        note=(note or "").strip()[:300],
        created_by_id=by.user_id,
    )
    step_of(measure, by).save()
    audit.log_write(measure_entry(measure=measure, old_status="", by=by, created=True))
    return measure


@transaction.atomic
def measure_change(
    *,
    measure: Measure,
    by: Membership,
    status: str,
    on: datetime.date | None = None,
    amount=None,
    deciding_body: str = "",
    outcome: str = "",
) -> Measure:
    measure = (
        Measure.objects.select_for_update().select_related("household", "type").get(pk=measure.pk)
    )
    require_group(by, household=measure.household, group=SUIVI, message=NO_ACCESS)
    refuse_anonymised(measure.household_id)
    if status not in S.values:
        raise BusinessError(f"État inconnu : « {status} ».")
    if status not in NEXT[S(measure.status)]:
        raise BusinessError(
            f"Un dispositif « {measure.get_status_display().lower()} » ne peut pas passer à "
            f"« {S(status).label.lower()} »."
        )
    old = measure.status
    measure.status_on = _day(on, after=measure.status_on)
    measure.status = status
    deciding_body = (deciding_body or "").strip()[:200]
    outcome = (outcome or "").strip()[:300]
    if status in (S.ACCORDEE, S.REFUSEE):
        measure.deciding_body = deciding_body or measure.deciding_body
        if not measure.deciding_body:
            raise BusinessError("Indiquez l'instance qui a décidé.")
    amount = _amount(amount, "Montant accordé")
    if amount is not None:
        if status != S.ACCORDEE or not measure.type.has_amount:
            raise BusinessError("Un montant ne se saisit qu'à l'accord d'une aide financière.")
        measure.amount = amount
    if status == S.TERMINEE:
        if not outcome:
            raise BusinessError("Indiquez l'issue du dispositif.")
        measure.outcome = outcome
    elif outcome:
        measure.outcome = outcome
    measure.save()
    step_of(measure, by).save()
    audit.log_write(measure_entry(measure=measure, old_status=old, by=by))
    return measure
