"""Dates that hold (issue 10): which date selects a rule, working days, the historic rules,
payment delays, acts awaiting verification, the CCAPEX reporting flag."""

from django.db import migrations, models


def seed(apps, schema_editor):
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(
        legal_rule_model=apps.get_model("procedures", "LegalRule"),
        departement_model=apps.get_model("core", "Departement"),
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0006_access")]
    operations = [
        migrations.AddField(
            model_name="event",
            name="first_instalment_on",
            field=models.DateField(blank=True, null=True, verbose_name="première échéance le"),
        ),
        migrations.AddField(
            model_name="event",
            name="instalment_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=10,
                null=True,
                verbose_name="montant de l'échéance mensuelle (€)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="instalment_missed_on",
            field=models.DateField(
                blank=True,
                null=True,
                verbose_name="échéance impayée le (clause résolutoire reprenant effet)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="payment_months",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="délais de paiement accordés (mois)"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="pending_review",
            field=models.BooleanField(default=False, verbose_name="en attente de vérification"),
        ),
        migrations.AddField(
            model_name="legalrule",
            name="direction",
            field=models.CharField(
                choices=[
                    ("APRES", "compté après la date de départ"),
                    ("AVANT", "compté à rebours avant la date d'arrivée"),
                ],
                default="APRES",
                max_length=8,
                verbose_name="sens du délai",
            ),
        ),
        migrations.AddField(
            model_name="legalrule",
            name="selected_by",
            field=models.CharField(
                choices=[
                    ("ACTE", "date de l'acte"),
                    ("BAIL", "date du bail (conclusion ou dernier renouvellement)"),
                    ("AUDIENCE", "date d'audience"),
                ],
                default="ACTE",
                max_length=8,
                verbose_name="date qui sélectionne la règle",
            ),
        ),
        migrations.AddField(
            model_name="legalrule",
            name="working_days",
            field=models.BooleanField(
                default=True,
                help_text="Un délai qui expire un samedi, un dimanche ou un jour férié est prorogé jusqu'au premier jour ouvrable suivant (à rebours : le jour ouvrable précédent).",
                verbose_name="report au jour ouvrable (CPC art. 642)",
            ),
        ),
        migrations.AddField(
            model_name="procedure",
            name="ccapex_report_required",
            field=models.BooleanField(
                db_index=True, default=False, verbose_name="signalement à la CCAPEX requis"
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
