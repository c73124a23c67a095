"""Work lists (« à faire »): the jobs' generated tasks with the clock advancing, manual
tasks (create, assign, done, history), the page (home, filters, count), bad input."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog, WriteLog
from prevex.core import clock
from prevex.procedures.models import LegalRule, Procedure
from prevex.procedures.rules import clear_rule_cache
from prevex.support import services, worklist
from prevex.support.models import Alert, Dsf, Measure
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import TODAY, member_of


def _open(kind):
    return list(
        Alert.objects.filter(kind=kind, resolved_on__isnull=True).order_by("organisation_id")
    )


def _run(day):
    clock.freeze(day)
    return worklist.generated_tasks_refresh(today=day)


@pytest.mark.django_db
def test_each_job_produces_its_tasks_as_the_clock_advances(file):
    household, procedure, worker = file
    landlord = member_of(household, OrganisationType.BAILLEUR_SOCIAL)
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=TODAY + datetime.timedelta(30))
    measure = services.measure_propose(household=household, by=worker, type_code="FSL_MAINTIEN")
    adil = OrganisationFactory(type=OrganisationType.ADIL)
    referral = services.referral_send(
        household=household, by=worker, to_organisation=adil, reason="AUTRE",
        due_on=TODAY + datetime.timedelta(20),
    )  # fmt: skip

    # Day 0: the deadline is 30 days away (rule: 15), the measure is new (30), the referral's
    # answer is due in 20 days (15): nothing yet.
    assert _run(TODAY) == {"procedures": (0, 0), "dispositifs": (0, 0), "orientations": (0, 0)}

    # Day 6: the referral is due in 14 days: one task for the recipient, once.
    day = TODAY + datetime.timedelta(6)
    assert _run(day)["orientations"] == (1, 0)
    assert _run(day)["orientations"] == (0, 0)  # idempotent
    (task,) = _open("ORIENTATION_A_TRAITER")
    assert (task.organisation_id, task.referral_id, task.due_on) == (
        adil.pk,
        referral.pk,
        referral.due_on,
    )

    # Day 16: the deadline is 14 days away: one task per involved organisation.
    day = TODAY + datetime.timedelta(16)
    assert _run(day)["procedures"] == (2, 0)
    tasks = _open("ECHEANCE_PROCEDURE")
    assert {t.organisation_id for t in tasks} == {worker.organisation_id, landlord.organisation_id}
    assert all(t.due_on == TODAY + datetime.timedelta(30) for t in tasks)
    # The deadline moves: the tasks follow, none is added.
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=day + datetime.timedelta(3))
    assert _run(day)["procedures"] == (0, 0)
    assert {t.due_on for t in _open("ECHEANCE_PROCEDURE")} == {day + datetime.timedelta(3)}

    # The recipient answers: its task closes at once, and the job does not raise it again.
    services.referral_accept(referral=referral, by=MembershipFactory(organisation=adil))
    assert not _open("ORIENTATION_A_TRAITER")
    result = _run(day)
    assert result["orientations"] == (0, 0)
    assert result["procedures"] == (1, 0)  # the ADIL is now involved: it sees the deadline

    # Day 30: the measure proposed on day 0 has waited 30 days: « à relancer ».
    day = TODAY + datetime.timedelta(30)
    result = _run(day)
    assert result["dispositifs"] == (1, 0)
    assert result["procedures"] == (0, 3)  # the deadline has passed
    (task,) = _open("RELANCE_DISPOSITIF")
    assert (task.measure_id, task.organisation_id) == (measure.pk, worker.organisation_id)
    services.measure_change(measure=measure, by=worker, status="DEMANDEE")
    assert _run(day + datetime.timedelta(1))["dispositifs"] == (0, 1)


@pytest.mark.django_db
def test_a_rule_at_zero_stops_a_kind_dated_configuration(file):
    household, procedure, worker = file
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=TODAY + datetime.timedelta(5))
    assert _run(TODAY)["procedures"] == (1, 0)
    # From tomorrow, this département generates no such task (a new dated row, value 0).
    LegalRule.objects.filter(code="TACHE_ECHEANCE_PROCEDURE").update(
        valid_to=TODAY + datetime.timedelta(1)
    )
    base = LegalRule.objects.get(code="TACHE_ECHEANCE_PROCEDURE")
    LegalRule.objects.create(
        code=base.code, label=base.label, value=0, unit=base.unit, legal_basis=base.legal_basis,
        short_basis=base.short_basis, valid_from=TODAY + datetime.timedelta(1), departement_id="93",
    )  # fmt: skip
    clear_rule_cache()
    assert _run(TODAY)["procedures"] == (0, 0)
    assert _run(TODAY + datetime.timedelta(1))["procedures"] == (0, 1)


@pytest.mark.django_db
def test_manual_task_create_assign_done_with_history(file):
    household, _, worker = file
    colleague = MembershipFactory(organisation=worker.organisation)
    stranger = MembershipFactory()
    task = services.task_create(
        household=household, by=worker, title="Appeler le bailleur", due_on=TODAY
    )
    assert task.kind == "MANUELLE" and task.organisation_id == worker.organisation_id
    with pytest.raises(ValidationError, match="pas membre active de votre organisme"):
        services.task_assign(task=task, by=worker, assigned_to_id=stranger.user_id)
    services.task_assign(task=task, by=worker, assigned_to_id=colleague.user_id)
    task.refresh_from_db()
    assert task.assigned_to_id == colleague.user_id
    # given again to the same person: nothing changes, nothing in the history
    services.task_assign(task=task, by=worker, assigned_to_id=colleague.user_id)
    services.task_done(task=task, by=colleague)
    task.refresh_from_db()
    assert (task.resolved_on, task.done_by_id) == (TODAY, colleague.user_id)
    with pytest.raises(ValidationError, match="déjà faite"):
        services.task_done(task=task, by=colleague)
    logs = WriteLog.objects.filter(object_type="TACHE", object_id=task.pk).order_by("id")
    assert [log.summary.split(" :")[0] for log in logs] == [
        "Tâche créée", "Tâche confiée", "Tâche faite",
    ]  # fmt: skip
    assert {log.organisation_id for log in logs} == {worker.organisation_id}


@pytest.mark.django_db
def test_generated_tasks_are_not_marked_done_by_hand(file):
    household, procedure, worker = file
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=TODAY + datetime.timedelta(5))
    _run(TODAY)
    (task,) = _open("ECHEANCE_PROCEDURE")
    with pytest.raises(ValidationError, match="se ferment d'elles-mêmes"):
        services.task_done(task=task, by=worker)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(max_size=320),
    due=st.one_of(st.none(), st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1))),
)
def test_manual_task_bad_input_is_refused_in_french_with_no_write(file, title, due):
    household, _, worker = file
    before = Alert.objects.count(), WriteLog.objects.count()
    try:
        services.task_create(household=household, by=worker, title=title, due_on=due)
    except ValidationError as exc:
        assert any(w in " ".join(exc.messages) for w in ("tâche", "échéance"))
        assert (Alert.objects.count(), WriteLog.objects.count()) == before
    else:
        assert title.strip() and len(title.strip()) <= 300 and "\x00" not in title
        assert Alert.objects.count() == before[0] + 1


@pytest.mark.django_db
def test_a_nul_character_in_a_task_is_refused_on_both_engines(file):
    household, _, worker = file
    with pytest.raises(ValidationError, match="caractère de contrôle"):
        services.task_create(household=household, by=worker, title="appeler\x00")
    assert not Alert.objects.filter(kind="MANUELLE").exists()


@pytest.mark.django_db
def test_home_page_is_the_work_list_sorted_filtered_and_counted(file, client, login_as):
    household, procedure, worker = file
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=TODAY + datetime.timedelta(5))
    _run(TODAY)
    services.task_create(
        household=household, by=worker, title="TACHE-LATE", due_on=TODAY - datetime.timedelta(2)
    )
    mine = services.task_create(household=household, by=worker, title="TACHE-MINE", due_on=TODAY)
    services.task_assign(task=mine, by=worker, assigned_to_id=worker.user_id)
    services.task_create(household=household, by=worker, title="TACHE-NODATE")
    login_as(worker)
    html = client.get("/").content.decode()
    order = [
        html.index(s)
        for s in (
            "TACHE-LATE",
            "TACHE-MINE",
            "Prochaine échéance de la procédure le ",
            "TACHE-NODATE",
        )
    ]
    assert order == sorted(order)
    assert 'id="open-task-count">4<' in html
    assert "en retard" in html
    mine_only = client.get("/", {"mine": "on"}).content.decode()
    assert "TACHE-MINE" in mine_only and "TACHE-LATE" not in mine_only
    late = client.get("/", {"due": "retard"}).content.decode()
    assert "TACHE-LATE" in late and "TACHE-MINE" not in late
    kind = client.get("/", {"kind": "ECHEANCE_PROCEDURE"}, HTTP_HX_REQUEST="true")
    assert (
        "Prochaine échéance de la procédure le " in kind.content.decode()
        and "TACHE-" not in kind.content.decode()
    )
    bad = client.get("/", {"kind": "N'IMPORTE", "due": "hier"})
    assert bad.status_code == 400
    assert "Type de tâche inconnu." in bad.content.decode()
    assert AccessLog.objects.filter(what="Liste « à faire »").exists()
    # The files' list stays reachable.
    assert client.get("/dossiers/").status_code == 200


@pytest.mark.django_db
def test_manual_task_pages_refuse_bad_input_in_french(file, client, login_as):
    household, _, worker = file
    login_as(worker)
    page = client.get("/suivi/taches/nouvelle/").content.decode()
    # Opened from « À faire », not from a file: the way back says so.
    assert "Retour à « À faire »" in page and "Retour au dossier" not in page
    cases = [
        ({"reference": "", "title": "x"}, "Indiquez la référence du dossier."),
        ({"reference": "INCONNU", "title": "x"}, "Dossier introuvable"),
        ({"reference": household.reference, "title": ""}, "Décrivez la tâche."),
        ({"reference": household.reference, "title": "x", "due_on": "32/13/2025"}, "Date"),
        ({"reference": household.reference, "title": "x", "assigned_to": "99999"}, "pas de votre organisme"),
    ]  # fmt: skip
    for data, message in cases:
        response = client.post("/suivi/taches/nouvelle/", data)
        assert response.status_code == 422, data
        assert message in response.content.decode(), data
    assert not Alert.objects.exists()
    response = client.post(
        "/suivi/taches/nouvelle/",
        {"reference": household.reference, "title": "Relancer la CAF", "due_on": "12/03/2025",
         "assigned_to": str(worker.user_id)},
    )  # fmt: skip
    assert response.status_code == 302
    task = Alert.objects.get()
    assert (task.message, task.due_on, task.assigned_to_id) == (
        "Relancer la CAF", datetime.date(2025, 3, 12), worker.user_id,
    )  # fmt: skip
    assert (
        client.post(f"/suivi/taches/{task.pk}/confier/", {"assigned_to": "abc"}).status_code == 302
    )
    task.refresh_from_db()
    assert task.assigned_to_id == worker.user_id  # refused, unchanged
    fragment = client.get(f"/suivi/taches/{task.pk}/confier/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "Confiée à" in fragment.content.decode()
    assert (
        "Retour à « À faire »" in client.get(f"/suivi/taches/{task.pk}/confier/").content.decode()
    )
    client.post(f"/suivi/taches/{task.pk}/faite/")
    task.refresh_from_db()
    assert task.resolved_on == TODAY
    assert client.post("/suivi/taches/abc/faite/").status_code == 404


@pytest.mark.django_db
def test_measure_of_unused_type_still_counts(file):
    """The relaunch job reads measures of any catalogue type (sanity on the join)."""
    household, _, worker = file
    m = services.measure_propose(
        household=household, by=worker, type_code="ASLL", on=TODAY - datetime.timedelta(40)
    )
    assert Measure.objects.filter(pk=m.pk).exists()
    assert _run(TODAY)["dispositifs"] == (1, 0)
    assert worker.role == Role.TRAVAILLEUR_SOCIAL


@pytest.mark.django_db
def test_a_deadline_task_names_its_deadline_from_the_procedure(file):
    """« Échéance proche » says which deadline: its own text as the procedure computes it
    (what, when, legal basis from the dated rule), not « prochaine échéance »."""
    from prevex.procedures.models import Event, Stage
    from prevex.procedures.refresh import open_procedures_refresh

    household, procedure, worker = file
    day = datetime.date(2025, 4, 1)  # the DSF is due to the judge on 14/04, the hearing 15/04
    clock.freeze(day)
    open_procedures_refresh()
    assert _run(day)["procedures"] == (1, 0)
    (task,) = _open("ECHEANCE_PROCEDURE")
    assert task.due_on == datetime.date(2025, 4, 14)
    assert task.message == (
        "Diagnostic social et financier à transmettre au juge au plus tard le 14/04/2025 "
        "(Loi 1989 art. 24 III : avant l'audience du 15/04/2025)"
    )
    # The DSF reaches the judge: the next deadline is the hearing, and the task says so.
    Event.objects.create(procedure=procedure, stage=Stage.DSF, date=day)
    open_procedures_refresh()
    assert _run(day)["procedures"] == (0, 0)  # moved and renamed, not a new task
    (task,) = _open("ECHEANCE_PROCEDURE")
    assert (task.due_on, task.message) == (
        datetime.date(2025, 4, 15),
        "Audience au tribunal le 15/04/2025",
    )


@pytest.mark.django_db
def test_a_passed_deadline_drops_out_of_the_lists_before_the_night_closes_it(
    file, client, login_as
):
    """A deadline reminder whose day has passed is not shown any more (work list, header
    count, alerts page, file page), while its row waits for the next night's run to close
    it; a referral or a manual task past its date stays, « en retard »."""
    household, procedure, worker = file
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=TODAY + datetime.timedelta(3))
    assert _run(TODAY)["procedures"] == (1, 0)
    services.dsf_requests_for_assignations()
    Alert.objects.create(
        kind="DSF_NON_TRANSMIS", household=household, departement_id="93",
        organisation=worker.organisation, dsf=Dsf.objects.get(), message="DSF-PASSE",
        due_on=TODAY + datetime.timedelta(2), raised_on=TODAY,
    )  # fmt: skip
    services.task_create(household=household, by=worker, title="MANUELLE-PASSEE", due_on=TODAY)
    login_as(worker)

    def shown():
        home = client.get("/").content.decode()
        count = int(home.split('id="open-task-count">')[1].split("<")[0])
        alerts = client.get("/suivi/alertes/").content.decode()
        file_page = client.get(f"/menages/{household.pk}/").content.decode()
        return (
            "Prochaine échéance" in home,
            "DSF-PASSE" in home,
            "DSF-PASSE" in alerts,
            "DSF-PASSE" in file_page,
            "MANUELLE-PASSEE" in home,
            count,
        )

    assert shown() == (True, True, True, True, True, 3)
    clock.freeze(TODAY + datetime.timedelta(4))  # both dates passed, no job run yet
    assert shown() == (False, False, False, False, True, 1)
    assert Alert.objects.filter(resolved_on__isnull=True).count() == 3  # rows untouched


@pytest.mark.django_db
def test_the_type_filter_offers_the_kinds_the_organisation_has(file, client, login_as):
    household, procedure, worker = file
    landlord = member_of(household, OrganisationType.BAILLEUR_SOCIAL)
    services.task_create(household=household, by=worker, title="TACHE-A")
    login_as(landlord)
    page = client.get("/").content.decode()
    assert 'value="MANUELLE"' not in page and 'value="DSF_NON_TRANSMIS"' not in page
    # A saved link to a kind of prevex still reads (an empty list, not an error).
    saved = client.get("/", {"kind": "DSF_NON_TRANSMIS"})
    assert saved.status_code == 200
    assert 'value="DSF_NON_TRANSMIS"' in saved.content.decode()
    login_as(worker)
    page = client.get("/").content.decode()
    assert 'value="MANUELLE"' in page and 'value="PLAN_IMPAYES"' not in page
