"""The one update of the append-only journals: the redaction of an anonymised file's rows
(prevex/audit/retention.py). It removes values and nothing else; the database refuses
any other update on both engines, including one dressed as a redaction."""

import pytest
from django.db import DatabaseError, connection, transaction

from prevex.audit.db import (
    ACCESSLOG_FIXED,
    ACCESSLOG_REDACTED,
    WRITELOG_FIXED,
    WRITELOG_REDACTED,
)
from prevex.audit.models import (
    REDACTED_SEARCH,
    REDACTED_SUMMARY,
    AccessLog,
    AppendOnlyError,
    WriteLog,
)
from prevex.audit.retention import RETENTION_SUMMARY, redact_household
from prevex.audit.services import log_search, log_view, log_write
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

CHANGES = [
    {"field": "member", "label": "Titulaire du bail", "old": "", "new": "Ysaline ZORBALANKA"},
    {
        "field": "address_complement",
        "label": "Complément d'adresse",
        "old": "Bât. É",
        "new": "7 rue Neuve",
    },
]


@pytest.fixture
def journals(household, secretariat):
    other = HouseholdFactory()
    rows = {
        "named": log_write(
            household_id=household.pk, object_type="HOUSEHOLD", object_id=household.pk,
            field_group="LEASE", summary="Dossier créé : Ysaline ZORBALANKA", changes=CHANGES,
            by=secretariat,
        ),
        "task": log_write(
            household_id=household.pk, object_type="HOUSEHOLD", object_id=household.pk,
            field_group="SUIVI", summary="Tâche créée : appeler Mme Zorbalanka", by=secretariat,
        ),
        "retention": log_write(
            household_id=household.pk, object_type="HOUSEHOLD", object_id=household.pk,
            field_group="IDENTITY", summary=RETENTION_SUMMARY, channel="SYSTEM",
        ),
        "other": log_write(
            household_id=other.pk, object_type="HOUSEHOLD", object_id=other.pk,
            field_group="LEASE", summary="Dossier créé : Jean MARTIN", changes=CHANGES[:1],
            by=secretariat,
        ),
    }  # fmt: skip
    log_view(membership=secretariat, what="Dossier du ménage", household_id=household.pk)
    log_search(membership=secretariat, query="zorbalanka ysa")
    log_search(membership=secretariat, query="06 99 88 77 66")
    log_search(membership=secretariat, query="Martin")
    return rows


def _fresh(row):
    return WriteLog.objects.get(pk=row.pk)


def test_the_values_go_and_who_did_what_when_stays(journals, household):
    before = {name: _fresh(row) for name, row in journals.items()}
    done = redact_household([household.pk], search_terms=["Zorbalanka", "0699887766"])
    assert (done.writes, done.searches) == (2, 2)

    named = _fresh(journals["named"])
    assert named.changes == [{"field": c["field"], "label": c["label"]} for c in CHANGES]
    assert named.summary == REDACTED_SUMMARY and named.redacted_at is not None
    task = _fresh(journals["task"])
    assert (task.summary, task.changes) == (REDACTED_SUMMARY, [])
    for name in ("named", "task"):
        row, old = _fresh(journals[name]), before[name]
        for column in WRITELOG_FIXED:
            assert getattr(row, column) == getattr(old, column), (name, column)
    # The retention's own entry holds no value; the other file's rows are not touched.
    for name in ("retention", "other"):
        row = _fresh(journals[name])
        assert (row.summary, row.changes, row.redacted_at) == (
            before[name].summary,
            before[name].changes,
            None,
        )

    searches = dict(
        AccessLog.objects.filter(action="SEARCH").order_by("id").values_list("id", "what")
    )
    assert list(searches.values()) == [
        REDACTED_SEARCH["SEARCH"],
        REDACTED_SEARCH["SEARCH"],
        "Recherche : Martin",
    ]
    assert AccessLog.objects.get(action="VIEW").what == "Dossier du ménage"

    # Idempotent: a second run changes nothing.
    snapshot = list(WriteLog.objects.order_by("id").values())
    assert redact_household([household.pk], search_terms=["Zorbalanka"]).writes == 0
    assert list(WriteLog.objects.order_by("id").values()) == snapshot


