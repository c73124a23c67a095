"""``log_writes_many`` writes with ``insert_values`` (COPY on PostgreSQL, executemany on
SQLite): the rows read back exactly as those ``log_write`` saves, and stay append-only."""

import pytest

from prevex.audit.models import AppendOnlyError, WriteLog
from prevex.audit.services import WriteEntry, log_write, log_writes_many, write_channel

pytestmark = pytest.mark.django_db

CHANGES = [
    {"field": "rent", "label": "Loyer", "old": "", "new": "1 234,50 €"},
    {"field": "member", "label": "Titulaire", "old": "", "new": "Zoé L'HÔPITAL, « née »\t\\n"},
    {"field": "nested", "label": "Ünïcode ✓", "old": None, "new": {"a": [1, 2.5, True]}},
]

COMPARED = ["user_id", "organisation_id", "household_id", "object_type", "object_id",
            "operation", "field_group", "channel", "summary", "changes"]  # fmt: skip


def entry(household_id: int, secretariat) -> WriteEntry:
    return WriteEntry(
        household_id=household_id,
        object_type="HOUSEHOLD",
        object_id=household_id,
        field_group="LEASE",
        summary="Dossier créé : " + "x" * 400,
        changes=CHANGES,
        by=secretariat,
    )


def test_a_bulk_logged_entry_reads_back_as_a_singly_logged_one(secretariat, household):
    with write_channel("IMPORT"):
        single = log_write(entry(household.pk, secretariat))
        assert log_writes_many([entry(household.pk, secretariat)] * 2) == 2
    assert log_writes_many([]) == 0
    first, *bulk = WriteLog.objects.order_by("id")
    assert first.pk == single.pk and len(bulk) == 2 and bulk[0].pk > single.pk
    for row in bulk:
        assert {name: getattr(row, name) for name in COMPARED} == {
            name: getattr(first, name) for name in COMPARED
        }
        assert row.at is not None and row.at >= first.at
    assert bulk[0].changes == CHANGES and len(bulk[0].summary) == 300
    # Same JSON in the database, not only once decoded.
    assert set(
        WriteLog.objects.filter(changes__1__new="Zoé L'HÔPITAL, « née »\t\\n").values_list(
            "pk", flat=True
        )
    ) == {first.pk, *(r.pk for r in bulk)}


def test_bulk_logged_entries_stay_append_only(secretariat, household):
    log_writes_many([entry(household.pk, secretariat)])
    row = WriteLog.objects.get()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        WriteLog.objects.filter(pk=row.pk).update(summary="changé")
