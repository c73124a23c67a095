"""Placeholder reserved for the dates-and-law work (issue 10); replace its operations (keep name and dependency)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("households", "0004_history")]
    operations = []
