"""Seed the follow-up's dated rules (into procedures.LegalRule) and the national catalogue
of support measures. Idempotent, historical models only."""

from django.db import migrations


def seed(apps, schema_editor):
    from prevex.procedures.rules_data import seed_legal_rules
    from prevex.support.catalogue import seed_catalogue
    from prevex.support.rules_data import RULES

    seed_legal_rules(
        legal_rule_model=apps.get_model("procedures", "LegalRule"),
        departement_model=apps.get_model("core", "Departement"),
        rules=RULES,
    )
    seed_catalogue(measure_type_model=apps.get_model("support", "MeasureType"))


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("procedures", "0002_seed_legal_rules"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
