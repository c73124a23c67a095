"""Issue 9: the ways of writing a holder's name that an agent recognised when settling a
review (``ClaimField.NAME_FORM``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_claims"),
    ]

    operations = [
        migrations.AlterField(
            model_name="householdclaim",
            name="field",
            field=models.CharField(
                choices=[
                    ("BIRTH_DATE", "Date de naissance du titulaire"),
                    ("CO_TENANT", "Cotitulaire"),
                    ("NAME_FORM", "Écriture du nom reconnue"),
                ],
                max_length=16,
                verbose_name="donnée",
            ),
        ),
    ]
