"""Placeholder in the migration chain: filled by the work that owns it (see its name)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("households", "0002_write_path"),
    ]

    operations = []
