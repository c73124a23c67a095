"""The job runner's configuration and record: Redis when PREVEX_REDIS_URL is set (and a
real round trip through the local Redis), SQLite otherwise; every job recorded (JobRun)
and shown read-only in the admin."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils.module_loading import import_string
from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer

from prevex.core.models import JobRun, JobState
from prevex.procedures.tasks import refresh_after_rule_change
from prevex.settings.jobs import huey_settings
from tests.factories import MembershipFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
LOCAL_REDIS = os.environ.get("PREVEX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def build(config: dict):
    """The huey instance, as huey.contrib.djhuey builds it from the HUEY setting."""
    config = dict(config)
    config.pop("consumer")
    return import_string(config.pop("huey_class"))(config.pop("name"), **config)


def test_sqlite_queue_by_default(tmp_path):
    config = huey_settings({"PREVEX_HUEY_FILE": str(tmp_path / "q.sqlite3")}, tmp_path)
    huey = build(config)
    assert isinstance(huey, SqliteHuey) and huey.storage.filename == str(tmp_path / "q.sqlite3")
    default = huey_settings({}, tmp_path)
    assert default["filename"] == str(tmp_path / "var" / "huey.sqlite3")


def test_sqlite_queue_folder_is_created_on_a_fresh_clone(tmp_path):
    """A fresh clone has no var/: Django must still start (huey opens its file then)."""
    base = tmp_path / "clone"
    config = huey_settings({}, base)
    assert (base / "var").is_dir()
    nested = tmp_path / "a" / "b" / "q.sqlite3"
    build(huey_settings({"PREVEX_HUEY_FILE": str(nested)}, base))  # opens its file
    assert nested.exists() and config["filename"] == str(base / "var" / "huey.sqlite3")


def test_redis_queue_when_prevex_redis_url_is_set(tmp_path):
    config = huey_settings({"PREVEX_REDIS_URL": "redis://cache.example:6380/2"}, tmp_path)
    assert config["huey_class"] == "huey.RedisHuey" and "filename" not in config
    huey = build(config)
    assert isinstance(huey, RedisHuey)
    kwargs = huey.storage.pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("cache.example", 6380, 2)


def test_the_project_settings_read_the_variable():
    """The real settings module (not the tests'), in a fresh process."""
    code = (
        "import django; django.setup(); from huey.contrib.djhuey import HUEY; "
        "print(type(HUEY).__name__, HUEY.storage.pool.connection_kwargs['db'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prevex.settings.dev",
        "PREVEX_REDIS_URL": "redis://127.0.0.1:6379/7",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["RedisHuey", "7"]


def _answers(url: str) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture
def redis_url(tmp_path):
    """The local Redis when it answers (CI: part of the test setup); otherwise a throwaway
    ``redis-server`` (installed by ``make test``) on a free port, stopped afterwards."""
    if _answers(LOCAL_REDIS):
        yield LOCAL_REDIS
        return
    if os.environ.get("PREVEX_TEST_POSTGRES"):  # CI: Redis is part of the test setup
        pytest.fail(f"Redis injoignable à {LOCAL_REDIS}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not _answers(url):
            assert server.poll() is None and time.monotonic() < deadline, (
                "redis-server n'a pas démarré"
            )
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_job_really_goes_through_redis_and_a_consumer(redis_url):
    config = huey_settings({"PREVEX_REDIS_URL": redis_url}, ROOT)
    config["name"] = f"prevex-test-{uuid.uuid4().hex[:8]}"
    huey = build(config)

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1  # stored in Redis, not run here
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = Consumer(huey, workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        assert result.get(blocking=True, timeout=30) == 5
        pending = huey.pending_count()
    finally:
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        huey.storage.flush_all()
        # Last: a Redis call after this opens a connection that nothing closes (a
        # ResourceWarning at the end of the run, an error under filterwarnings).
        huey.storage.pool.disconnect()
    assert pending == 0


@pytest.mark.django_db
def test_a_project_job_is_recorded_with_who_queued_it():
    from prevex.core import jobs

    user = UserFactory()
    task = jobs.enqueue(refresh_after_rule_change.s("93"), by=user)
    run = JobRun.objects.get(task_id=task.id)
    assert run.name == "procedures.tasks.refresh_after_rule_change"
    assert (run.arguments, run.state, run.attempts, run.queued_by) == ("'93'", "TERMINE", 1, user)
    assert run.retries_left == 2  # the job's retry policy
    refresh_after_rule_change(departement="75")  # queued without an author
    other = JobRun.objects.exclude(pk=run.pk).get()
    assert other.arguments == "departement='75'" and other.queued_by is None


@pytest.mark.django_db
def test_the_admin_lists_jobs_read_only_with_filters(login_as):
    user = UserFactory(is_staff=True, is_superuser=True)
    client = login_as(MembershipFactory(user=user))
    JobRun.objects.create(
        task_id="a",
        name="intake.tasks.import_batch",
        state=JobState.FAILED,
        attempts=4,
        error="ImportInterrupted : base injoignable",
    )
    JobRun.objects.create(
        task_id="b", name="procedures.tasks.refresh_deadlines", state=JobState.DONE, attempts=1
    )
    url = reverse("admin:core_jobrun_changelist")

    def listed(**filters) -> list[str]:
        response = client.get(url, filters)
        assert response.status_code == 200
        return [run.task_id for run in response.context["cl"].result_list]

    assert listed() == ["b", "a"]
    assert listed(state__exact="ECHEC") == ["a"]
    assert listed(name="procedures.tasks.refresh_deadlines") == ["b"]
    assert client.get(reverse("admin:core_jobrun_add")).status_code == 403
    pk = JobRun.objects.get(task_id="a").pk
    page = client.get(reverse("admin:core_jobrun_change", args=[pk])).content.decode()
    assert "base injoignable" in page and 'name="_save"' not in page
    assert (
        client.post(reverse("admin:core_jobrun_delete", args=[pk]), {"post": "yes"}).status_code
        == 403
    )
    assert JobRun.objects.count() == 2


@pytest.mark.django_db
def test_a_failing_record_never_breaks_the_job(monkeypatch, caplog):
    from prevex.core import jobs

    def broken(*args, **kwargs):
        raise DatabaseError("table verrouillée")

    monkeypatch.setattr(jobs, "_record", broken)
    result = jobs.enqueue(refresh_after_rule_change.s("93"))
    assert result.get() == 0  # the job ran and returned
    assert "suivi non enregistré" in caplog.text
    assert not JobRun.objects.exists()
