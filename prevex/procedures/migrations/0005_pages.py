"""The dashboard's default list read in index order (see docs/decisions/2026-11-30-dashboard.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0004_write_path"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="procedure",
            index=models.Index(
                condition=models.Q(("closed_on__isnull", True)),
                fields=["departement", "key_deadline", "-stage_date", "id"],
                name="procedure_open_by_deadline",
            ),
        ),
    ]
