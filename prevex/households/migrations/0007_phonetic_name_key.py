"""The ``PF`` matching key (surname and first name, phonetic, département-wide): the
choice, and the keys of the households already stored (computed by the same pure
function the households services use, prevex/households/keys.py)."""

from django.db import migrations, models

CHUNK = 5_000
HOLDER_ROLES = ("TITULAIRE", "COTITULAIRE")


def add_keys(apps, schema_editor):
    from prevex.households.keys import names_of, phonetic_name_key

    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    HouseholdKey = apps.get_model("households", "HouseholdKey")
    ids = list(Household.objects.order_by("pk").values_list("pk", "departement_id"))
    for start in range(0, len(ids), CHUNK):
        chunk = dict(ids[start : start + CHUNK])
        wanted = set()
        for pk, last, first in Member.objects.filter(
            household_id__in=list(chunk), role__in=HOLDER_ROLES
        ).values_list("household_id", "last_name", "first_name"):
            surnames, given = names_of(last, first)
            for surname in surnames:
                key = phonetic_name_key(surname, given)
                if key is not None:
                    wanted.add((pk, key[1]))
        HouseholdKey.objects.bulk_create(
            [
                HouseholdKey(household_id=pk, departement_id=chunk[pk], kind="PF", value=value)
                for pk, value in sorted(wanted)
            ],
            ignore_conflicts=True,
        )


def remove_keys(apps, schema_editor):
    apps.get_model("households", "HouseholdKey").objects.filter(kind="PF").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0006_matching"),
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
                ],
                max_length=2,
                verbose_name="type de clé",
            ),
        ),
        migrations.RunPython(add_keys, remove_keys),
    ]
