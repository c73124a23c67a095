"""The file page reads the follow-up in a fixed number of queries, whatever its size
(about 10 contacts, 2 measures and 1 plan per household in the benchmark's terms)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prevex.support import services


def _follow_up(household, by, contacts: int, measures: int, plans: int, first: int = 0):
    """``first``: where a second call starts, so that it adds other measures and plans
    (the same one twice is refused as a double entry)."""
    for i in range(contacts):
        services.contact_record(
            household=household, by=by, channel="SMS", direction="SORTANT",
            at=timezone.now() - datetime.timedelta(hours=i + 1), purpose="RELANCE",
            outcome="NON_JOINT",
        )  # fmt: skip
    for code in ["ASLL", "MASP", "AVDL"][first : first + measures]:
        services.measure_propose(household=household, by=by, type_code=code)
    for i in range(plans):
        services.plan_open(
            household=household, by=by, origin="NEGOCIE",
            starts_on=datetime.date(2025, 1, 5 + first + i), debt_amount=600, instalments=6,
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
    _follow_up(household, worker, contacts=25, measures=2, plans=2, first=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Relance") == 20  # the 20 latest contacts
    assert len(many) == len(few)


# The whole file page of a social worker on a file with follow-up (30 contacts, 3
# measures, 3 plans of 6 instalments): session, user, second factor, membership, the
# file, the involvement, its rows, the social evaluation, procedures and acts, the
# measures' steps on the timeline (1), the plans (2 statements), the follow-up (5), the
# header's count, the journal's write (2 here, inside the test's transaction; one INSERT
# in a served request), the commissions' panels (one statement finds no commission rows
# for the file, so the four querysets of passages, saisines, recommendations and
# outcomes are not run). An N+1 in any panel (one query per contact, measure, plan,
# instalment or payment) would break the bound.
FILE_PAGE_MAX_QUERIES = 23


@pytest.mark.django_db
def test_file_page_queries_are_bounded_and_independent_of_the_follow_up(
    file, client, login_as, django_assert_max_num_queries
):
    household, procedure, worker = file
    services.dsf_request(procedure=procedure, by=worker)
    _follow_up(household, worker, contacts=30, measures=3, plans=3)
    login_as(worker)
    url = f"/menages/{household.pk}/"
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(FILE_PAGE_MAX_QUERIES) as captured:
        assert client.get(url).status_code == 200
    statements = [s for q in captured.captured_queries for s in q["sql"].split(";\n")]
    follow_up = [s for s in statements if "support_" in s]
    # « Suivi »: contacts, DSF, measures, alerts, referrals; the measures' steps on the
    # timeline; plans, their schedules; the header's count of open tasks. (On PostgreSQL
    # the page sends the panels' statements in one round trip, joined by « ;\n »:
    # counted one by one.)
    assert len(follow_up) == 9, follow_up
