"""The demo département shows a follow-up, written through the follow-up's services."""

import pytest
from django.core.management import call_command

from prevex.audit.models import WriteLog
from prevex.support.choices import DsfStatus
from prevex.support.models import Alert, Contact, Dsf, Measure, Referral, RepaymentPlan
from tests.demo.test_demo_setup import HOUSEHOLDS, demo_mode  # noqa: F401


@pytest.mark.django_db
def test_demo_has_contacts_dsf_and_measures_and_is_idempotent(demo_mode):  # noqa: F811
    call_command("demo_setup", menages=HOUSEHOLDS, echelle_historique=0, stdout=None)
    assert Dsf.objects.exists() and Contact.objects.exists() and Measure.objects.exists()
    assert Dsf.objects.filter(status=DsfStatus.TRANSMIS).exists()
    assert Contact.objects.filter(answers__isnull=False).exists()
    assert RepaymentPlan.objects.exists() and Referral.objects.exists()
    # Through the services: every contact has its history entry, on the demo channel.
    assert WriteLog.objects.filter(object_type="SUIVI_CONTACT", channel="DEMO").count() == (
        Contact.objects.count()
    )
    # The work lists: manual tasks, and generated ones written by the jobs.
    assert Alert.objects.filter(kind="MANUELLE", assigned_to__isnull=False).exists()
    assert Alert.objects.filter(kind="RELANCE_DISPOSITIF").exists()
    before = Contact.objects.count(), Dsf.objects.count(), Measure.objects.count()
    tasks = Alert.objects.count()
    call_command("demo_setup", menages=HOUSEHOLDS, echelle_historique=0, stdout=None)
    assert (Contact.objects.count(), Dsf.objects.count(), Measure.objects.count()) == before
    assert Alert.objects.count() == tasks
