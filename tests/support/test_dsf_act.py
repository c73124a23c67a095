"""The DSF of a hearing is one fact, whichever way it reached prevex: a « DSF » act of
the procedure (form, import, API) or the follow-up's DSF marked « transmis »."""

import datetime

import pytest

from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.procedures.models import Event, Stage
from prevex.procedures.services import event_record, procedure_refresh
from prevex.support import services, tasks
from prevex.support.choices import DsfStatus
from prevex.support.models import Alert, Dsf

from .conftest import HEARING, TODAY

ASSIGNED = datetime.date(2025, 2, 1)  # the assignation of conftest.open_procedure


def _dsf_act(procedure, day, worker):
    return event_record(procedure=procedure, stage=Stage.DSF, date=day, by=worker)


@pytest.mark.django_db
def test_a_dsf_act_since_the_assignation_means_no_request(file):
    _, procedure, worker = file
    _dsf_act(procedure, datetime.date(2025, 3, 1), worker)
    assert services.dsf_requests_for_assignations() == 0
    assert not Dsf.objects.exists()


@pytest.mark.django_db
def test_a_dsf_act_before_the_assignation_does_not_count(file):
    _, procedure, worker = file
    # A diagnosis made at the CDP stage, before this assignation: the hearing still
    # needs its own.
    Event.objects.create(
        procedure=procedure, stage=Stage.DSF, date=ASSIGNED - datetime.timedelta(days=3)
    )
    assert services.dsf_requests_for_assignations() == 1


@pytest.mark.django_db
def test_a_dsf_act_recorded_elsewhere_closes_the_alert(file):
    _, procedure, worker = file
    services.dsf_requests_for_assignations()
    clock.freeze(HEARING - datetime.timedelta(days=10))
    assert tasks.refresh_dsf_alerts.call_local() == (1, 0)
    _dsf_act(procedure, HEARING - datetime.timedelta(days=10), worker)
    assert tasks.refresh_dsf_alerts.call_local() == (0, 1)
    assert not Alert.objects.filter(resolved_on__isnull=True).exists()
    assert tasks.refresh_dsf_alerts.call_local() == (0, 0)  # idempotent


@pytest.mark.django_db
def test_sending_the_dsf_records_the_act_once(file):
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    services.dsf_update_content(dsf=dsf, by=worker, opinion="Avis favorable.")
    services.dsf_mark_done(dsf=dsf, by=worker, on=TODAY)
    before = procedure_refresh(procedure=procedure).key_deadline
    services.dsf_send(dsf=dsf, by=worker, on=TODAY)
    act = Event.objects.get(procedure=procedure, stage=Stage.DSF)
    assert (act.date, act.recorded_for_id, act.recorded_by_id) == (
        TODAY,
        worker.organisation_id,
        worker.user_id,
    )
    assert Dsf.objects.get().status == DsfStatus.TRANSMIS
    procedure.refresh_from_db()
    assert procedure.stage == Stage.DSF
    # The « DSF à transmettre » deadline (the last working day before the hearing) is
    # met: the next one is the hearing itself.
    assert before == datetime.date(2025, 4, 14) and procedure.key_deadline == HEARING


@pytest.mark.django_db
def test_sending_a_dsf_already_recorded_by_an_import_adds_no_act(file):
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    services.dsf_update_content(dsf=dsf, by=worker, opinion="Avis.")
    services.dsf_mark_done(dsf=dsf, by=worker, on=TODAY)
    _dsf_act(procedure, TODAY - datetime.timedelta(days=1), worker)
    services.dsf_send(dsf=dsf, by=worker, on=TODAY)
    assert Event.objects.filter(procedure=procedure, stage=Stage.DSF).count() == 1


@pytest.mark.django_db
def test_a_dsf_sent_after_the_judgment_is_refused_and_nothing_written(file):
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    services.dsf_update_content(dsf=dsf, by=worker, opinion="Avis.")
    clock.freeze(HEARING + datetime.timedelta(days=10))
    services.dsf_mark_done(dsf=dsf, by=worker, on=HEARING - datetime.timedelta(days=5))
    Event.objects.create(procedure=procedure, stage=Stage.JUGEMENT, date=HEARING)
    with pytest.raises(
        BusinessError,
        match="transmis le 20/04/2025 : le jugement du 15/04/2025 est déjà enregistré",
    ):
        services.dsf_send(dsf=dsf, by=worker, on=HEARING + datetime.timedelta(days=5))
    assert Dsf.objects.get().status == DsfStatus.REALISE
    assert not Event.objects.filter(stage=Stage.DSF).exists()
    # The real day, before the judgment keyed in first, is accepted and placed before it,
    # flagged as entered after a later act.
    services.dsf_send(dsf=dsf, by=worker, on=HEARING - datetime.timedelta(days=4))
    act = Event.objects.get(stage=Stage.DSF)
    assert act.date == HEARING - datetime.timedelta(days=4) and act.flagged
    assert Dsf.objects.get().status == DsfStatus.TRANSMIS


@pytest.mark.django_db
def test_no_dsf_is_asked_once_the_judgment_is_in(file):
    _, procedure, worker = file
    Event.objects.create(procedure=procedure, stage=Stage.JUGEMENT, date=ASSIGNED)
    assert services.dsf_requests_for_assignations() == 0
    # A new assignation (another hearing) asks again.
    Event.objects.create(
        procedure=procedure, stage=Stage.ASSIGNATION, date=TODAY, hearing_date=HEARING
    )
    assert services.dsf_requests_for_assignations() == 1


@pytest.mark.django_db
def test_no_dsf_is_asked_once_the_hearing_is_past(file):
    """The demo asked on 1 November the DSF of a hearing held on 16 October (judgment not
    keyed in yet), then showed it « transmis au tribunal » six weeks after the hearing."""
    _, procedure, worker = file
    held = datetime.date(2025, 3, 3)
    Event.objects.filter(procedure=procedure, stage=Stage.ASSIGNATION).update(hearing_date=held)
    Event.objects.create(procedure=procedure, stage=Stage.AUDIENCE, date=held)
    assert services.dsf_requests_for_assignations(today=TODAY) == 0
    # The hearing of the day itself still gets its DSF (sent that morning, at the latest).
    assert services.dsf_requests_for_assignations(today=held) == 1
    Dsf.objects.all().delete()
    # Adjourned to a later hearing (« renvoi »): the next run asks.
    Event.objects.create(
        procedure=procedure, stage=Stage.AUDIENCE, date=TODAY, hearing_date=HEARING
    )
    assert services.dsf_requests_for_assignations(today=TODAY) == 1
    assert Dsf.objects.get().hearing_date == HEARING
