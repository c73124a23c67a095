"""Issue 9: the past addresses of a household that moved (``PastAddress``), and the
one-error phonetic keys (``PV``) of the households already stored."""

import django.db.models.deletion
from django.db import migrations, models

from prevex.households.keys import variant_keys

CHUNK = 5_000


def add_variant_keys(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    HouseholdKey = apps.get_model("households", "HouseholdKey")
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        places = dict(
            (pk, (departement, postcode))
            for pk, departement, postcode in Household.objects.filter(pk__in=chunk).values_list(
                "pk", "departement_id", "postal_code"
            )
        )
        rows = set()
        for household_id, last in Member.objects.filter(
            household_id__in=chunk, role__in=["TITULAIRE", "COTITULAIRE"]
        ).values_list("household_id", "last_name"):
            departement, postcode = places[household_id]
            for kind, value in variant_keys(last, postcode):
                rows.add((household_id, departement, kind, value))
        HouseholdKey.objects.bulk_create(
            [
                HouseholdKey(household_id=h, departement_id=d, kind=k, value=v)
                for h, d, k, v in sorted(rows)
            ],
            batch_size=2_000,
        )


class Migration(migrations.Migration):
    dependencies = [("households", "0005_lease_date"), ("core", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PastAddress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.CharField(max_length=250, verbose_name="adresse")),
                (
                    "address_complement",
                    models.CharField(
                        blank=True, max_length=250, verbose_name="complément d'adresse"
                    ),
                ),
                ("postal_code", models.CharField(max_length=5, verbose_name="code postal")),
                ("left_on", models.DateField(verbose_name="quittée le (au plus tard)")),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="enregistré le"),
                ),
                (
                    "source_kind",
                    models.CharField(blank=True, max_length=32, verbose_name="type de source"),
                ),
                (
                    "source_id",
                    models.BigIntegerField(
                        blank=True, null=True, verbose_name="identifiant de la source"
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.commune",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="past_addresses",
                        to="households.household",
                    ),
                ),
            ],
            options={
                "verbose_name": "adresse précédente",
                "verbose_name_plural": "adresses précédentes",
                "ordering": ["household_id", "-left_on", "-id"],
            },
        ),
        migrations.AlterField(
            model_name="householdkey",
            name="kind",
            field=models.CharField(
                choices=[
                    ("PN", "Nom phonétique + code postal"),
                    ("BD", "Date de naissance + initiale du nom"),
                    ("AD", "Numéro et voie"),
                    ("NM", "Nom et prénom normalisés"),
                    ("PV", "Nom phonétique à une erreur près + code postal"),
                ],
                max_length=2,
                verbose_name="type de clé",
            ),
        ),
        migrations.RunPython(add_variant_keys, migrations.RunPython.noop),
    ]
