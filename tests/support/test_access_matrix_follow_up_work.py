"""The access matrix, extended to the follow-up's work on a file: the « Rendez-vous DSF
passé sans suite » alert, the « échéance proche » task naming its deadline, a passed
deadline's reminder, and « Nouvelle tâche » on the file page with the task form going
back to the file — organisation type × role × involvement state.

Expected, from the decisions (docs/decisions/2026-12-01-follow-up-access.md,
2026-12-01-work-lists.md, 2026-12-06-dsf-appointment-without-outcome.md,
2026-12-06-new-task-from-the-file.md): the alert is the follow-up (SUIVI) of the
organisation in charge of the DSF, read on the file by SUIVI readers only (never a
landlord nor the bailiff) and listed to no other organisation; the deadline task is for
each organisation involved today, listed while it sees the file; a passed deadline is
listed to nobody; the task link and the way back to the file are for SUIVI readers only.
"""

import datetime

import pytest
from django.utils import timezone

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from prevex.procedures.refresh import open_procedures_refresh
from prevex.support import services
from prevex.support.models import Alert, Dsf, DsfDesignation
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory, departement
from tests.households.test_access_matrix import make_membership

from .conftest import TODAY, open_procedure
from .test_access_matrix import CASES, reads_follow_up

HEARING = TODAY + datetime.timedelta(days=10)  # the DSF due to the judge in 9 days
ALERT = f"Rendez-vous DSF du {TODAY - datetime.timedelta(days=3):%d/%m/%Y} à 10:00 passé"
NAMED = "Diagnostic social et financier à transmettre au juge au plus tard le"


@pytest.mark.django_db
@pytest.mark.parametrize(("org_type", "role", "state"), CASES)
def test_follow_up_work_matrix(org_type, role, state, client, login_as):
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    procedure = open_procedure(household, hearing=HEARING)
    designated = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Désignée")
    DsfDesignation.objects.create(departement_id="93", organisation=designated)
    worker = MembershipFactory(organisation=designated, role=Role.TRAVAILLEUR_SOCIAL)
    services.dsf_requests_for_assignations(today=TODAY - datetime.timedelta(days=10))
    dsf = Dsf.objects.get(procedure=procedure)
    appointment = timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=3), datetime.time(10))
    )
    services.dsf_schedule(dsf=dsf, by=worker, appointment_at=appointment)
    membership = make_membership(org_type, role, state, household)
    open_procedures_refresh()
    assert services.dsf_appointment_alerts_refresh(today=TODAY) == (1, 0)
    services.generated_tasks_refresh(today=TODAY)
    Alert.objects.create(
        kind="ECHEANCE_PROCEDURE", household=household, departement_id="93",
        organisation=membership.organisation, message="ECHEANCE-PASSEE",
        due_on=TODAY - datetime.timedelta(days=1), raised_on=TODAY - datetime.timedelta(days=5),
    )  # fmt: skip
    login_as(membership)
    follow_up = reads_follow_up(org_type, role, state)

    # The file page: the alert and « Nouvelle tâche » for SUIVI readers only.
    page = client.get(f"/menages/{household.pk}/").content.decode()
    assert (ALERT in page) is follow_up
    assert ("/suivi/taches/nouvelle/?dossier=" in page) is follow_up
    assert "ECHEANCE-PASSEE" not in page

    # The work list: never another organisation's alert; its own named deadline while it is
    # involved today (and sees the file); a passed deadline, to nobody.
    home = client.get("/").content.decode()
    assert ALERT not in home
    assert "Noter la suite du rendez-vous" not in home
    assert (NAMED in home) is (state == "active")
    assert "ECHEANCE-PASSEE" not in home
    assert "ECHEANCE-PASSEE" not in client.get("/suivi/alertes/").content.decode()

    # The task form from the file: back to the file for SUIVI readers, else to the work
    # list, with no hint of the file's id.
    form = client.get("/suivi/taches/nouvelle/", {"dossier": household.reference})
    html = form.content.decode()
    assert (f'href="/menages/{household.pk}/">Retour au dossier' in html) is follow_up
    if not follow_up:
        assert f"/menages/{household.pk}/" not in html
    before = Alert.objects.filter(kind="MANUELLE").count()
    answer = client.post(
        f"/suivi/taches/nouvelle/?dossier={household.reference}",
        {"reference": household.reference, "title": "Rappeler"},
    )
    assert answer.status_code == (302 if follow_up else 422)
    if follow_up:
        assert answer["Location"] == f"/menages/{household.pk}/"
    assert Alert.objects.filter(kind="MANUELLE").count() == before + (1 if follow_up else 0)

    # The organisation in charge sees its alert, with the link to record the outcome.
    login_as(worker)
    home = client.get("/").content.decode()
    assert f'<a href="/suivi/dsf/{dsf.pk}/">Noter la suite du rendez-vous</a>' in home
