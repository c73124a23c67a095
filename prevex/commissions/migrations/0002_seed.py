"""Seed the commissions' dated rules (into procedures.LegalRule) and the national catalogue
of recommendation types. Idempotent, historical models only."""

from django.db import migrations


def seed(apps, schema_editor):
    from prevex.commissions.catalogue import seed_catalogue
    from prevex.commissions.rules_data import RULES
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(
        legal_rule_model=apps.get_model("procedures", "LegalRule"),
        departement_model=apps.get_model("core", "Departement"),
        rules=RULES,
    )
    seed_catalogue(recommendation_type_model=apps.get_model("commissions", "RecommendationType"))


class Migration(migrations.Migration):
    dependencies = [
        ("commissions", "0001_initial"),
        ("procedures", "0002_seed_legal_rules"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
