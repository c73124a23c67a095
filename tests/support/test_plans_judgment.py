"""Plans created from the judge's payment delays: once per judgment, by the job, then
followed like a negotiated plan (missed instalments raise the alerts)."""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.procedures.models import Decision, Event, Stage
from prevex.support import plans_judgment
from prevex.support.models import Alert, RepaymentPlan
from prevex.support.plans import plans_compliance_refresh

from .conftest import TODAY, member_of


def _judgment(procedure, organisation, **extra):
    return Event.objects.create(
        procedure=procedure, stage=Stage.JUGEMENT, date=datetime.date(2025, 3, 1),
        decision=Decision.CONDITIONNELLE, payment_months=6,
        first_instalment_on=datetime.date(2025, 4, 5), recorded_for=organisation, **extra,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_judgment_with_payment_delays_becomes_one_plan(file):
    household, procedure, worker = file
    landlord = member_of(household, OrganisationType.BAILLEUR_SOCIAL)
    judgment = _judgment(procedure, landlord.organisation, instalment_amount=Decimal("150.00"))
    assert plans_judgment.plans_from_judgments_refresh(today=TODAY) == 1
    assert plans_judgment.plans_from_judgments_refresh(today=TODAY) == 0  # idempotent
    plan = RepaymentPlan.objects.get()
    assert (plan.origin, plan.judgment_id, plan.debt_amount) == (
        "JUGE",
        judgment.pk,
        Decimal("900.00"),
    )
    dues = list(plan.instalments.order_by("due_on").values_list("due_on", flat=True))
    assert dues[0] == datetime.date(2025, 4, 5) and len(dues) == 6
    assert WriteLog.objects.filter(
        object_type="PLAN_APUREMENT", summary__contains="jugement"
    ).exists()
    # Two instalments unpaid: the compliance job alerts the social worker and the landlord.
    day = datetime.date(2025, 5, 20)
    clock.freeze(day)
    plans_compliance_refresh(today=day)
    orgs = set(Alert.objects.filter(kind="PLAN_IMPAYES").values_list("organisation_id", flat=True))
    assert orgs == {worker.organisation_id, landlord.organisation_id}


@pytest.mark.django_db
def test_no_plan_without_amount_or_while_in_review(file):
    household, procedure, worker = file
    _judgment(procedure, worker.organisation, pending_review=True, instalment_amount=Decimal(10))
    assert plans_judgment.plans_from_judgments_refresh(today=TODAY) == 0
    Event.objects.filter(stage=Stage.JUGEMENT).update(pending_review=False)
    # Without an instalment amount, the debt is split (the last one takes the rounding).
    Event.objects.filter(stage=Stage.JUGEMENT).update(
        instalment_amount=None, debt_amount=Decimal("1000.00")
    )
    assert plans_judgment.plans_from_judgments_refresh(today=TODAY) == 1
    amounts = list(
        RepaymentPlan.objects.get().instalments.order_by("due_on").values_list("amount", flat=True)
    )
    assert amounts == [Decimal("166.67")] * 5 + [Decimal("166.65")]
