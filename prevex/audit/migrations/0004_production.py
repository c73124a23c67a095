"""Placeholder reserved for the production work (issue 11); replace its operations (keep name and dependency)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_write_history")]
    operations = []
