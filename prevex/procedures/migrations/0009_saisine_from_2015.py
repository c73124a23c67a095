"""The social landlord's referral delay (loi 1989 art. 24 II) applies from 1 January 2015
(loi ALUR), not from 1989: the national row seeded from 8 July 1989 is moved to its real
start (a correction of the data, not a change of the law), then the rows are seeded again
(idempotent). See docs/decisions/2026-12-03-legal-delays-audit.md."""

import datetime

from django.db import migrations

CODE = "SAISINE_BAILLEUR_SOCIAL_DELAI"
HISTORIC = datetime.date(1989, 7, 8)
SAISINE_2015 = datetime.date(2015, 1, 1)


def forward(apps, schema_editor):
    from prevex.procedures.rules_data import seed_legal_rules

    LegalRule = apps.get_model("procedures", "LegalRule")
    national = LegalRule.objects.filter(code=CODE, departement__isnull=True)
    if national.filter(valid_from=SAISINE_2015).exists():
        national.filter(valid_from=HISTORIC).delete()
    else:
        national.filter(valid_from=HISTORIC).update(valid_from=SAISINE_2015)
    seed_legal_rules(
        legal_rule_model=LegalRule,
        departement_model=apps.get_model("core", "Departement"),
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0008_truce_extensions")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
