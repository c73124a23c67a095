"""Placeholder reserved for the matching work (issue 9); replace its operations (keep name and dependency)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_history")]
    operations = []
