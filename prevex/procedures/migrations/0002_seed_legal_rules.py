"""Seed the national legal rules and the known département overrides (idempotent)."""

from django.db import migrations

from prevex.procedures.rules_data import RULES, seed_legal_rules


def seed(apps, schema_editor):
    seed_legal_rules(
        legal_rule_model=apps.get_model("procedures", "LegalRule"),
        departement_model=apps.get_model("core", "Departement"),
        rules=RULES,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("procedures", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
