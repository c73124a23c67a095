"""The date the lease was concluded or last renewed (issue 10): it selects the clause
résolutoire delay (Cass. avis n° 24-70.002)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("households", "0004_history")]
    operations = [
        migrations.AddField(
            model_name="household",
            name="lease_date",
            field=models.DateField(
                blank=True,
                null=True,
                verbose_name="date du bail (conclusion ou dernier renouvellement)",
            ),
        ),
    ]
