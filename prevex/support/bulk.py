"""Bulk forms of the follow-up's writes (loaders, benchmarks, later imports): the same
checks as ``contact_record``, ``measure_propose``, ``plan_open`` and ``task_create``, for
many files of one acting organisation, without a per-row query. One write path: the single
services and these share their rules; every row goes to the history of writes (one
insert per batch).

The gate is checked once per batch: the acting organisation must read the group on every
file (involved today, or the secretariat), else nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prevex.access.gate import visible_household_ids
from prevex.access.groups import field_groups
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.sql import insert_objects, instance
from prevex.households.perms import FieldGroup
from prevex.households.services import anonymised_among
from prevex.procedures.rules import add_months

from .choices import (
    AlertKind,
    ContactChannel,
    ContactOutcome,
    ContactPurpose,
    Direction,
    PlanOrigin,
)
from .choices import MeasureStatus as S
from .contacts import FUTURE_TOLERANCE
from .groups import SUIVI
from .history import contact_entry, measure_entry
from .measures import measure_types_for, step_of
from .models import Alert, Contact, Instalment, Measure, MeasureStep, RepaymentPlan
from .plans import MAX_INSTALMENTS, _entry
from .todo import TITLE_MAX
from .todo import _entry as task_entry

NO_ACCESS = "Votre organisation n'a pas accès au suivi de l'un de ces dossiers."


@dataclass(frozen=True)
class ContactDraft:
    household_id: int
    channel: str
    direction: str
    at: datetime.datetime
    purpose: str
    outcome: str
    purpose_detail: str = ""


@dataclass(frozen=True)
class MeasureDraft:
    household_id: int
    type_code: str
    status: str = S.PROPOSEE
    on: datetime.date | None = None
    note: str = ""


@dataclass(frozen=True)
class PlanDraft:
    household_id: int
    origin: str
    starts_on: datetime.date
    debt_amount: Decimal
    instalments: int


@dataclass(frozen=True)
class TaskDraft:
    household_id: int
    title: str
    due_on: datetime.date | None = None


def _gate(by: Membership, household_ids, group: str) -> dict[int, str]:
    """Departement of each file, once checked that ``by`` reads ``group`` on all of them
    and that none is anonymised."""
    from prevex.access.models import Involvement

    ids = {pk for pk in household_ids}
    visible = visible_household_ids(organisation=by.organisation, household_ids=ids)
    if visible != ids or group not in field_groups(by, involved=True):
        raise BusinessError(NO_ACCESS)
    if anonymised_among(ids):
        raise BusinessError(
            "Un ou plusieurs de ces dossiers ont été anonymisés au terme de leur durée de "
            "conservation : ils ne peuvent plus être modifiés ; rien n'est enregistré."
        )
    household_model = Involvement._meta.get_field("household").related_model
    out: dict[int, str] = {}
    chunk = sorted(ids)
    for start in range(0, len(chunk), 5000):
        out.update(
            household_model.objects.filter(pk__in=chunk[start : start + 5000])
            .order_by("pk")
            .values_list("pk", "departement_id")
        )
    return out


def _choice(value, choices, what: str) -> None:
    if value not in choices.values:
        raise BusinessError(f"{what} inconnu : « {value} ».")


@transaction.atomic
def contact_record_many(*, by: Membership, drafts: list[ContactDraft]) -> list[Contact]:
    deps = _gate(by, (d.household_id for d in drafts), SUIVI)
    limit = timezone.now() + FUTURE_TOLERANCE
    rows = []
    for d in drafts:
        _choice(d.channel, ContactChannel, "Canal")
        _choice(d.direction, Direction, "Sens")
        _choice(d.purpose, ContactPurpose, "Objet")
        _choice(d.outcome, ContactOutcome, "Résultat")
        detail = (d.purpose_detail or "").strip()
        if d.purpose == ContactPurpose.AUTRE and not detail:
            raise BusinessError("Précisez l'objet du contact (« Autre »).")
        at = timezone.make_aware(d.at) if timezone.is_naive(d.at) else d.at
        if at > limit:
            raise BusinessError("La date du contact ne peut pas être dans le futur.")
        rows.append(
            instance(
                Contact,
                household_id=d.household_id,
                departement_id=deps[d.household_id],
                channel=d.channel,
                direction=d.direction,
                at=at,
                organisation_id=by.organisation_id,
                author_id=by.user_id,
                purpose=d.purpose,
                purpose_detail=detail[:300],
                outcome=d.outcome,
                answers_id=None,
            )
        )
    insert_objects(Contact, rows)
    audit.log_writes_many(contact_entry(contact=c, by=by) for c in rows)
    return rows


@transaction.atomic
def measure_propose_many(*, by: Membership, drafts: list[MeasureDraft]) -> list[Measure]:
    deps = _gate(by, (d.household_id for d in drafts), SUIVI)
    types_by_dep = {dep: {t.code: t for t in measure_types_for(dep)} for dep in set(deps.values())}
    today = clock.today()
    rows = []
    for d in drafts:
        measure_type = types_by_dep[deps[d.household_id]].get(d.type_code)
        if measure_type is None:
            raise BusinessError(
                f"Dispositif inconnu ou non proposé dans ce département : « {d.type_code} »."
            )
        if d.status not in (S.PROPOSEE, S.DEMANDEE):
            raise BusinessError("Un dispositif commence proposé ou demandé.")
        on = d.on or today
        if on > today:
            raise BusinessError("La date ne peut pas être dans le futur.")
        rows.append(
            instance(
                Measure,
                household_id=d.household_id,
                departement_id=deps[d.household_id],
                type=measure_type,
                status=d.status,
                status_on=on,
                organisation_id=by.organisation_id,
                deciding_body=measure_type.deciding_body,
                note=(d.note or "").strip()[:300],
                created_by_id=by.user_id,
            )
        )
    insert_objects(Measure, rows)
    insert_objects(MeasureStep, [step_of(m, by) for m in rows])
    audit.log_writes_many(
        measure_entry(measure=m, old_status="", by=by, created=True) for m in rows
    )
    return rows


@transaction.atomic
def plan_open_many(*, by: Membership, drafts: list[PlanDraft]) -> list[RepaymentPlan]:
    """Plans of equal monthly instalments (the last one takes the rounding)."""
    deps = _gate(by, (d.household_id for d in drafts), FieldGroup.PROCEDURE)
    plans, instalments = [], []
    for d in drafts:
        _choice(d.origin, PlanOrigin, "Origine")
        debt = Decimal(str(d.debt_amount))
        if not debt.is_finite() or debt <= 0:
            raise BusinessError("Dette à apurer : un montant positif est attendu.")
        if not 1 <= int(d.instalments) <= MAX_INSTALMENTS:
            raise BusinessError(f"Un plan compte de 1 à {MAX_INSTALMENTS} mensualités.")
        plan = instance(
            RepaymentPlan,
            household_id=d.household_id,
            departement_id=deps[d.household_id],
            origin=d.origin,
            starts_on=d.starts_on,
            debt_amount=debt,
            organisation_id=by.organisation_id,
            created_by_id=by.user_id,
        )
        n = int(d.instalments)
        share = (debt / n).quantize(Decimal("0.01"))
        for i in range(n):
            amount = share if i < n - 1 else debt - share * (n - 1)
            instalments.append((plan, add_months(d.starts_on, i), amount))
        plan.instalment_count = n
        plans.append(plan)
    insert_objects(RepaymentPlan, plans)
    rows = [instance(Instalment, plan_id=p.pk, due_on=on, amount=a) for p, on, a in instalments]
    insert_objects(Instalment, rows)
    audit.log_writes_many(
        _entry(
            p,
            f"Plan d'apurement ouvert : {p.instalment_count} échéances à partir du "
            f"{p.starts_on:%d/%m/%Y}",
            by,
        )
        for p in plans
    )
    return plans


@transaction.atomic
def task_create_many(*, by: Membership, drafts: list[TaskDraft]) -> list[Alert]:
    deps = _gate(by, (d.household_id for d in drafts), SUIVI)
    today = clock.today()
    rows = []
    for d in drafts:
        title = (d.title or "").strip()
        if not title or len(title) > TITLE_MAX:
            raise BusinessError(f"Une tâche tient en 1 à {TITLE_MAX} caractères.")
        rows.append(
            instance(
                Alert,
                kind=AlertKind.MANUELLE,
                household_id=d.household_id,
                departement_id=deps[d.household_id],
                organisation_id=by.organisation_id,
                message=title,
                due_on=d.due_on,
                raised_on=today,
                created_by_id=by.user_id,
            )
        )
    insert_objects(Alert, rows)
    audit.log_writes_many(
        task_entry(t, by=by, summary=f"Tâche créée : {t.message}", changes=[], op="CREATE")
        for t in rows
    )
    return rows
