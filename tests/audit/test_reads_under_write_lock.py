"""Reads never fail while another connection holds SQLite's write lock (an import), and
no journal row is lost: the rows wait in the spool and are inserted once the lock is
released (prevex/audit/buffer.py)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

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


def _reads(client, household_id) -> list[int]:
    return [
        client.get(f"/menages/{household_id}/").status_code,
        client.get("/dossiers/").status_code,
        client.get("/").status_code,  # the home page: the work list
    ]


def test_file_pages_and_dashboard_answer_while_an_import_holds_the_write_lock(
    settings,
    login_as,
    ccapex,  # noqa: F811
    known_file,  # noqa: F811
):
    settings.PREVEX_JOURNAL_WAIT_SECONDS = 0.1
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")  # as in production (settings/base.py)
    clients = [login_as(ccapex, the_client=Client()) for _ in range(THREADS)]

    # Journal rows of one round of reads, without contention.
    before = AccessLog.objects.count()
    assert _reads(clients[0], known_file.pk) == [200, 200, 200]
    per_round = AccessLog.objects.count() - before
    assert per_round >= 2

    # Another connection (an import) takes the write lock and keeps it.
    statuses: list[int] = []
    with write_lock_held():
        read_in_threads(clients, lambda c: statuses.extend(_reads(c, known_file.pk)), ROUNDS)
        assert statuses == [200] * (THREADS * ROUNDS * 3)
        # Nothing could be written meanwhile: every row is waiting in the spool.
        assert buffer.pending_files()
        assert AccessLog.objects.count() == before + per_round

    buffer.drain_spool()
    assert not buffer.pending_files()
    assert AccessLog.objects.count() == before + per_round * (1 + THREADS * ROUNDS)
    assert AccessLog.objects.filter(household_id=known_file.pk).count() >= 1 + THREADS * ROUNDS


def test_a_free_lock_writes_the_rows_at_once_and_drains_earlier_ones(settings, tmp_path):
    settings.PREVEX_JOURNAL_SPOOL_DIR = tmp_path
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    row = {
        "user_id": membership.user_id,
        "organisation_id": membership.organisation_id,
        "household_id": None,
        "action": "VIEW",
        "what": "Liste",
    }
    with buffer.buffered():
        buffer.record([dict(row)])
    assert AccessLog.objects.count() == 1
    buffer.spool([{**row, "at": AccessLog.objects.get().at}])
    with buffer.buffered():
        buffer.record([dict(row)])
    assert AccessLog.objects.count() == 3 and not buffer.pending_files()


def test_concurrent_drainers_insert_each_spooled_file_once(settings, tmp_path):
    settings.PREVEX_JOURNAL_SPOOL_DIR = tmp_path
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    row = {
        "user_id": membership.user_id,
        "organisation_id": membership.organisation_id,
        "household_id": 7,
        "action": "VIEW",
        "what": "Dossier du ménage",
    }
    from django.utils import timezone

    for _ in range(40):
        buffer.spool([{**row, "at": timezone.now()}])
    errors: list[BaseException] = []

    def drainer():
        try:
            buffer.drain_spool()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=drainer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert AccessLog.objects.filter(household_id=7).count() == 40
    assert not list(tmp_path.iterdir())
