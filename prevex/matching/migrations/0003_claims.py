"""Issue 9: what a matched row adds is a claim of that row (``HouseholdClaim``), applied
only when an agent confirms it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_write_path"),
        ("accounts", "0002_production"),
        ("core", "0001_initial"),
        ("households", "0006_matching"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HouseholdClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("BIRTH_DATE", "Date de naissance du titulaire"),
                            ("CO_TENANT", "Cotitulaire"),
                        ],
                        max_length=16,
                        verbose_name="donnée",
                    ),
                ),
                (
                    "birth_date",
                    models.DateField(
                        blank=True, null=True, verbose_name="date de naissance déclarée"
                    ),
                ),
                (
                    "last_name",
                    models.CharField(blank=True, max_length=120, verbose_name="nom déclaré"),
                ),
                (
                    "first_name",
                    models.CharField(blank=True, max_length=120, verbose_name="prénom déclaré"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("PENDING", "À confirmer"),
                            ("CONFIRMED", "Confirmée"),
                            ("REJECTED", "Écartée"),
                        ],
                        default="PENDING",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                ("source_kind", models.CharField(max_length=32, verbose_name="type de source")),
                ("source_id", models.BigIntegerField(verbose_name="identifiant de la source")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="le")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="tranchée le"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="tranchée par",
                    ),
                ),
                (
                    "departement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.departement",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="households.household",
                        verbose_name="ménage",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="households.member",
                        verbose_name="membre concerné",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "donnée déclarée à confirmer",
                "verbose_name_plural": "données déclarées à confirmer",
                "ordering": ["household_id", "created_at", "id"],
                "indexes": [
                    models.Index(fields=["household", "status"], name="matching_claim_household"),
                    models.Index(fields=["source_kind", "source_id"], name="matching_claim_source"),
                ],
            },
        ),
    ]
