"""The redaction of an anonymised file's journal rows (docs/decisions/
2026-12-06-journal-redaction.md): ``WriteLog.redacted_at``, and triggers on both engines
that let exactly one kind of UPDATE through (prevex/audit/db.py): the history's values
removed, a search's text in the access journal replaced. Everything else is still
refused.

Backwards: the triggers of 0003 again; on SQLite, removing the column rebuilds the table
(its triggers go with it), so the first operation creates them once more at the end.
"""

from django.db import migrations, models


def strict(apps, schema_editor):
    from prevex.audit.db import create_triggers

    create_triggers(schema_editor, redaction=False)


def with_redaction(apps, schema_editor):
    from prevex.audit.db import create_triggers, drop_triggers

    drop_triggers(schema_editor)
    create_triggers(schema_editor, redaction=True)


def without_redaction(apps, schema_editor):
    from prevex.audit.db import drop_triggers

    drop_triggers(schema_editor)
    strict(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_production")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, strict),
        migrations.AddField(
            model_name="writelog",
            name="redacted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="valeurs effacées le"),
        ),
        migrations.RunPython(with_redaction, without_redaction),
    ]
