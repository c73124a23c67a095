"""The DSF deadline becomes a dated rule (``DSF_TRANSMISSION``: the last working day
before the hearing, loi 1989 art. 24 III) instead of a day computed in the code; the
rows are seeded again (idempotent). docs/decisions/2026-12-06-dsf-before-hearing-rule.md"""

from django.db import migrations


def forward(apps, schema_editor):
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(
        legal_rule_model=apps.get_model("procedures", "LegalRule"),
        departement_model=apps.get_model("core", "Departement"),
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0009_saisine_from_2015")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