def test_a_redacted_row_is_still_append_only_for_the_orm(journals, household):
    redact_household([household.pk])
    row = _fresh(journals["named"])
    row.summary = "réécrit"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        WriteLog.objects.filter(pk=row.pk).update(summary="réécrit")
    with pytest.raises(AppendOnlyError):
        WriteLog.objects.filter(pk=row.pk).delete()


def _refused(sql: str, params=()) -> None:
    """Refused by a trigger (not by a mistake in the statement)."""
    refusal = pytest.raises(DatabaseError, match="en ajout seul")
    with refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _changes_sql(value) -> str:
    import json

    text = json.dumps(value).replace("'", "''")
    return f"'{text}'::jsonb" if connection.vendor == "postgresql" else f"'{text}'"


def test_the_database_refuses_anything_but_the_redaction(journals, household, secretariat):
    row = journals["named"]
    redacted = _changes_sql([{"field": c["field"], "label": c["label"]} for c in CHANGES])
    now = "CURRENT_TIMESTAMP"
    base = f"UPDATE audit_writelog SET redacted_at = {now}, changes = {redacted}"
    where = f" WHERE id = {row.pk}"
    # A redaction that also changes a column it must keep.
    for extra in (
        "household_id = household_id + 1",
        "user_id = NULL",
        "organisation_id = NULL",
        "object_type = 'EVENT'",
        "object_id = 0",
        "operation = 'DELETE'",
        "field_group = 'HEALTH'",
        "channel = 'API'",
        "at = CURRENT_TIMESTAMP",
        "summary = 'Résumé réécrit'",
    ):
        _refused(f"{base}, {extra}{where}")
    # Values changed, added or kept instead of removed.
    for value in (
        [{"field": "member", "label": "Titulaire du bail", "new": "Quelqu'un d'autre"}],
        [{"field": "member", "label": "Titulaire du bail"}],  # one change dropped
        [{"field": c["field"], "label": "Autre libellé"} for c in CHANGES],
        [{"field": c["field"], "label": c["label"], "note": "ajout"} for c in CHANGES],
        list(reversed([{"field": c["field"], "label": c["label"]} for c in CHANGES])),
    ):
        _refused(f"UPDATE audit_writelog SET redacted_at = {now}, changes = "
                 f"{_changes_sql(value)}{where}")  # fmt: skip
    _refused(f"UPDATE audit_writelog SET redacted_at = {now}{where}")  # values kept
    _refused(f"UPDATE audit_writelog SET changes = {redacted}{where}")  # not marked
    _refused(f"DELETE FROM audit_writelog{where}")
    assert _fresh(row).changes == CHANGES

    # The redaction itself passes, once.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"{base}, summary = %s{where}", [REDACTED_SUMMARY])
    _refused(f"UPDATE audit_writelog SET redacted_at = {now}{where}")
    _refused(f"UPDATE audit_writelog SET summary = 'Dossier créé : Ysaline ZORBALANKA'{where}")

    # The access journal: only a search's text, only to the redacted text.
    view = AccessLog.objects.get(action="VIEW")
    search = AccessLog.objects.filter(action="SEARCH").order_by("id").first()
    text = REDACTED_SEARCH["SEARCH"].replace("'", "''")
    _refused(f"UPDATE audit_accesslog SET what = '{text}' WHERE id = {view.pk}")
    _refused(f"UPDATE audit_accesslog SET what = 'Recherche : autre' WHERE id = {search.pk}")
    _refused(f"UPDATE audit_accesslog SET what = '{text}', household_id = {household.pk} "
             f"WHERE id = {search.pk}")  # fmt: skip
    _refused(f"UPDATE audit_accesslog SET what = '{text}', action = 'VIEW' WHERE id = {search.pk}")
    _refused(f"DELETE FROM audit_accesslog WHERE id = {search.pk}")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=search.pk).update(what=REDACTED_SEARCH["SEARCH"])
    assert AccessLog.objects.get(pk=search.pk).what == "Recherche : zorbalanka ysa"


def test_the_trigger_lists_name_every_column():
    """A new column of a journal is kept by the redaction until db.py says otherwise."""
    for model, fixed, redacted in (
        (WriteLog, WRITELOG_FIXED, WRITELOG_REDACTED),
        (AccessLog, ACCESSLOG_FIXED, ACCESSLOG_REDACTED),
    ):
        columns = {f.column for f in model._meta.concrete_fields}
        assert columns == set(fixed) | set(redacted), model
        assert not set(fixed) & set(redacted)
