"""A crash injected mid-file leaves nothing half-written, and re-running completes it."""

import pytest

from prevex.households.models import Household, HouseholdKey, Member
from prevex.intake import attach, engine, services
from prevex.intake.models import BatchStatus, ImportBatch, ImportChunk, ImportRow
from prevex.matching.models import MatchDecision
from prevex.procedures.models import Event, Procedure
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Benali", "Samia", "12 rue de la République"),
    ("Traoré", "Moussa", "3 avenue Jean Jaurès"),
    ("Nguyen", "Linh", "8 boulevard Anatole France"),
    ("Martin", "Claire", "25 rue Gabriel Péri"),
    ("Da Silva", "João", "40 rue du Landy"),
]


def _content() -> bytes:
    rows = [
        row(reference_acte=f"CDP-{i}", locataire_nom=last, locataire_prenom=first, adresse=address)
        for i, (last, first, address) in enumerate(PEOPLE)
    ]
    rows.append(row(reference_acte="BAD", date_acte="31/02/2025"))
    return csv_bytes(rows)


def _state():
    return {
        "households": Household.objects.count(),
        "members": Member.objects.count(),
        "keys": HouseholdKey.objects.count(),
        "procedures": Procedure.objects.count(),
        "events": Event.objects.count(),
        "rows": sorted(ImportRow.objects.values_list("line", "status")),
        "decisions": MatchDecision.objects.count(),
    }


class Boom(RuntimeError):
    pass


def _crash_on_call(monkeypatch, target, name, n):
    original = getattr(target, name)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise Boom("panne simulée")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


CRASHES = [
    ("validation of the 4th row", engine, "validate_clean", 4),
    ("after the households of the 2nd chunk were written", attach, "event_record_many", 2),
]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)


@pytest.fixture
def clean_state(bailiff, small_chunks, django_db_blocker):
    """What a clean import of the file writes (computed, then rolled back)."""
    from django.db import transaction

    class Rollback(Exception):
        pass

    result = {}
    try:
        with transaction.atomic():
            batch = services.file_import(
                source=bailiff.organisation, content=_content(), filename="a.csv", by=bailiff
            )
            assert batch.status == BatchStatus.TERMINE
            result.update(_state())
            raise Rollback
    except Rollback:
        pass
    assert Household.objects.count() == 0
    return result


@pytest.mark.parametrize(("what", "target", "name", "n"), CRASHES)
def test_crash_in_a_whole_file_import_leaves_nothing(
    bailiff, clean_state, monkeypatch, what, target, name, n
):
    _crash_on_call(monkeypatch, target, name, n)
    batch = services.file_import(
        source=bailiff.organisation, content=_content(), filename="a.csv", by=bailiff
    )
    assert batch.status == BatchStatus.ECHEC
    assert "aucune ligne n'a été enregistrée" in batch.error
    assert _state() == {
        "households": 0,
        "members": 0,
        "keys": 0,
        "procedures": 0,
        "events": 0,
        "rows": [],
        "decisions": 0,
    }
    assert batch.summary["lus"] == 0
    monkeypatch.undo()
    resumed = services.file_import(
        source=bailiff.organisation, content=_content(), filename="a.csv", by=bailiff
    )
    assert resumed.pk == batch.pk  # the interrupted import is resumed, not started again
    assert resumed.status == BatchStatus.TERMINE
    assert resumed.summary == {
        "lus": 6,
        "importes": 5,
        "mis_a_jour": 0,
        "doublons": 0,
        "quarantaine": 1,
        "revue": 0,
    }
    assert _state() == clean_state


@pytest.mark.parametrize(("what", "target", "name", "n"), CRASHES)
def test_crash_in_a_chunked_import_keeps_whole_chunks_and_resumes(
    bailiff, clean_state, monkeypatch, what, target, name, n
):
    batch = services.batch_start(
        source=bailiff.organisation, content=_content(), filename="a.csv", by=bailiff
    )
    assert ImportChunk.objects.filter(batch=batch).count() == 3
    _crash_on_call(monkeypatch, target, name, n)
    batch = services.batch_process(batch=batch, by=bailiff, atomic=False)
    assert batch.status == BatchStatus.ECHEC
    # The first chunk (2 rows) is written whole, the second not at all.
    state = _state()
    assert state["rows"] == [(2, "IMPORTE"), (3, "IMPORTE")]
    assert (state["households"], state["events"], state["decisions"]) == (2, 2, 2)
    assert ImportBatch.objects.get(pk=batch.pk).processed == 2
    monkeypatch.undo()
    batch = services.batch_process(batch=batch, by=bailiff, atomic=False)
    assert batch.status == BatchStatus.TERMINE
    assert (batch.lus, batch.importes, batch.quarantaine) == (6, 5, 1)
    assert not ImportChunk.objects.filter(batch=batch).exists()
    assert _state() == clean_state


def test_a_failed_import_rerun_as_a_new_file_changes_nothing_more(bailiff, small_chunks):
    first = services.file_import(
        source=bailiff.organisation, content=_content(), filename="a.csv", by=bailiff
    )
    before = _state()
    again = services.file_import(
        source=bailiff.organisation, content=_content(), filename="a.csv", by=bailiff
    )
    # The quarantined row is read again (and stays there): not a « doublon ».
    assert again.pk != first.pk and (again.doublons, again.quarantaine) == (5, 1)
    assert _state() == before
