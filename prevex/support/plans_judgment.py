"""Repayment plans created from the judge's payment delays (origin « JUGE »).

The procedures app stores the conditional judgment's schedule on the act
(``procedures.payments.schedule_of``: ``payment_months`` instalments of
``instalment_amount`` from ``first_instalment_on``). The nightly job creates, once per
judgment, the plan of the same schedule, for the organisation that recorded the act (or
sent it): one model for both origins, so compliance and the missed-instalment alerts
(``plans.plans_compliance_refresh``) read it like a negotiated plan. Idempotent: a
judgment already followed by a plan is skipped. An act waiting in the review queue
counts for nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from prevex.audit import services as audit
from prevex.core import clock
from prevex.procedures.deadlines import effective_events
from prevex.procedures.models import Decision, Event, Stage
from prevex.procedures.payments import schedule_of

from .choices import PlanOrigin
from .models import Instalment, RepaymentPlan
from .plans import _entry


def _amounts(schedule, judgment) -> list[Decimal] | None:
    n = len(schedule.dues)
    if schedule.amount:
        return [schedule.amount] * n
    debt = judgment.debt_amount or judgment.procedure.current_debt
    if not debt or debt <= 0:
        return None
    share = (debt / n).quantize(Decimal("0.01"))
    return [share] * (n - 1) + [debt - share * (n - 1)]


@transaction.atomic
def plans_from_judgments_refresh(*, today: datetime.date | None = None) -> int:
    """Create the missing « JUGE » plans of open procedures; returns how many."""
    today = today or clock.today()
    followed = RepaymentPlan.objects.filter(judgment__isnull=False).values("judgment_id")
    candidates = (
        Event.objects.filter(
            stage=Stage.JUGEMENT,
            decision=Decision.CONDITIONNELLE,
            payment_months__gt=0,
            first_instalment_on__isnull=False,
            pending_review=False,
            procedure__closed_on__isnull=True,
        )
        .exclude(pk__in=followed)
        .values_list("procedure_id", flat=True)
    )
    procedure_ids = sorted(set(candidates))
    events_by_procedure: dict[int, list] = {}
    for event in (
        Event.objects.filter(procedure_id__in=procedure_ids)
        .select_related("procedure")
        .order_by("procedure_id", "date", "id")
    ):
        events_by_procedure.setdefault(event.procedure_id, []).append(event)
    created = 0
    for events in events_by_procedure.values():
        schedule = schedule_of(effective_events(events))
        if schedule is None:
            continue
        judgment = schedule.judgment
        organisation_id = judgment.recorded_for_id or judgment.source_id
        amounts = _amounts(schedule, judgment)
        if organisation_id is None or amounts is None:
            continue
        if RepaymentPlan.objects.filter(judgment=judgment).exists():
            continue  # the last judgment already has its plan
        procedure = judgment.procedure
        plan = RepaymentPlan.objects.create(
            household_id=procedure.household_id,
            departement_id=procedure.departement_id,
            origin=PlanOrigin.JUGE,
            starts_on=schedule.dues[0],
            debt_amount=sum(amounts, Decimal(0)),
            organisation_id=organisation_id,
            created_by_id=judgment.recorded_by_id,
            judgment=judgment,
        )
        Instalment.objects.bulk_create(
            Instalment(plan=plan, due_on=due, amount=amount)
            for due, amount in zip(schedule.dues, amounts, strict=True)
        )
        audit.log_write(
            _entry(
                plan,
                f"Plan d'apurement créé d'après le jugement du {judgment.date:%d/%m/%Y} : "
                f"{len(amounts)} échéances à partir du {schedule.dues[0]:%d/%m/%Y}",
                None,
            )
        )
        created += 1
    return created
