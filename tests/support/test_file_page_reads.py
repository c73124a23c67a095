"""The file page reads the follow-up in a fixed number of queries, whatever its size
(about 10 contacts, 2 measures and 1 plan per household in the benchmark's terms)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prevex.support import services


def _follow_up(household, by, contacts: int, measures: int, plans: int):
    for i in range(contacts):
        services.contact_record(
            household=household, by=by, channel="SMS", direction="SORTANT",
            at=timezone.now() - datetime.timedelta(hours=i + 1), purpose="RELANCE",
            outcome="NON_JOINT",
        )  # fmt: skip
    for code in ["ASLL", "MASP", "AVDL"][:measures]:
        services.measure_propose(household=household, by=by, type_code=code)
    for i in range(plans):
        services.plan_open(
            household=household, by=by, origin="NEGOCIE",
            starts_on=datetime.date(2025, 1, 5 + i), debt_amount=600, instalments=6,
        )  # fmt: skip


@pytest.mark.django_db
def test_file_page_query_count_does_not_grow_with_the_follow_up(file, client, login_as):
    household, procedure, worker = file
    services.dsf_request(procedure=procedure, by=worker)
    _follow_up(household, worker, contacts=1, measures=1, plans=1)
    login_as(worker)
    url = f"/menages/{household.pk}/"
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _follow_up(household, worker, contacts=25, measures=2, plans=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Relance") == 20  # the 20 latest contacts
    assert len(many) == len(few)
