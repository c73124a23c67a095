"""One write path (issue 8): ``HouseholdKey`` now belongs to the households app (see
households 0002); removed from this app's state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("households", "0002_write_path"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="HouseholdKey")],
            database_operations=[],
        ),
    ]
