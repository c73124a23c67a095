"""Backup → destroy → restore gives the same rows, journals included (both engines)."""

import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from prevex.audit.models import AccessLog, WriteLog
from prevex.audit.services import log_file_view
from prevex.households.models import Household, Member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded_db")]


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in ("households", "procedures", "audit", "accounts")
        for model in apps.get_app_config(label).get_models()
    }


def journal() -> list[tuple]:
    return list(AccessLog.objects.order_by("id").values_list("id", "at", "user_id", "what")) + list(
        WriteLog.objects.order_by("id").values_list("id", "at", "household_id", "summary")
    )


@pytest.mark.skipif(
    connection.vendor == "postgresql" and shutil.which("pg_dump") is None,
    reason="pg_dump absent",
)
def test_backup_destroy_restore_gives_identical_counts_and_journal(files, ccapex, tmp_path):
    log_file_view(membership=ccapex, household_id=files["old"].pk)
    before, before_journal = counts(), journal()
    assert before["households.Household"] == 3 and before_journal

    path = tmp_path / "sauvegarde.bin"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    # Destroy: files gone, a stray journal row added.
    Member.objects.all().delete()
    Household.objects.filter(pk=files["old"].pk).delete()
    log_file_view(membership=ccapex, household_id=files["recent"].pk)
    assert counts() != before

    with pytest.raises(CommandError, match="--oui"):
        call_command("restore", str(path))
    call_command("restore", str(path), "--oui")
    assert counts() == before
    assert journal() == before_journal
    # The journals are still append-only after a restore (the triggers came back too).
    with pytest.raises(Exception, match="ajout seul"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslog SET what = 'x'")


def test_restoring_something_else_is_refused_in_french(tmp_path, transactional_db):
    bogus = tmp_path / "pas-une-sauvegarde.sqlite3"
    bogus.write_bytes(b"ceci n'est pas une base" * 100)
    refusal = {  # each engine's own check of the file, before anything is replaced
        "sqlite": "n'est pas une sauvegarde SQLite lisible",
        "postgresql": "pg_restore a échoué",
    }[connection.vendor]
    with pytest.raises(CommandError, match=refusal):
        call_command("restore", str(bogus), "--oui")


@pytest.mark.skipif(
    connection.vendor == "postgresql" and shutil.which("pg_dump") is None,
    reason="pg_dump absent",
)
def test_encrypted_backup_destroy_restore(files, ccapex, tmp_path, settings):
    from cryptography.fernet import Fernet

    from prevex.lifecycle.encryption import MAGIC

    settings.PREVEX_BACKUP_KEY = Fernet.generate_key().decode()
    log_file_view(membership=ccapex, household_id=files["old"].pk)
    before, before_journal = counts(), journal()

    path = tmp_path / "sauvegarde.chiffree"
    call_command("backup", str(path))
    content = path.read_bytes()
    assert content.startswith(MAGIC)
    assert b"Benali" not in content  # a name of the database, not readable in the file
    assert list(tmp_path.iterdir()) == [path]  # no clear copy left beside it

    Member.objects.all().delete()
    Household.objects.filter(pk=files["old"].pk).delete()
    assert counts() != before

    key = settings.PREVEX_BACKUP_KEY
    settings.PREVEX_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="est chiffrée : définissez PREVEX_BACKUP_KEY"):
        call_command("restore", str(path), "--oui")
    settings.PREVEX_BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="ne peut pas être déchiffrée"):
        call_command("restore", str(path), "--oui")
    assert counts() != before  # nothing restored by the refused attempts
    settings.PREVEX_BACKUP_KEY = key
    call_command("restore", str(path), "--oui")
    assert counts() == before
    assert journal() == before_journal
    assert list(tmp_path.iterdir()) == [path]  # the decrypted copy is gone
