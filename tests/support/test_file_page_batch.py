"""The file page's batch (prevex.core.batch): the page reads the same things, in one
round trip on PostgreSQL; rows and model instances are those the database gives."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.core import batch
from prevex.households.models import SocialEvaluation
from prevex.households.social import LATEST_EVALUATION_SQL
from prevex.procedures.models import Event, Procedure
from prevex.procedures.selectors import EVENTS_SQL, PROCEDURES_SQL
from prevex.support import services

from .test_file_page_reads import _follow_up

_VARYING = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|csrf_token": ")[^"]*')


def _page(client, url, mode, monkeypatch) -> str:
    monkeypatch.setattr(batch, "ALWAYS", mode)
    response = client.get(url)
    assert response.status_code == 200
    return _VARYING.sub(r"\1…", response.content.decode())


def _logged_in_file(file, login_as, *, contacts: int) -> str:
    """The social worker's file with a DSF and follow-up, logged in: the page's URL."""
    household, procedure, worker = file
    services.dsf_request(procedure=procedure, by=worker)
    _follow_up(household, worker, contacts=contacts, measures=2, plans=1)
    login_as(worker)
    return f"/menages/{household.pk}/"


@pytest.mark.django_db
def test_the_page_is_the_same_with_and_without_the_batch(file, client, login_as, monkeypatch):
    url = _logged_in_file(file, login_as, contacts=12)
    lazy = _page(client, url, False, monkeypatch)
    batched = _page(client, url, True, monkeypatch)
    assert "Relance" in lazy and "Plan négocié" in lazy  # the follow-up and the plan are shown
    assert batched == lazy


@pytest.mark.django_db
def test_the_panels_statements_go_in_one_round_trip(file, client, login_as, monkeypatch):
    url = _logged_in_file(file, login_as, contacts=3)
    monkeypatch.setattr(batch, "ALWAYS", True)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    queries = [q["sql"] for q in captured.captured_queries]
    batched = [q for q in queries if "support_contact" in q]
    assert len(batched) == 1  # the contacts are read once, in the batch
    if connection.vendor == "postgresql":
        # One execute holds the household's rows, the acts, the follow-up, the plans, the
        # commissions' presence and the header's count; nothing of it is read again.
        (sql,) = batched
        for table in (
            "households_member",
            "procedures_event",
            "support_repaymentplan",
            "support_measurestep",
            "commissions_agendaitem",
            "AS open_tasks",
        ):  # fmt: skip  (the last: the header's count)
            assert table in sql
            assert sum(table in q for q in queries) == 1, table


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [True, False])
def test_models_match_raw_on_this_engine(file, monkeypatch, mode):
    household, procedure, worker = file
    services.plan_open(
        household=household, by=worker, origin="NEGOCIE",
        starts_on=datetime.date(2025, 1, 5), debt_amount=Decimal("612.34"), instalments=6,
    )  # fmt: skip
    monkeypatch.setattr(batch, "ALWAYS", mode)
    for model, sql in ((Procedure, PROCEDURES_SQL), (Event, EVENTS_SQL)):
        expected = list(model.objects.raw(sql, [household.pk]))
        with batch.prefetched([(sql, [household.pk])]):
            got = batch.models(model, sql, [household.pk])
        assert [o.pk for o in got] == [o.pk for o in expected]
        for a, b in zip(got, expected, strict=True):
            for f in model._meta.concrete_fields:
                assert getattr(a, f.attname) == getattr(b, f.attname), f.name
                assert type(getattr(a, f.attname)) is type(getattr(b, f.attname)), f.name
    dated = [e for e in Event.objects.filter(procedure=procedure)]
    assert any(isinstance(e.date, datetime.date) for e in dated)


@pytest.mark.django_db
def test_a_statement_is_taken_once_then_read_again(file):
    household, _, _ = file
    statement = (PROCEDURES_SQL, [household.pk])
    with batch.prefetched([statement], force=True):
        with CaptureQueriesContext(connection) as first:
            assert [r[0] for r in batch.rows(*statement)]
        with batch.prefetched([statement], force=True), CaptureQueriesContext(connection) as nested:
            pass  # held by the outer batch: not run again
        with CaptureQueriesContext(connection) as second:
            again = batch.rows(*statement)
    assert len(first) == 0 and len(nested) == 0
    assert len(second) == 1 and again  # taken: the database answers the second time
    with CaptureQueriesContext(connection) as outside:
        assert batch.models(SocialEvaluation, LATEST_EVALUATION_SQL, [household.pk]) == []
    assert len(outside) == 1


@pytest.mark.django_db
def test_a_statement_with_a_list_parameter_is_run_when_read_not_batched(file):
    household, _, _ = file
    assert batch._key("SELECT 1 WHERE 1 = ANY(%s)", [[1, 2]]) is None  # unhashable: no key
    if connection.vendor != "postgresql":
        return  # SQLite binds no arrays; the key test above is the engine-free part
    statement = ("SELECT id FROM households_household WHERE id = ANY(%s)", [[household.pk]])
    with batch.prefetched([statement], force=True), CaptureQueriesContext(connection) as read:
        rows = batch.rows(*statement)
    assert rows == [(household.pk,)]
    assert len(read) == 1  # not in the batch (nothing to prefetch): run when read
