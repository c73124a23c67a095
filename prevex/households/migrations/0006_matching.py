"""Issue 9: the past addresses of a household that moved (``PastAddress``), and the
one-error phonetic keys (``PV``) of the households already stored."""

import django.db.models.deletion
from django.db import migrations, models

from prevex.households.keys import household_key_values

CHUNK = 5_000
HOLDERS = ["TITULAIRE", "COTITULAIRE"]


def recompute_keys(apps, schema_editor):
    """Keys of the stored households computed again: names are now read (civilities,
    « épouse / née ») and the one-error ``PV`` keys are new (pure function, same strings
    on both engines)."""
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    HouseholdKey = apps.get_model("households", "HouseholdKey")
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        holders: dict[int, list] = {pk: [] for pk in chunk}
        for household_id, role, last, first, birth in (
            Member.objects.filter(household_id__in=chunk, role__in=HOLDERS)
            .order_by("household_id", "id")
            .values_list("household_id", "role", "last_name", "first_name", "birth_date")
        ):
            holders[household_id].append((role != "TITULAIRE", last, first, birth))
        rows = []
        for pk, departement, address, postcode in Household.objects.filter(
            pk__in=chunk
        ).values_list("pk", "departement_id", "address", "postal_code"):
            people = [
                (last, first, birth)
                for _, last, first, birth in sorted(holders[pk], key=lambda h: h[0])
            ]
            for kind, value in sorted(
                household_key_values(holders=people, address=address, postal_code=postcode)
            ):
                rows.append(
                    HouseholdKey(
                        household_id=pk, departement_id=departement, kind=kind, value=value
                    )
                )
        HouseholdKey.objects.filter(household_id__in=chunk).delete()
        HouseholdKey.objects.bulk_create(rows, batch_size=2_000)


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
        migrations.RunPython(recompute_keys, migrations.RunPython.noop),
    ]
