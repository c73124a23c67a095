"""Candidate retrieval costs a constant number of indexed queries, whatever the batch:
the blocking keys, the holders' profiles, then their pending birth-date claims."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.matching import services
from prevex.matching.services import match_record, match_records

from .conftest import record


@pytest.fixture
def households(make_household):
    names = [("Benali", "Samia"), ("Diallo", "Aminata"), ("Nguyen", "Lan"), ("Traoré", "Moussa")]
    return [
        make_household(last, first, None, f"{index + 1} rue Paul Éluard")
        for index, (last, first) in enumerate(names)
    ]


def batch(size: int) -> list:
    names = [("Benali", "Samia"), ("DIALLO", "Aminata"), ("Lan", "Nguyen"), ("Koné", "Awa")]
    return [
        record(*names[i % 4], None, f"{i % 4 + 1} r. Paul Eluard", postal_code="93200")
        for i in range(size)
    ]


def queries_for(size: int) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        results = match_records(records=batch(size), departement="93")
    return len(captured), results


def test_query_count_does_not_grow_with_the_batch(households):
    counts = {size: queries_for(size)[0] for size in (1, 10, 120)}
    assert counts == {1: 3, 10: 3, 120: 3}
    _, results = queries_for(120)
    assert [r.household_id for r in results[:4]] == [
        households[0].pk,
        households[1].pk,
        households[2].pk,
        None,
    ]


def test_a_batch_larger_than_a_chunk_reads_each_key_and_household_once(households, monkeypatch):
    """Three queries per round at most; a later round reads only the keys and the
    households the earlier rounds of the call did not (nothing is written meanwhile)."""
    monkeypatch.setattr(services, "RECORD_CHUNK", 50)
    count, results = queries_for(120)
    assert count == 3  # rounds 2 and 3 repeat round 1's people: nothing read again
    assert results[100].household_id == households[0].pk
    assert [r.household_id for r in results[100:104]] == [r.household_id for r in results[:4]]
    other = record("Traore", "Moussa", None, "4 rue Paul Eluard", postal_code="93200")
    with CaptureQueriesContext(connection) as captured:
        found = match_records(records=[*batch(50), other], departement="93")
    # the 51st record's round reads its new keys only: its household was already among
    # round 1's candidates (« Koné Awa » gives the same house number and street)
    assert len(captured) == 3 + 1
    assert "matching_householdkey" in captured[3]["sql"]
    assert found[-1].household_id == households[3].pk


def test_one_record_costs_three_queries_and_an_empty_batch_none(households):
    with CaptureQueriesContext(connection) as captured:
        match_record(record=record("Benali", "Samia", None, "1 rue Paul Eluard"), departement="93")
    assert len(captured) == 3
    assert "matching_householdkey" in captured[0]["sql"]
    assert "matching_householdclaim" in captured[2]["sql"]
    assert "JOIN matching_householdclaim" not in captured[1]["sql"]  # never joined: see profiles
    with CaptureQueriesContext(connection) as captured:
        result = match_records(records=[], departement="93")
    assert result == [] and len(captured) == 0


def test_a_round_also_stops_at_its_key_bound(households, monkeypatch):
    """Rounds are cut by records or by distinct keys (SQLite's bound parameters), never
    inside a record; the decisions do not depend on where they are cut."""
    _, whole = queries_for(120)
    monkeypatch.setattr(services, "KEY_VALUES_CHUNK", 5)  # about one record per round
    count, cut = queries_for(120)
    assert count > 3 * 3  # many more rounds than the record bound alone gives
    assert [(r.outcome, r.household_id) for r in cut] == [
        (r.outcome, r.household_id) for r in whole
    ]
    keys = [{("N", str(i)), ("N", str(i + 1))} for i in range(10)]
    monkeypatch.setattr(services, "KEY_VALUES_CHUNK", 4)
    rounds = services._rounds(keys)
    assert rounds[0][0] == 0 and rounds[-1][1] == 10
    assert all(a[1] == b[0] for a, b in zip(rounds, rounds[1:], strict=False))
    for start, end in rounds:
        assert len(set().union(*keys[start:end])) <= 4 or end - start == 1
