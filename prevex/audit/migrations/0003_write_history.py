"""The history of writes (WriteLog), and the append-only triggers on both engines.

- AccessLog.organisation may be empty: a read in the administration by an account that
  acts for no organisation is journaled too (action ADMIN).
- WriteLog: one row per change of a household file and field group.
- Triggers (prevex/audit/db.py): PostgreSQL refuses UPDATE/DELETE on both journals;
  SQLite refuses UPDATE, DELETE (except during ``manage.py flush``) and INSERT OR REPLACE
  (``redaction=False``: the one redaction came with migration 0005).
  They are created last: on SQLite, altering AccessLog rebuilds the table and drops its
  triggers.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    from prevex.audit.db import create_triggers

    create_triggers(schema_editor, redaction=False)


def backwards(apps, schema_editor):
    from prevex.audit.db import drop_triggers

    drop_triggers(schema_editor, tables=["audit_writelog"])
    if schema_editor.connection.vendor == "sqlite":
        drop_triggers(schema_editor, tables=["audit_accesslog"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("accounts", "0001_initial"),
        ("households", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("VIEW", "Consultation"),
                    ("EXPORT", "Export"),
                    ("API", "Lecture API"),
                    ("SEARCH", "Recherche"),
                    ("ADMIN", "Consultation (administration)"),
                ],
                max_length=8,
            ),
        ),
        migrations.CreateModel(
            name="WriteLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="le")),
                (
                    "object_type",
                    models.CharField(
                        choices=[
                            ("HOUSEHOLD", "Ménage"),
                            ("MEMBER", "Membre du ménage"),
                            ("CONTACT", "Moyen de contact"),
                            ("SOCIAL_EVALUATION", "Évaluation sociale"),
                            ("VULNERABILITY", "Vulnérabilité"),
                            ("INVOLVEMENT", "Implication"),
                            ("PROCEDURE", "Procédure"),
                            ("EVENT", "Acte"),
                        ],
                        max_length=20,
                        verbose_name="objet",
                    ),
                ),
                (
                    "object_id",
                    models.BigIntegerField(null=True, verbose_name="identifiant de l'objet"),
                ),
                (
                    "operation",
                    models.CharField(
                        choices=[
                            ("CREATE", "Création"),
                            ("UPDATE", "Modification"),
                            ("DELETE", "Suppression"),
                        ],
                        max_length=8,
                        verbose_name="opération",
                    ),
                ),
                ("field_group", models.CharField(max_length=16, verbose_name="groupe de champs")),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("FORM", "Formulaire"),
                            ("IMPORT", "Import de fichier"),
                            ("API", "API"),
                            ("ADMIN", "Administration"),
                            ("DEMO", "Démonstration"),
                            ("SYSTEM", "Traitement automatique"),
                        ],
                        max_length=8,
                        verbose_name="canal",
                    ),
                ),
                ("summary", models.CharField(max_length=300, verbose_name="résumé")),
                (
                    "changes",
                    models.JSONField(blank=True, default=list, verbose_name="modifications"),
                ),
                (
                    "household",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="households.household",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "modification journalisée",
                "verbose_name_plural": "historique des modifications",
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(fields=["household", "at"], name="audit_write_household_at")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
