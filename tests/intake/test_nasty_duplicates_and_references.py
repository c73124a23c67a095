"""Nasty repetitions, against the rule « bad input gets a clear French message: nothing lost,
no partial write, no 500 »: the same row twice in a file (with or without a reference), the
same file sent twice, and one reference reused for different acts or tenants, in one file or
across files, where a quarantined row must never be overwritten or vanish and the summary
must agree with the stored rows. Part of the independent probe of 2026-12-04 (written apart
from test_adversarial_files.py); tests marked « Found by the probe » failed on the code of
that day and were fixed with it (docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import pytest

from prevex.intake.models import ImportRow, RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import csv_bytes, row
from tests.intake.nasty_helpers import _counts, _import, assert_finished

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- idempotency


def test_same_row_twice_in_one_file(bailiff):
    batch = _import(bailiff, csv_bytes([row(), row()]))
    stored = assert_finished(batch, 2)
    assert batch.summary["importes"] == 1 and batch.summary["doublons"] == 1, batch.summary
    assert Event.objects.count() == 1
    assert len(stored) >= 1


def test_same_row_twice_without_reference(bailiff):
    batch = _import(bailiff, csv_bytes([row(reference_acte=""), row(reference_acte="")]))
    assert_finished(batch, 2)
    assert Event.objects.count() == 1


def test_same_file_twice(bailiff):
    content = csv_bytes(
        [row(), row(reference_acte="B", locataire_nom="Martin", locataire_prenom="Paul")]
    )
    first = _import(bailiff, content)
    assert_finished(first, 2)
    counts = _counts()
    second = _import(bailiff, content)
    assert_finished(second, 2)
    assert second.summary["doublons"] == 2, second.summary
    assert _counts()["events"] == counts["events"]
    assert _counts()["households"] == counts["households"]


# --------------------------------------------------------------------------- references


def test_same_reference_for_two_different_acts_in_one_file(bailiff):
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(reference_acte="R1"),
                row(
                    reference_acte="R1",
                    type_acte="ASSIGNATION",
                    date_acte="01/04/2025",
                    date_audience="01/09/2025",
                ),
            ]
        ),
    )
    stored = assert_finished(batch, 2)
    statuses = sorted(r.status for r in stored)
    assert RowStatus.QUARANTAINE in statuses, [(r.status, r.errors) for r in stored]


def test_a_bad_row_and_a_good_row_sharing_a_reference_in_one_file_lose_nothing(bailiff):
    """Found by the probe: the bad row vanishes; summary says 1 in quarantine, none is. A sender reusing a reference for two different tenants in one file; the first row
    is bad. Nothing may be lost: the bad row stays visible in quarantine (or both are
    quarantined), and the summary agrees with the stored rows."""
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    reference_acte="1",
                    locataire_nom="Durand",
                    locataire_prenom="Paul",
                    date_acte="31/02/2025",
                    adresse="4 avenue Jean Jaurès",
                ),
                row(reference_acte="1"),
            ]
        ),
    )
    stored = assert_finished(batch, 2)
    quarantined = ImportRow.objects.filter(status=RowStatus.QUARANTAINE)
    names = {r.raw.get("locataire_nom") for r in ImportRow.objects.all()}
    assert "Durand" in names, (
        "the quarantined row of Durand was overwritten by another row: "
        f"rows={[(r.line, r.status, r.raw.get('locataire_nom')) for r in ImportRow.objects.all()]}, "
        f"summary={batch.summary}"
    )
    assert batch.summary["quarantaine"] == quarantined.count(), batch.summary
    assert stored


def test_a_bad_row_then_another_act_under_its_reference_in_a_later_file(bailiff):
    """Found by the probe: the quarantined row is overwritten by an unrelated act. The quarantined row of file 1 and an unrelated act under the same reference in
    file 2: the quarantined row must not vanish."""
    _import(
        bailiff,
        csv_bytes(
            [
                row(
                    reference_acte="77",
                    locataire_nom="Durand",
                    locataire_prenom="Paul",
                    date_acte="31/02/2025",
                )
            ]
        ),
    )
    _import(
        bailiff,
        csv_bytes(
            [
                row(
                    reference_acte="77",
                    type_acte="CQL",
                    date_acte="02/05/2025",
                    locataire_nom="Martin",
                    locataire_prenom="Lucie",
                    adresse="4 avenue Jean Jaurès",
                    code_postal="93300",
                    commune="Aubervilliers",
                )
            ]
        ),
    )
    names = {r.raw.get("locataire_nom") for r in ImportRow.objects.all()}
    assert "Durand" in names, [
        (r.batch_id, r.line, r.status, r.raw.get("locataire_nom")) for r in ImportRow.objects.all()
    ]
