"""A DSF appointment whose day has passed without an outcome: the nightly job raises
« Rendez-vous DSF passé sans suite » for the organisation in charge, on its work list with
a link to record the outcome; recording it closes the task at once
(docs/decisions/2026-12-06-dsf-appointment-without-outcome.md)."""

import datetime

import pytest
from django.utils import timezone

from prevex.core import clock
from prevex.procedures.models import Event, Procedure, Stage
from prevex.support import services, tasks
from prevex.support.models import Alert, Dsf

from .conftest import TODAY

KIND = "DSF_RDV_SANS_SUITE"


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _open():
    return list(Alert.objects.filter(kind=KIND, resolved_on__isnull=True))


@pytest.fixture
def scheduled(file):
    household, procedure, worker = file
    services.dsf_requests_for_assignations()
    dsf = Dsf.objects.get()
    appointment = TODAY + datetime.timedelta(days=3)
    services.dsf_schedule(dsf=dsf, by=worker, appointment_at=_at(appointment, 14))
    return household, procedure, worker, dsf, appointment


@pytest.mark.django_db
def test_a_passed_appointment_without_outcome_raises_one_task_until_recorded(scheduled):
    household, _, worker, dsf, appointment = scheduled
    # The appointment's day itself: not yet « passé ».
    clock.freeze(appointment)
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 0)
    # The day after: one task for the organisation in charge, due on the appointment's day.
    clock.freeze(appointment + datetime.timedelta(days=1))
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (1, 0)
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 0)  # idempotent
    (task,) = _open()
    assert (task.organisation_id, task.household_id, task.dsf_id, task.due_on) == (
        worker.organisation_id,
        household.pk,
        dsf.pk,
        appointment,
    )
    assert task.message.startswith(f"Rendez-vous DSF du {appointment:%d/%m/%Y} à 14:00 passé")

    # The household did not come: noted, the task closes at once (no night to wait).
    services.dsf_mark_absent(dsf=dsf, by=worker, on=appointment)
    assert _open() == []
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 0)

    # A new appointment, in the future: nothing; once passed, a new task with its date.
    later = clock.today() + datetime.timedelta(days=5)
    services.dsf_schedule(dsf=dsf, by=worker, appointment_at=_at(later, 9))
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 0)
    clock.freeze(later + datetime.timedelta(days=2))
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (1, 0)
    (task,) = _open()
    assert task.due_on == later
    # Done: closed at once.
    services.dsf_update_content(dsf=dsf, by=worker, opinion="Avis")
    services.dsf_mark_done(dsf=dsf, by=worker, on=later)
    assert _open() == []
    assert Alert.objects.filter(kind=KIND, resolved_on__isnull=False).count() == 2


@pytest.mark.django_db
def test_rescheduled_to_the_future_closes_and_to_another_past_day_moves(scheduled):
    _, _, worker, dsf, appointment = scheduled
    clock.freeze(appointment + datetime.timedelta(days=4))
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (1, 0)
    # Recorded late: the appointment had in fact taken place the next day, still no outcome.
    moved = appointment + datetime.timedelta(days=1)
    services.dsf_schedule(dsf=dsf, by=worker, appointment_at=_at(moved))
    assert len(_open()) == 1
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 0)
    assert _open()[0].due_on == moved
    # A new appointment next week: the task is closed now.
    services.dsf_schedule(
        dsf=dsf, by=worker, appointment_at=_at(clock.today() + datetime.timedelta(7))
    )
    assert _open() == []


@pytest.mark.django_db
def test_no_task_once_the_outcome_no_longer_matters(scheduled):
    household, procedure, worker, dsf, appointment = scheduled
    clock.freeze(appointment + datetime.timedelta(days=1))
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (1, 0)
    # The DSF reached the judge by another way (an act since the assignation): closed.
    Event.objects.create(procedure=procedure, stage=Stage.DSF, date=clock.today())
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 1)
    Event.objects.filter(stage=Stage.DSF).delete()
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (1, 0)
    # The procedure is closed: closed.
    Procedure.objects.filter(pk=procedure.pk).update(
        closed_on=clock.today(), outcome="DETTE_SOLDEE"
    )
    assert tasks.refresh_dsf_appointment_alerts.call_local() == (0, 1)
    assert _open() == []


@pytest.mark.django_db
def test_the_work_list_links_to_the_dsf_to_record_the_outcome(scheduled, client, login_as):
    _, _, worker, dsf, appointment = scheduled
    clock.freeze(appointment + datetime.timedelta(days=1))
    tasks.refresh_dsf_appointment_alerts.call_local()
    login_as(worker)
    html = client.get("/").content.decode()
    assert "Rendez-vous DSF passé sans suite" in html
    assert f'<a href="/suivi/dsf/{dsf.pk}/">Noter la suite du rendez-vous</a>' in html
    # The filter knows the kind.
    assert client.get("/", {"kind": KIND}).status_code == 200
    # The DSF page offers the outcomes.
    page = client.get(f"/suivi/dsf/{dsf.pk}/").content.decode()
    assert "Ménage absent" in page
