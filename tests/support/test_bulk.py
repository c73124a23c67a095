"""The bulk forms of the follow-up's writes: same rows and history as the single services,
checked through the gate once per batch, nothing written on a refusal."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core.errors import BusinessError
from prevex.support import bulk
from prevex.support.models import Alert, Contact, Instalment, Measure, RepaymentPlan
from tests.factories import HouseholdFactory

from .conftest import TODAY, member_of


@pytest.mark.django_db
def test_bulk_forms_write_rows_and_history(file):
    household, _, worker = file
    at = timezone.make_aware(datetime.datetime(2025, 3, 1, 10, 0))
    contacts = bulk.contact_record_many(
        by=worker,
        drafts=[
            bulk.ContactDraft(household.pk, "SMS", "SORTANT", at, "RELANCE", "NON_JOINT")
            for _ in range(3)
        ],
    )
    measures = bulk.measure_propose_many(
        by=worker, drafts=[bulk.MeasureDraft(household.pk, "FSL_MAINTIEN"), bulk.MeasureDraft(household.pk, "ASLL")]
    )  # fmt: skip
    plans = bulk.plan_open_many(
        by=worker, drafts=[bulk.PlanDraft(household.pk, "NEGOCIE", TODAY, Decimal("100.00"), 3)]
    )
    tasks = bulk.task_create_many(by=worker, drafts=[bulk.TaskDraft(household.pk, "Appeler")])
    assert Contact.objects.filter(household=household).count() == 3
    assert set(Measure.objects.values_list("type__code", flat=True)) == {"FSL_MAINTIEN", "ASLL"}
    amounts = list(
        Instalment.objects.filter(plan=plans[0]).order_by("due_on").values_list("amount", flat=True)
    )
    assert amounts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert Alert.objects.get(pk=tasks[0].pk).kind == "MANUELLE"
    logs = WriteLog.objects.filter(household_id=household.pk)
    assert logs.filter(object_type="SUIVI_CONTACT").count() == 3
    assert (
        logs.filter(object_type="DISPOSITIF", object_id__in=[m.pk for m in measures]).count() == 2
    )
    assert logs.filter(object_type="PLAN_APUREMENT", summary__contains="3 échéances").count() == 1
    assert logs.filter(object_type="TACHE").count() == 1
    assert {log.organisation_id for log in logs if log.object_type != "PROCEDURE"} >= {
        worker.organisation_id
    }
    assert len(contacts) == 3


@pytest.mark.django_db
def test_bulk_forms_refuse_the_whole_batch(file):
    household, _, worker = file
    stranger_file = HouseholdFactory()
    landlord = member_of(household, OrganisationType.BAILLEUR_SOCIAL)
    at = timezone.make_aware(datetime.datetime(2025, 3, 1, 10, 0))
    before = Contact.objects.count(), WriteLog.objects.count()
    with pytest.raises(BusinessError, match="pas accès au suivi"):
        bulk.contact_record_many(
            by=worker,
            drafts=[
                bulk.ContactDraft(h.pk, "SMS", "SORTANT", at, "RELANCE", "NON_JOINT")
                for h in (household, stranger_file)
            ],
        )
    with pytest.raises(BusinessError, match="pas accès au suivi"):  # landlords: no SUIVI
        bulk.task_create_many(by=landlord, drafts=[bulk.TaskDraft(household.pk, "x")])
    with pytest.raises(BusinessError, match="Canal inconnu"):
        bulk.contact_record_many(
            by=worker, drafts=[bulk.ContactDraft(household.pk, "PIGEON", "SORTANT", at, "RELANCE", "JOINT")]
        )  # fmt: skip
    with pytest.raises(BusinessError, match="1 à 120 mensualités"):
        bulk.plan_open_many(
            by=worker, drafts=[bulk.PlanDraft(household.pk, "NEGOCIE", TODAY, Decimal(1), 0)]
        )
    assert (Contact.objects.count(), WriteLog.objects.count()) == before
    assert not RepaymentPlan.objects.exists()
