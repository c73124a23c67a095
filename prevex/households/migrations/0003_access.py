"""Involvement moves to the access app (state only: the table stays
``households_involvement``; prevex/access/migrations/0001_initial takes it over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0002_write_path"),
        ("access", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Involvement")],
            database_operations=[],
        ),
    ]
