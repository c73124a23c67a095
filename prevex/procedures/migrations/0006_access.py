"""Placeholder in the migration chain: filled by the work that owns it (see its name)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0005_pages"),
    ]

    operations = []
