"""Sessions whose idle clock must move on do not write the database: while an import
holds SQLite's write lock, their reads answer, and every read is journaled.

The load test on SQLite (docs/benchmarks.md) had 47 answers 400 after 25–31 s: the
session's last-activity save waited for the lock, then failed « database is locked ».
docs/decisions/2026-12-01-idle-clock-in-a-signed-cookie.md."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from prevex.accounts.middleware import ACTIVITY_COOKIE, IDLE_KEY
from prevex.audit import buffer
from prevex.audit.models import AccessLog
from tests.access.conftest import ccapex, known_file, territory  # noqa: F401
from tests.audit.write_lock import read_in_threads, write_lock_held

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded_db"),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="PostgreSQL: a read never waits for a writer"
    ),
]

THREADS = 4
ROUNDS = 3


def _stale(client) -> None:
    """The session's last activity is two minutes old: its next request moves the clock."""
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 120
    session.save()
    client.cookies.pop(ACTIVITY_COOKIE, None)


def test_reads_that_move_the_idle_clock_answer_while_an_import_holds_the_write_lock(
    settings,
    login_as,
    ccapex,  # noqa: F811
    known_file,  # noqa: F811
):
    settings.PREVEX_JOURNAL_WAIT_SECONDS = 0.1
    settings.PREVEX_SESSION_TOUCH_SECONDS = 0  # every request moves the idle clock
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")  # as in production (settings/base.py)
    clients = [login_as(ccapex, the_client=Client()) for _ in range(THREADS)]
    for client in clients:
        _stale(client)
    stored = dict(Session.objects.values_list("session_key", "session_data"))
    before = AccessLog.objects.count()
    file_reads_before = AccessLog.objects.filter(household_id=known_file.pk).count()

    # Another connection (an import chunk) takes the write lock and keeps it.
    answers: list[tuple[str, int, bool]] = []

    def read(client):
        for path in (f"/menages/{known_file.pk}/", "/"):  # file page, dashboard
            response = client.get(path)
            answers.append((path, response.status_code, ACTIVITY_COOKIE in response.cookies))

    with write_lock_held():
        read_in_threads(clients, read, ROUNDS)
        assert len(answers) == THREADS * ROUNDS * 2
        assert {status for _, status, _ in answers} == {200}
        # Every answer moved the idle clock, in the cookie.
        assert all(touched for _, _, touched in answers)

    # No session was written meanwhile, and they are still open.
    assert dict(Session.objects.values_list("session_key", "session_data")) == stored
    for client in clients:
        assert client.get("/").status_code == 200

    # A journal row for every read: the file pages' rows, spooled, are all there.
    buffer.drain_spool()
    assert not buffer.pending_files()
    file_reads = AccessLog.objects.filter(household_id=known_file.pk).count()
    assert file_reads - file_reads_before == THREADS * ROUNDS
    assert AccessLog.objects.count() > before + THREADS * ROUNDS
