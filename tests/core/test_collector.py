"""The cyclic garbage collector is paused around bulk work and always given back as it
was found: nested pauses, an error inside, a collector already off."""

import gc

import pytest

from prevex.core.collector import collector_paused
from prevex.core.errors import BusinessError
from prevex.matching import services
from prevex.matching.records import PersonRecord


@pytest.fixture(autouse=True)
def _restore():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_paused_then_resumed_even_nested_and_after_an_error():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still runs
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.django_db
def test_match_records_scores_with_the_collector_paused(monkeypatch):
    seen = []
    real = services._match_records

    def spy(records, departement, *rest):
        seen.append(gc.isenabled())
        return real(records, departement, *rest)

    monkeypatch.setattr(services, "_match_records", spy)
    gc.enable()
    record = PersonRecord(
        last_name="Benali",
        first_name="Samia",
        address="3 rue Hoche",
        postal_code="93200",
        departement="93",
    )
    services.match_records(records=[record], departement="93")
    assert seen == [False]
    assert gc.isenabled()
    with pytest.raises(BusinessError):  # refused before anything is paused
        services.match_records(records=[record], departement="")
    assert gc.isenabled()
