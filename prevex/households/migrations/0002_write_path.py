"""One write path (issue 8): the matching keys belong to the household, and the database
refuses what the households services always refuse.

``HouseholdKey`` moves from the matching app in the state only: its table stays
``matching_householdkey`` (created by matching 0001), matching 0002 drops it from its
own state.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("households", "0001_initial"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HouseholdKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("PN", "Nom phonétique + code postal"),
                                    ("BD", "Date de naissance + initiale du nom"),
                                    ("AD", "Numéro et voie"),
                                    ("NM", "Nom et prénom normalisés"),
                                ],
                                max_length=2,
                                verbose_name="type de clé",
                            ),
                        ),
                        ("value", models.CharField(max_length=160, verbose_name="valeur")),
                        (
                            "departement",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="core.departement",
                            ),
                        ),
                        (
                            "household",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="match_keys",
                                to="households.household",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "clé de rapprochement",
                        "verbose_name_plural": "clés de rapprochement",
                        "db_table": "matching_householdkey",
                        "ordering": ["household_id", "kind", "value"],
                        "indexes": [
                            models.Index(fields=["kind", "value"], name="matching_key_kind_value")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("household", "kind", "value"), name="matching_key_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddConstraint(
            model_name="household",
            constraint=models.CheckConstraint(
                condition=models.Q(("rent__gte", 0)), name="household_rent_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="household",
            constraint=models.CheckConstraint(
                condition=models.Q(("charges__gte", 0)), name="household_charges_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="household",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("monthly_resources__isnull", True),
                    ("monthly_resources__gte", 0),
                    _connector="OR",
                ),
                name="household_resources_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="household",
            constraint=models.CheckConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                name="household_reference_not_empty",
            ),
        ),
    ]
