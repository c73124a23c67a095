"""The social evaluation becomes dated, authored versions (SocialEvaluation).

The evaluation typed before (``Household.social_evaluation``, ``monthly_resources``,
``resources_note``) is copied into a first version wherever one of them is filled, dated
by the household's last update, with no known author. The household's columns are kept
one release (see docs/decisions/2026-11-30-write-history.md).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

BATCH = 1000


def copy_evaluations(apps, schema_editor):
    """One version per household whose evaluation or resources were filled (in batches)."""
    Household = apps.get_model("households", "Household")
    SocialEvaluation = apps.get_model("households", "SocialEvaluation")
    filled = (
        Household.objects.filter(
            ~Q(social_evaluation="") | ~Q(resources_note="") | Q(monthly_resources__isnull=False)
        )
        .order_by("pk")
        .values_list("pk", "social_evaluation", "monthly_resources", "resources_note", "updated_at")
    )
    batch = []
    for pk, text, resources, note, updated_at in filled.iterator(chunk_size=BATCH):
        batch.append(
            SocialEvaluation(
                household_id=pk,
                text=text,
                monthly_resources=resources if resources is None or resources >= 0 else None,
                resources_note=note,
                written_at=updated_at,
            )
        )
        if len(batch) == BATCH:
            SocialEvaluation.objects.bulk_create(batch)
            batch = []
    SocialEvaluation.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0003_access"),
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SocialEvaluation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="évaluation sociale")),
                (
                    "monthly_resources",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=9,
                        null=True,
                        verbose_name="ressources mensuelles du ménage (€)",
                    ),
                ),
                (
                    "resources_note",
                    models.TextField(blank=True, verbose_name="nature des ressources"),
                ),
                ("written_at", models.DateTimeField(verbose_name="rédigée le")),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="social_evaluations",
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
                        verbose_name="pour l'organisation",
                    ),
                ),
                (
                    "written_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="rédigée par",
                    ),
                ),
            ],
            options={
                "verbose_name": "version de l'évaluation sociale",
                "verbose_name_plural": "versions de l'évaluation sociale",
                "ordering": ["household_id", "-written_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["household", "-written_at"], name="households_social_latest"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("monthly_resources__gte", 0),
                            ("monthly_resources__isnull", True),
                            _connector="OR",
                        ),
                        name="households_social_resources_not_negative",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_evaluations, migrations.RunPython.noop),
    ]
