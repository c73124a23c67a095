"""Both journals are append-only on both engines: the ORM refuses every path that changes
or removes a row, and the database refuses raw SQL (triggers), except a whole-database
flush."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from prevex.audit.db import sqlite_trigger_names
from prevex.audit.models import AccessLog, AppendOnlyError, WriteLog
from prevex.audit.services import log_view, log_write
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(household, secretariat):
    log_view(membership=secretariat, what="Dossier du ménage", household_id=household.pk)
    log_write(
        household_id=household.pk,
        object_type="HOUSEHOLD",
        object_id=household.pk,
        field_group="LEASE",
        summary="Dossier créé",
        by=secretariat,
    )
    return {AccessLog: AccessLog.objects.get(), WriteLog: WriteLog.objects.get()}


TEXT_FIELD = {AccessLog: "what", WriteLog: "summary"}
TABLES = {AccessLog: "audit_accesslog", WriteLog: "audit_writelog"}


@pytest.mark.parametrize("model", [AccessLog, WriteLog])
def test_orm_refuses_every_change(model, rows):
    row = rows[model]
    field = TEXT_FIELD[model]
    setattr(row, field, "modifié")
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.save(update_fields=[field])
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(**{field: "modifié"})
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update([row], [field])
    with pytest.raises(AppendOnlyError):
        model.objects.update_or_create(pk=row.pk, defaults={field: "modifié"})
    copy = model.objects.get(pk=row.pk)
    setattr(copy, field, "écrasé")
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_create(
            [copy], update_conflicts=True, unique_fields=["id"], update_fields=[field]
        )
    assert getattr(model.objects.get(pk=row.pk), field) != "modifié"
    assert model.objects.count() == 1


@pytest.mark.parametrize("model", [AccessLog, WriteLog])
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET {field} = 'modifié'",
        "DELETE FROM {table}",
        "DELETE FROM {table} WHERE id = {pk}",
    ],
)
def test_database_refuses_raw_updates_and_deletes(model, sql, rows):
    row = rows[model]
    statement = sql.format(table=TABLES[model], field=TEXT_FIELD[model], pk=row.pk)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert getattr(model.objects.get(pk=row.pk), TEXT_FIELD[model]) == getattr(
        row, TEXT_FIELD[model]
    )


@pytest.mark.parametrize("model", [AccessLog, WriteLog])
def test_database_refuses_an_insert_over_an_existing_row(model, rows):
    """SQLite's INSERT OR REPLACE deletes without delete triggers; PostgreSQL's upsert
    fires the update trigger."""
    row = rows[model]
    table, field = TABLES[model], TEXT_FIELD[model]
    columns = [f.column for f in model._meta.concrete_fields]
    values = ", ".join(columns)
    if connection.vendor == "sqlite":
        statement = f"INSERT OR REPLACE INTO {table} ({values}) SELECT {values} FROM {table}"  # noqa: S608
    else:
        statement = (
            f"INSERT INTO {table} ({values}) SELECT {values} FROM {table} "  # noqa: S608
            f"ON CONFLICT (id) DO UPDATE SET {field} = 'écrasé'"
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert model.objects.get(pk=row.pk).pk == row.pk
    assert getattr(model.objects.get(pk=row.pk), field) == getattr(row, field)


def test_triggers_exist_on_this_engine(db):
    """A migration that rebuilds a journal table on SQLite drops its triggers: this fails."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {n for t in TABLES.values() for n in sqlite_trigger_names(t)}
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {f"{t}_append_only" for t in TABLES.values()}
        names = {name for (name,) in cursor.fetchall()}
    assert expected <= names


@pytest.mark.django_db(transaction=True)
def test_only_a_whole_database_flush_empties_the_journals(rows, secretariat):
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_writelog")
    assert WriteLog.objects.count() == 1
    call_command("flush", interactive=False, verbosity=0)
    assert not WriteLog.objects.exists() and not AccessLog.objects.exists()
    secretariat = MembershipFactory()
    log_view(membership=secretariat, what="Après le flush")
    with pytest.raises(DatabaseError), connection.cursor() as cursor:  # closed again
        cursor.execute("DELETE FROM audit_accesslog")
    assert AccessLog.objects.count() == 1


@pytest.mark.parametrize("model", [AccessLog, WriteLog])
def test_an_upsert_that_bypasses_the_queryset_is_refused_by_the_database(model, rows):
    """``_base_manager`` is a plain manager: the triggers are what stops its upsert (SQLite's
    ``ON CONFLICT DO UPDATE`` and PostgreSQL's both fire the update trigger)."""
    row = rows[model]
    field = TEXT_FIELD[model]
    copy = model.objects.get(pk=row.pk)
    setattr(copy, field, "écrasé")
    with pytest.raises(DatabaseError), transaction.atomic():
        model._base_manager.bulk_create(
            [copy], update_conflicts=True, unique_fields=["id"], update_fields=[field]
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        model._base_manager.filter(pk=row.pk).update(**{field: "écrasé"})
    assert getattr(model.objects.get(pk=row.pk), field) == getattr(row, field)
