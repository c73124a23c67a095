"""A private landlord organisation that is a legal person records its own referral to the
CCAPEX (loi 1989-462, art. 24 II): the national row (BAILLEUR_PRIVE,
SAISINE_BAILLEUR_SOCIAL) is added if missing; a row that exists (national or of a
département, edited in the admin) is left as it is, and no other default is recreated.
docs/decisions/2026-12-06-referral-by-private-legal-persons.md"""

from django.db import migrations

BASIS = (
    "Saisine de la CCAPEX par le bailleur personne morale autre qu'une SCI familiale, deux "
    "mois avant l'assignation (loi 1989-462, art. 24 II)"
)


def forward(apps, schema_editor):
    from prevex.access.defaults import seed_access_defaults

    seed_access_defaults(
        act_permission_model=apps.get_model("access", "ActPermission"),
        access_rule_model=apps.get_model("access", "AccessRule"),
        matrix={"BAILLEUR_PRIVE": {"SAISINE_BAILLEUR_SOCIAL": BASIS}},
        access_rules=(),
    )


def backward(apps, schema_editor):
    """Remove the row only as this migration wrote it (an edited row stays)."""
    apps.get_model("access", "ActPermission").objects.filter(
        organisation_type="BAILLEUR_PRIVE",
        act_type="SAISINE_BAILLEUR_SOCIAL",
        departement__isnull=True,
        allowed=True,
        basis=BASIS,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0003_destinataire_reason")]
    operations = [migrations.RunPython(forward, backward)]
