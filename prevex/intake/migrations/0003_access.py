"""The review queue gains « nouvel intervenant » (an act from an organisation not
involved in the file it matched) and its two decisions."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_write_path"),
        ("access", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reviewitem",
            name="decision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("MEME_MENAGE", "Même ménage"),
                    ("NOUVEAU_MENAGE", "Nouveau ménage"),
                    ("ACCEPTE", "Acte accepté"),
                    ("REJETE", "Acte rejeté"),
                    ("ACCES_ACCORDE", "Dossier ouvert au nouvel intervenant"),
                    ("ACCES_REFUSE", "Dossier fermé au nouvel intervenant"),
                ],
                max_length=16,
                verbose_name="décision",
            ),
        ),
        migrations.AlterField(
            model_name="reviewitem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("MATCH", "Rapprochement incertain"),
                    ("ORDRE", "Acte incohérent avec la procédure"),
                    ("INTERVENANT", "Nouvel intervenant"),
                ],
                max_length=12,
                verbose_name="type",
            ),
        ),
    ]
