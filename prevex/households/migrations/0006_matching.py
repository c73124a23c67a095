"""Issue 9: the past addresses of a household that moved (``PastAddress``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("households", "0005_lease_date"), ("core", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PastAddress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("address", models.CharField(max_length=250, verbose_name="adresse")),
                ("address_complement", models.CharField(blank=True, max_length=250, verbose_name="complément d'adresse")),
                ("postal_code", models.CharField(max_length=5, verbose_name="code postal")),
                ("left_on", models.DateField(verbose_name="quittée le (au plus tard)")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("source_kind", models.CharField(blank=True, max_length=32, verbose_name="type de source")),
                ("source_id", models.BigIntegerField(blank=True, null=True, verbose_name="identifiant de la source")),
                ("commune", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.commune")),
                ("household", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="past_addresses", to="households.household")),
            ],
            options={
                "verbose_name": "adresse précédente",
                "verbose_name_plural": "adresses précédentes",
                "ordering": ["household_id", "-left_on", "-id"],
            },
        ),
    ]
