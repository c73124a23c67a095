"""The referral to the CCAPEX binds every landlord that is a legal person other than a
family SCI (loi 1989 art. 24 II): the act's label and the label of its delay rule say so
(the code ``SAISINE_BAILLEUR_SOCIAL`` stays). Only a rule row still carrying the seeded
label is renamed; its values are untouched.
docs/decisions/2026-12-06-referral-by-private-legal-persons.md"""

from django.db import migrations, models

OLD_LABEL = "Délai minimal entre la saisine de la CCAPEX par le bailleur social et l'assignation"
NEW_LABEL = (
    "Délai minimal entre la saisine de la CCAPEX par le bailleur personne morale et l'assignation"
)


def relabel(old, new):
    def run(apps, schema_editor):
        apps.get_model("procedures", "LegalRule").objects.filter(
            code="SAISINE_BAILLEUR_SOCIAL_DELAI", label=old
        ).update(label=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0010_dsf_transmission"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="stage",
            field=models.CharField(
                choices=[
                    ("IMPAYE", "Impayé"),
                    ("SIGNALEMENT", "Signalement à la CCAPEX"),
                    ("CDP", "Commandement de payer"),
                    (
                        "SAISINE_BAILLEUR_SOCIAL",
                        "Saisine de la CCAPEX par le bailleur (social ou personne morale)",
                    ),
                    ("ASSIGNATION", "Assignation"),
                    ("DSF", "Diagnostic social et financier"),
                    ("AUDIENCE", "Audience"),
                    ("JUGEMENT", "Jugement"),
                    ("CQL", "Commandement de quitter les lieux"),
                    ("RFP", "Réquisition de la force publique"),
                    ("CFP", "Décision sur le concours de la force publique"),
                    ("EXPULSION", "Expulsion réalisée"),
                ],
                max_length=32,
                verbose_name="acte / étape",
            ),
        ),
        migrations.AlterField(
            model_name="procedure",
            name="stage",
            field=models.CharField(
                choices=[
                    ("IMPAYE", "Impayé"),
                    ("SIGNALEMENT", "Signalement à la CCAPEX"),
                    ("CDP", "Commandement de payer"),
                    (
                        "SAISINE_BAILLEUR_SOCIAL",
                        "Saisine de la CCAPEX par le bailleur (social ou personne morale)",
                    ),
                    ("ASSIGNATION", "Assignation"),
                    ("DSF", "Diagnostic social et financier"),
                    ("AUDIENCE", "Audience"),
                    ("JUGEMENT", "Jugement"),
                    ("CQL", "Commandement de quitter les lieux"),
                    ("RFP", "Réquisition de la force publique"),
                    ("CFP", "Décision sur le concours de la force publique"),
                    ("EXPULSION", "Expulsion réalisée"),
                ],
                max_length=32,
                verbose_name="étape",
            ),
        ),
        migrations.RunPython(relabel(OLD_LABEL, NEW_LABEL), relabel(NEW_LABEL, OLD_LABEL)),
    ]
