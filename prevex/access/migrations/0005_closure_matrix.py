"""Who may close a procedure with which outcome, in the act matrix: one act type per
outcome, ``CLOTURE_<OUTCOME>``. The former ``SURENDETTEMENT`` rows (national and of the
départements, as edited) become ``CLOTURE_SURENDETTEMENT``; the national closure rows
that are missing are added, and a row that exists (national or of a département, edited
in the admin) is left as it is. docs/decisions/2026-12-06-closure-matrix.md"""

from django.db import migrations

OLD, NEW = "SURENDETTEMENT", "CLOTURE_SURENDETTEMENT"


def _closure_rows():
    from prevex.access.defaults import CLOSURE_MATRIX, closure_act

    return {
        org_type: {closure_act(outcome): basis for outcome, basis in closures.items()}
        for org_type, closures in CLOSURE_MATRIX.items()
    }


def _rename(model, old: str, new: str) -> None:
    for row in model.objects.filter(act_type=old).order_by("id"):
        taken = model.objects.filter(
            organisation_type=row.organisation_type,
            act_type=new,
            departement_id=row.departement_id,
        ).exists()
        if taken:
            row.delete()
        else:
            row.act_type = new
            row.save(update_fields=["act_type"])


def forward(apps, schema_editor):
    from prevex.access.defaults import seed_access_defaults

    act_permission = apps.get_model("access", "ActPermission")
    _rename(act_permission, OLD, NEW)
    seed_access_defaults(
        act_permission_model=act_permission,
        access_rule_model=apps.get_model("access", "AccessRule"),
        matrix=_closure_rows(),
        access_rules=(),
    )


def backward(apps, schema_editor):
    """Remove the national closure rows only as this migration wrote them (an edited row
    stays), then give the over-indebtedness rows their former name."""
    act_permission = apps.get_model("access", "ActPermission")
    for org_type, rows in _closure_rows().items():
        for act_type, basis in rows.items():
            if act_type == NEW:
                continue
            act_permission.objects.filter(
                organisation_type=org_type,
                act_type=act_type,
                departement__isnull=True,
                allowed=True,
                basis=basis,
            ).delete()
    _rename(act_permission, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("access", "0004_private_landlord_referral")]
    operations = [migrations.RunPython(forward, backward)]
