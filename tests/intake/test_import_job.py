"""Large imports from the UI run as a background job (intake.tasks.import_batch): the
page polls a progress fragment, stays usable, the job is idempotent, retried after a
technical error, and recorded for the administrator (core JobRun)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from huey.contrib.djhuey import HUEY

from prevex.core import jobs
from prevex.core.models import JobRun, JobState
from prevex.intake import services, tasks, views
from prevex.intake.models import BatchStatus, ImportBatch, ImportChunk, ImportRow
from tests import factories
from tests.intake.conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

HTMX = {"HTTP_HX_REQUEST": "true"}
NAMES = ["Benali", "Traoré", "Nguyen", "Martin", "Da Silva"]


def five_rows() -> bytes:
    return csv_bytes(
        [
            row(reference_acte=f"R{i}", locataire_nom=last, adresse=f"{i + 1} rue {last}")
            for i, last in enumerate(NAMES)
        ]
    )


@pytest.fixture
def small_threshold(monkeypatch):
    """Files above 2 rows go to the job, in chunks of 2 rows."""
    monkeypatch.setattr(views, "UI_CHUNK_ROWS", 2)
    monkeypatch.setattr(views, "SYNC_ROWS", 2)


@pytest.fixture
def queued(monkeypatch):
    """Jobs wait in the (memory) queue instead of running in the calling thread (and keep
    the test's database connection, which a consumer would renew around each job)."""
    monkeypatch.setattr("huey.contrib.djhuey.close_old_connections", lambda: None)
    HUEY.immediate = False
    try:
        yield HUEY
    finally:
        HUEY.flush()
        HUEY.immediate = True


def run_queue(huey) -> None:
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def run_due_retries(huey) -> int:
    later = huey._get_timestamp() + datetime.timedelta(hours=1)  # past every retry delay
    due = huey.read_schedule(later)
    for task in due:
        huey.execute(task, later)
    return len(due)


def _upload(client, content: bytes):
    return client.post("/imports/", {"fichier": SimpleUploadedFile("gros.csv", content)})


def test_large_upload_runs_as_a_recorded_job(client, bailiff, login_as, small_threshold):
    login_as(bailiff)
    response = _upload(client, five_rows())
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/imports/{batch.pk}/"
    assert (batch.status, batch.importes, batch.processed, batch.total) == (
        BatchStatus.TERMINE,
        5,
        5,
        5,
    )
    run = JobRun.objects.get(task_id=batch.job_id)
    assert run.name == "intake.tasks.import_batch"
    assert run.arguments == f"{batch.pk}, {bailiff.pk}"
    assert (run.state, run.attempts, run.queued_by_id) == (JobState.DONE, 1, bailiff.user_id)
    assert run.started_at and run.finished_at and not run.error
    assert not ImportChunk.objects.filter(batch=batch).exists()


def test_small_upload_stays_in_the_request(client, bailiff, login_as):
    login_as(bailiff)
    _upload(client, five_rows())
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.TERMINE and batch.job_id == ""
    assert not JobRun.objects.exists()


def test_progress_bar_while_the_job_runs_and_the_site_stays_usable(
    client, bailiff, login_as, small_threshold, queued
):
    login_as(bailiff)
    response = _upload(client, five_rows())
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.EN_COURS and batch.job_id
    assert JobRun.objects.get(task_id=batch.job_id).state == JobState.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="/imports/{batch.pk}/avancement/"' in page
    assert "Import en attente de traitement : 5 lignes à traiter." in page
    assert "<progress" in page and 'id="resume-import"' not in page  # no stale counters
    # The job has done one chunk (2 rows of 5): the fragment shows it, read only.
    services.batch_process(batch=batch, by=bailiff, atomic=False, max_chunks=1)
    fragment = client.get(f"/imports/{batch.pk}/avancement/", **HTMX).content.decode()
    assert "<html" not in fragment
    assert "2 lignes traitées sur 5 (40&nbsp;%)" in fragment  # no line break before %
    assert 'value="2"' in fragment and 'max="5"' in fragment
    again = client.get(f"/imports/{batch.pk}/avancement/", **HTMX).content.decode()
    assert "2 lignes traitées sur 5" in again  # polling never advances the import
    # Meanwhile the other pages answer.
    assert client.get("/imports/").status_code == 200
    assert client.get("/imports/quarantaine/").status_code == 200
    run_queue(queued)
    batch.refresh_from_db()
    assert (batch.status, batch.importes) == (BatchStatus.TERMINE, 5)
    last = client.get(f"/imports/{batch.pk}/avancement/", **HTMX)
    assert last["HX-Refresh"] == "true"
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'id="resume-import"' in page and "avancement" not in page
    assert JobRun.objects.get(task_id=batch.job_id).state == JobState.DONE


def test_the_job_is_idempotent(bailiff, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    batch = services.batch_start(
        source=bailiff.organisation, content=five_rows(), filename="a.csv", by=bailiff
    )
    first = tasks.import_batch.call_local(batch.pk, bailiff.pk)
    second = tasks.import_batch.call_local(batch.pk, bailiff.pk)
    assert first == second and first["importes"] == 5
    assert ImportRow.objects.count() == 5
    batch.refresh_from_db()
    assert (batch.processed, batch.importes) == (5, 5)
    # Queued twice (a double click, a duplicate message): still one import.
    other = services.batch_start(
        source=bailiff.organisation,
        content=csv_bytes([row(reference_acte="Z1", locataire_nom="Roux")]),
        filename="b.csv",
        by=bailiff,
    )
    tasks.import_batch(other.pk, bailiff.pk)
    tasks.import_batch(other.pk, bailiff.pk)
    assert ImportRow.objects.count() == 6
    assert JobRun.objects.filter(state=JobState.DONE).count() == 2


def test_a_failing_job_is_retried_and_recorded(bailiff, monkeypatch, queued):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    real = services._process_chunk
    failures = []

    def flaky(batch, chunk, by):
        if chunk.number == 1 and len(failures) < 1:
            failures.append(chunk.number)
            raise ConnectionError("serveur de base de données redémarré")
        return real(batch, chunk, by)

    monkeypatch.setattr(services, "_process_chunk", flaky)
    batch = services.batch_start(
        source=bailiff.organisation, content=five_rows(), filename="a.csv", by=bailiff
    )
    task = tasks.import_batch.s(batch.pk, bailiff.pk)
    jobs.enqueue(task, by=bailiff.user)
    run_queue(queued)
    run = JobRun.objects.get(task_id=task.id)
    assert (run.state, run.attempts, run.retries_left) == (JobState.RETRYING, 1, 2)
    assert "ImportInterrupted" in run.error and "ConnectionError" in run.error
    batch.refresh_from_db()
    assert (batch.status, batch.processed) == (BatchStatus.ECHEC, 2)  # chunk 0 kept
    assert run_due_retries(queued) == 1
    run.refresh_from_db()
    assert (run.state, run.attempts, run.queued_by_id) == (JobState.DONE, 2, bailiff.user_id)
    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.importes) == (BatchStatus.TERMINE, 5, 5)
    assert ImportRow.objects.count() == 5


def test_a_job_failing_every_time_ends_failed_after_its_retries(bailiff, monkeypatch, queued):
    def broken(batch, chunk, by):
        raise ConnectionError("base de données injoignable")

    monkeypatch.setattr(services, "_process_chunk", broken)
    batch = services.batch_start(
        source=bailiff.organisation, content=five_rows(), filename="a.csv", by=bailiff
    )
    jobs.enqueue(tasks.import_batch.s(batch.pk, bailiff.pk))
    run_queue(queued)
    while run_due_retries(queued):
        pass
    run = JobRun.objects.get()
    assert run.state == JobState.FAILED and run.attempts == 4  # 1 + retries=3
    assert run.retries_left == 0 and run.finished_at and "(ConnectionError)" in run.error
    assert run.queued_by_id is None
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ECHEC and ImportRow.objects.count() == 0


def test_who_sees_the_progress(client, bailiff, caf, ccapex, login_as, small_threshold, queued):
    login_as(bailiff)
    _upload(client, five_rows())
    batch = ImportBatch.objects.get()
    url = f"/imports/{batch.pk}/avancement/"
    assert client.get(url, **HTMX).status_code == 200
    login_as(ccapex)
    assert client.get(url, **HTMX).status_code == 200
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "5 lignes à traiter" in page and "rapport d'erreurs" not in page
    assert client.get(f"/imports/{batch.pk}/erreurs.csv").status_code == 404
    login_as(caf)
    assert client.get(url, **HTMX).status_code == 404
    assert client.get(f"/imports/{batch.pk}/").status_code == 404
    other = factories.MembershipFactory(
        organisation__ccapex=True,
        organisation__slug="ddets-75",
        organisation__other_departement=True,
    )
    login_as(other)
    assert client.get(url, **HTMX).status_code == 404
    client.logout()
    anonymous = client.get(url, **HTMX)
    assert anonymous.status_code == 204 and "/connexion" in anonymous["HX-Redirect"]
    assert "avancement" not in anonymous.content.decode()
