"""A served request's journal rows go in one INSERT statement of their own (one round
trip, committed before the answer leaves), many rows through COPY in a transaction; no
row is lost or changed on the way (prevex/audit/buffer.py), on both engines."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prevex.audit import buffer
from prevex.audit.models import AccessLog
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded_db")]


def _rows(membership, n: int, at=None) -> list[dict]:
    return [
        {
            "user_id": membership.user_id,
            "organisation_id": membership.organisation_id,
            "household_id": 1000 + i,  # no constraint: the file may be gone since
            "action": "VIEW",
            "what": f"Dossier « {i} » ; l'été",
            **({"at": at} if at is not None else {}),
        }
        for i in range(n)
    ]


def test_one_read_is_one_insert_statement_committed_at_once(settings, tmp_path):
    settings.PREVEX_JOURNAL_SPOOL_DIR = tmp_path
    membership = MembershipFactory()
    read_at = timezone.now() - datetime.timedelta(seconds=3)
    with CaptureQueriesContext(connection) as captured, buffer.buffered():
        buffer.record(_rows(membership, 1, at=read_at))
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 1 and statements[0].startswith("INSERT INTO")
    assert not connection.in_atomic_block and not buffer.pending_files()
    row = AccessLog.objects.get()
    assert (row.user_id, row.organisation_id, row.household_id, row.action, row.what) == (
        membership.user_id,
        membership.organisation_id,
        1000,
        "VIEW",
        "Dossier « 0 » ; l'été",
    )
    assert row.at == read_at  # the time of the read, not of the write


@pytest.mark.parametrize("n", [buffer.STATEMENT_ROWS, buffer.STATEMENT_ROWS + 1])
def test_every_row_of_a_request_is_written_whichever_the_path(settings, tmp_path, n):
    settings.PREVEX_JOURNAL_SPOOL_DIR = tmp_path
    membership = MembershipFactory()
    buffer.record(_rows(membership, 3))  # no buffer: COPY at once, ids taken first
    with buffer.buffered():
        buffer.record(_rows(membership, n))
    with buffer.buffered():
        buffer.record(_rows(membership, 2))
    assert AccessLog.objects.count() == 3 + n + 2
    assert sorted(AccessLog.objects.values_list("household_id", flat=True)) == sorted(
        [1000 + i for i in range(3)] + [1000 + i for i in range(n)] + [1000, 1001]
    )
    assert not buffer.pending_files()
