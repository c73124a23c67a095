"""Prepared people, records and addresses hash once, compare by content, and never carry
their cached hash into a pickle (string hashes differ between processes)."""

import pickle

from prevex.core.addresses import parse_address
from prevex.matching.records import PersonRecord
from prevex.matching.similarity import PreparedPerson, PreparedRecord


def record(first: str = "Samia") -> PreparedRecord:
    return PreparedRecord.of(
        PersonRecord(
            last_name="Benali",
            first_name=first,
            address="Bât G, Pte 0121 - 14 bis rte de Noisy",
            postal_code="93230",
            departement="93",
        )
    )


def test_equal_content_gives_equal_hash_and_the_hash_is_kept():
    a, b = record(), record()
    assert a == b and hash(a) == hash(b)
    assert a.__dict__["_hash"] == hash(a)  # computed once, kept on the instance
    assert record("Samir") != a
    memo = {a: "found"}
    assert memo[b] == "found"


def test_the_cached_hash_is_never_pickled():
    for value in (record(), PreparedPerson.build("Da Silva", "Ana")._with_ident()):
        hash(value)
        state = value.__getstate__()
        assert "_hash" not in state and "_ident" not in state  # process-local values
        copy = pickle.loads(pickle.dumps(value))
        # hashed again in this process; equal values share their memo ident
        assert copy == value and copy._ident == value._ident
    address = parse_address("Bât G, Pte 0121 - 14 bis rte de Noisy")
    hash(address)
    copy = pickle.loads(pickle.dumps(address))
    assert copy == address and hash(copy) == hash(address)
    assert not hasattr(copy, "_hash") or copy._hash == hash(address)


def test_addresses_compare_on_their_fields_only():
    a = parse_address("14 bis route de Noisy")
    b = parse_address("14 bis route de Noisy")
    hash(a)  # a has its cached hash, b not yet
    assert a == b and "_hash" not in repr(a)
    assert a != parse_address("14 route de Noisy")


def test_memo_idents_are_never_reused(monkeypatch):
    """The memos key people and records by ident: two different values must never
    share one, even after the ident table is cleared."""
    from prevex.matching import similarity

    monkeypatch.setattr(similarity, "IDENTS_SIZE", 3)
    monkeypatch.setattr(similarity, "_IDENTS", {})
    people = [PreparedPerson.build("Benali", first) for first in ("Samia", "Samir", "Sami")]
    idents = [similarity.ident_of(p) for p in people]
    assert len(set(idents)) == 3
    assert similarity.ident_of(PreparedPerson.build("Benali", "Samia")) == idents[0]
    later = [similarity.ident_of(PreparedPerson.build("Benali", f)) for f in ("Ana", "Samia")]
    assert not set(later) & set(idents[1:])  # table cleared: fresh idents only
