"""Placeholder reserved for the matching work (issue 9); replace its operations (keep name and dependency)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_write_path")]
    operations = []
