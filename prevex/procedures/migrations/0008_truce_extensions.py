"""The winter truces of 2019-2020 and 2020-2021, extended by ordonnance (to 10 July 2020
and to 31 May 2021): the national rule rows are seeded again (idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(
        legal_rule_model=apps.get_model("procedures", "LegalRule"),
        departement_model=apps.get_model("core", "Departement"),
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0007_dates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
