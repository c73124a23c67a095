"""The import pauses Python's cyclic garbage collector while it ingests a chunk (a
quarter of its CPU otherwise, see docs/decisions/2026-12-01-import-pipeline.md) and
always gives it back as it found it — after a crash too."""

import gc
import weakref

import pytest

from prevex.intake import engine
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.services import file_import

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    states = []
    run = engine.Ingestion.run

    def spy(self, items):
        states.append(gc.isenabled())
        return run(self, items)

    monkeypatch.setattr(engine.Ingestion, "run", spy)
    return states


def _import(bailiff, name="a.csv", **values):
    return file_import(
        source=bailiff.organisation,
        content=csv_bytes([row(**values)]),
        filename=name,
        by=bailiff,
    )


def test_paused_while_ingesting_and_enabled_again(bailiff, seen):
    assert gc.isenabled()
    batch = _import(bailiff)
    assert batch.status == "TERMINE"
    assert seen == [False]
    assert gc.isenabled()
    assert ImportRow.objects.filter(status=RowStatus.IMPORTE).count() == 1


def test_left_disabled_when_it_was(bailiff, seen):
    gc.disable()
    try:
        _import(bailiff)
        assert seen == [False]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_enabled_again_after_a_crash(bailiff, monkeypatch):
    def crash(self, items):
        assert not gc.isenabled()
        raise RuntimeError("panne")

    monkeypatch.setattr(engine.Ingestion, "run", crash)
    batch = _import(bailiff)
    assert batch.status == "ECHEC"
    assert gc.isenabled()
    assert not ImportRow.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"email": "pas-une-adresse"},  # Django's ValidationError
        {"montant_dette": "12,34,56"},  # the amount field's ValidationError
        {"code_postal": "99999"},  # a BusinessError (unknown postcode)
    ],
)
def test_a_refused_cell_does_not_keep_the_chunk_alive(bailiff, monkeypatch, bad):
    """A refusal caught by the validation (a ``ValidationError`` refers to itself) is
    dropped with its traceback: the chunk's objects go by reference counting, so the
    collector resuming after the chunk does not walk them all
    (docs/decisions/2026-12-02-import-bookkeeping.md)."""
    ingestions = []
    run = engine.Ingestion.run

    def spy(self, items):
        ingestions.append(weakref.ref(self))
        return run(self, items)

    monkeypatch.setattr(engine.Ingestion, "run", spy)
    gc.collect()
    gc.disable()
    try:
        batch = file_import(
            source=bailiff.organisation,
            content=csv_bytes([row(**bad), row(reference_acte="CDP-002")]),
            filename="a.csv",
            by=bailiff,
        )
        assert batch.quarantaine == 1 and batch.importes == 1
        assert ingestions and all(ref() is None for ref in ingestions)
    finally:
        gc.enable()
