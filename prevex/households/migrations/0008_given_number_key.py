"""The ``PA`` matching key (phonetic first name, house number and postcode, for the
current and the former dwellings): the choice, and the keys of the households already
stored (computed by the same pure function the households services use,
prevex/households/keys.py)."""

from django.db import migrations, models

CHUNK = 5_000
HOLDER_ROLES = ("TITULAIRE", "COTITULAIRE")


def add_keys(apps, schema_editor):
    from prevex.households.keys import given_number_key, names_of

    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    PastAddress = apps.get_model("households", "PastAddress")
    HouseholdKey = apps.get_model("households", "HouseholdKey")
    ids = list(Household.objects.order_by("pk").values_list("pk", "departement_id"))
    for start in range(0, len(ids), CHUNK):
        chunk = dict(ids[start : start + CHUNK])
        dwellings = {
            pk: [(address, code)]
            for pk, address, code in Household.objects.filter(pk__in=list(chunk)).values_list(
                "pk", "address", "postal_code"
            )
        }
        for pk, address, code in PastAddress.objects.filter(
            household_id__in=list(chunk)
        ).values_list("household_id", "address", "postal_code"):
            dwellings[pk].append((address, code))
        wanted = set()
        for pk, last, first in Member.objects.filter(
            household_id__in=list(chunk), role__in=HOLDER_ROLES
        ).values_list("household_id", "last_name", "first_name"):
            _, given = names_of(last, first)
            for address, code in dwellings[pk]:
                key = given_number_key(given, address, code)
                if key is not None:
                    wanted.add((pk, key[1]))
        HouseholdKey.objects.bulk_create(
            [
                HouseholdKey(household_id=pk, departement_id=chunk[pk], kind="PA", value=value)
                for pk, value in sorted(wanted)
            ],
            ignore_conflicts=True,
        )


def remove_keys(apps, schema_editor):
    apps.get_model("households", "HouseholdKey").objects.filter(kind="PA").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0007_phonetic_name_key"),
    ]

    operations = [
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
                    ("PF", "Nom et prénom phonétiques (tout le département)"),
                    ("PA", "Prénom phonétique, numéro de voie et code postal"),
                ],
                max_length=2,
                verbose_name="type de clé",
            ),
        ),
        migrations.RunPython(add_keys, remove_keys),
    ]
