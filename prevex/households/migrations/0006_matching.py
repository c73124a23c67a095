"""Placeholder reserved for the matching work (issue 9); replace its operations (keep name and dependency)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("households", "0005_lease_date")]
    operations = []
