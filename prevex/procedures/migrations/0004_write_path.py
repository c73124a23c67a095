"""One write path (issue 8): who recorded each act for which organisation and through
which channel, and the database refusing what the procedures services always refuse
(at most one open procedure per household, closing after opening with an outcome,
no negative debt). Acts recorded before keep an empty channel."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("procedures", "0003_procedure_closed_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="channel",
            field=models.CharField(
                blank=True,
                choices=[
                    ("FORMULAIRE", "formulaire"),
                    ("IMPORT", "import"),
                    ("API", "API"),
                    ("REVUE", "file de revue"),
                    ("GENERATEUR", "données de démonstration"),
                ],
                max_length=12,
                verbose_name="canal d'enregistrement",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="recorded_for",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="accounts.organisation",
                verbose_name="enregistré pour l'organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("debt_amount__isnull", True), ("debt_amount__gte", 0), _connector="OR"
                ),
                name="event_debt_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="procedure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("closed_on__isnull", True)),
                fields=("household",),
                name="procedure_one_open_per_household",
            ),
        ),
        migrations.AddConstraint(
            model_name="procedure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True),
                    ("closed_on__gte", models.F("opened_on")),
                    _connector="OR",
                ),
                name="procedure_closed_after_opened",
            ),
        ),
        migrations.AddConstraint(
            model_name="procedure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True),
                    models.Q(("outcome", ""), _negated=True),
                    _connector="OR",
                ),
                name="procedure_closed_with_outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="procedure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("current_debt__isnull", True), ("current_debt__gte", 0), _connector="OR"
                ),
                name="procedure_debt_not_negative",
            ),
        ),
    ]
