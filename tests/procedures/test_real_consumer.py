"""One test runs the real job consumer (``manage.py run_huey``, as ``make demo`` does):
a procedure made stale by a rule edit is refreshed by the queued job, in another process,
through the SQLite job storage and a database file of its own, and recorded (JobRun) by
the consumer's huey signals."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import datetime
from prevex.core import clock
from prevex.procedures.models import Procedure
from prevex.procedures.services import procedure_open
from prevex.households.services import household_create
from prevex.core.models import Commune, Departement
Departement.objects.get_or_create(code="93", defaults={"name": "Seine-Saint-Denis", "region_code": "11"})
commune, _ = Commune.objects.get_or_create(insee="93066", defaults={"name": "Saint-Denis", "departement_id": "93"})
household = household_create(by=None, departement="93", address="1 rue A", postal_code="93200",
    commune=commune, parc="PRIVE", rent=700, members=[{"role": "TITULAIRE", "last_name": "A", "first_name": "B"}])
procedure = procedure_open(household=household, stage="CQL", date=clock.today() - datetime.timedelta(days=3), by=None)
Procedure.objects.filter(pk=procedure.pk).update(key_deadline=None)  # stale
print(procedure.pk)
"""
ENQUEUE = """
from prevex.procedures.tasks import refresh_after_rule_change
print(refresh_after_rule_change("93").get(blocking=True, timeout=90))
"""
CHECK = """
from prevex.core.models import JobRun
from prevex.procedures.models import Procedure
run = JobRun.objects.get(name="procedures.tasks.refresh_after_rule_change")
print(run.state, run.attempts, run.finished_at is not None)
print(Procedure.objects.get(pk={pk}).key_deadline is not None)
"""


def _manage(env, *args, timeout=180):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    ).stdout.strip()


def test_the_consumer_runs_a_queued_refresh(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prevex.settings.dev",
        "PREVEX_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PREVEX_HUEY_FILE": str(tmp_path / "huey.sqlite3"),
    }
    _manage(env, "migrate", "--noinput", timeout=600)
    pk = _manage(env, "shell", "-c", SETUP).splitlines()[-1]
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        changed = _manage(env, "shell", "-c", ENQUEUE, timeout=120).splitlines()[-1]
        assert changed == "1"
        recorded, refreshed = _manage(env, "shell", "-c", CHECK.format(pk=pk)).splitlines()[-2:]
        assert refreshed == "True"
        assert recorded == "TERMINE 1 True"  # the consumer's signals filled the record
    finally:
        consumer.terminate()
        deadline = time.monotonic() + 20
        while consumer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        if consumer.poll() is None:
            consumer.kill()
