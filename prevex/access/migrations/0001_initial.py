"""The access app: Involvement moves here from households (state only: the table
``households_involvement`` stays), the involvement requests, the access rules and the
act matrix, with their national defaults (prevex/access/defaults.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from prevex.access.defaults import seed_access_defaults

ORG_TYPES = [
    ("ETAT_CCAPEX", "État – secrétariat de la CCAPEX"),
    ("PREFECTURE", "Préfecture / sous-préfecture"),
    ("CD_SOCIAL", "Conseil départemental – service social"),
    ("CAF", "CAF / MSA"),
    ("BAILLEUR_SOCIAL", "Bailleur social"),
    ("BAILLEUR_PRIVE", "Bailleur privé / agence"),
    ("COMMISSAIRE_JUSTICE", "Commissaire de justice"),
    ("ADIL", "ADIL"),
    ("EMPEX", "Équipe mobile de prévention des expulsions (EMPEX)"),
    ("CCAS", "CCAS / service social municipal"),
    ("ASSOCIATION", "Association"),
    ("TRIBUNAL", "Tribunal judiciaire"),
    ("BANQUE_DE_FRANCE", "Banque de France – commission de surendettement"),
    ("SIAO", "SIAO"),
    ("ACTION_LOGEMENT", "Action Logement"),
]
REASONS = [
    ("SIGNALEMENT", "A signalé le ménage"),
    ("ORIENTATION", "A reçu une orientation"),
    ("BAILLEUR", "Bailleur du ménage"),
    ("RECOMMANDATION", "Destinataire d'une recommandation de commission"),
    ("DESIGNATION", "Désignée par le secrétariat de la CCAPEX"),
    ("ACTE", "A transmis un acte de la procédure"),
]


def seed(apps, schema_editor):
    seed_access_defaults(
        act_permission_model=apps.get_model("access", "ActPermission"),
        access_rule_model=apps.get_model("access", "AccessRule"),
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0001_initial"),
        ("households", "0002_write_path"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Involvement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(choices=REASONS, max_length=24, verbose_name="motif"),
                        ),
                        ("starts_on", models.DateField(verbose_name="début")),
                        ("ends_on", models.DateField(blank=True, null=True, verbose_name="fin")),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "household",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="involvements",
                                to="households.household",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="involvements",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "implication",
                        "db_table": "households_involvement",
                        "ordering": ["household_id", "starts_on", "id"],
                        "indexes": [
                            models.Index(
                                fields=["organisation", "household"],
                                name="households__organis_623b5a_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="AccessRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "condition",
                    models.CharField(
                        choices=[
                            ("BAILLEUR_EN_TITRE", "Bailleur enregistré au dossier"),
                            (
                                "ACTE_PROCEDURE_EN_COURS",
                                "A déjà transmis un acte de la procédure en cours",
                            ),
                        ],
                        max_length=32,
                        verbose_name="condition",
                    ),
                ),
                (
                    "organisation_type",
                    models.CharField(
                        choices=[
                            ("ETAT_CCAPEX", "État – secrétariat de la CCAPEX"),
                            ("PREFECTURE", "Préfecture / sous-préfecture"),
                            ("CD_SOCIAL", "Conseil départemental – service social"),
                            ("CAF", "CAF / MSA"),
                            ("BAILLEUR_SOCIAL", "Bailleur social"),
                            ("BAILLEUR_PRIVE", "Bailleur privé / agence"),
                            ("COMMISSAIRE_JUSTICE", "Commissaire de justice"),
                            ("ADIL", "ADIL"),
                            ("EMPEX", "Équipe mobile de prévention des expulsions (EMPEX)"),
                            ("CCAS", "CCAS / service social municipal"),
                            ("ASSOCIATION", "Association"),
                            ("TRIBUNAL", "Tribunal judiciaire"),
                            ("BANQUE_DE_FRANCE", "Banque de France – commission de surendettement"),
                            ("SIAO", "SIAO"),
                            ("ACTION_LOGEMENT", "Action Logement"),
                        ],
                        max_length=32,
                        verbose_name="type d'organisation",
                    ),
                ),
                (
                    "grants",
                    models.BooleanField(default=True, verbose_name="accès sans confirmation"),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("SIGNALEMENT", "A signalé le ménage"),
                            ("ORIENTATION", "A reçu une orientation"),
                            ("BAILLEUR", "Bailleur du ménage"),
                            ("RECOMMANDATION", "Destinataire d'une recommandation de commission"),
                            ("DESIGNATION", "Désignée par le secrétariat de la CCAPEX"),
                            ("ACTE", "A transmis un acte de la procédure"),
                        ],
                        max_length=24,
                        verbose_name="motif de l'implication",
                    ),
                ),
                (
                    "basis",
                    models.CharField(blank=True, max_length=250, verbose_name="justification"),
                ),
                (
                    "departement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.departement",
                    ),
                ),
            ],
            options={
                "verbose_name": "règle d'accès sans confirmation",
                "verbose_name_plural": "règles d'accès sans confirmation",
                "ordering": ["condition", "organisation_type", "departement_id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("departement__isnull", True)),
                        fields=("condition", "organisation_type"),
                        name="access_rule_national",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("departement__isnull", False)),
                        fields=("condition", "organisation_type", "departement"),
                        name="access_rule_departement",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ActPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "organisation_type",
                    models.CharField(
                        choices=[
                            ("ETAT_CCAPEX", "État – secrétariat de la CCAPEX"),
                            ("PREFECTURE", "Préfecture / sous-préfecture"),
                            ("CD_SOCIAL", "Conseil départemental – service social"),
                            ("CAF", "CAF / MSA"),
                            ("BAILLEUR_SOCIAL", "Bailleur social"),
                            ("BAILLEUR_PRIVE", "Bailleur privé / agence"),
                            ("COMMISSAIRE_JUSTICE", "Commissaire de justice"),
                            ("ADIL", "ADIL"),
                            ("EMPEX", "Équipe mobile de prévention des expulsions (EMPEX)"),
                            ("CCAS", "CCAS / service social municipal"),
                            ("ASSOCIATION", "Association"),
                            ("TRIBUNAL", "Tribunal judiciaire"),
                            ("BANQUE_DE_FRANCE", "Banque de France – commission de surendettement"),
                            ("SIAO", "SIAO"),
                            ("ACTION_LOGEMENT", "Action Logement"),
                        ],
                        max_length=32,
                        verbose_name="type d'organisation",
                    ),
                ),
                ("act_type", models.CharField(max_length=32, verbose_name="type d'acte")),
                ("allowed", models.BooleanField(default=True, verbose_name="autorisé")),
                (
                    "basis",
                    models.CharField(
                        blank=True, max_length=250, verbose_name="base légale ou justification"
                    ),
                ),
                (
                    "departement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.departement",
                    ),
                ),
            ],
            options={
                "verbose_name": "droit d'enregistrer un acte",
                "verbose_name_plural": "matrice des actes (qui enregistre quoi)",
                "ordering": ["organisation_type", "act_type", "departement_id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("departement__isnull", True)),
                        fields=("organisation_type", "act_type"),
                        name="access_act_national",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("departement__isnull", False)),
                        fields=("organisation_type", "act_type", "departement"),
                        name="access_act_departement",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="InvolvementRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("EN_ATTENTE", "En attente du secrétariat"),
                            ("ACCORDEE", "Accordée"),
                            ("REFUSEE", "Refusée"),
                        ],
                        default="EN_ATTENTE",
                        max_length=12,
                        verbose_name="état",
                    ),
                ),
                ("requested_on", models.DateField(verbose_name="demandée le")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="décidée le"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "decided_by_organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "departement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.departement",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="households.household",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "demande d'accès (nouvel intervenant)",
                "verbose_name_plural": "demandes d'accès (nouveaux intervenants)",
                "ordering": ["requested_on", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "EN_ATTENTE")),
                        fields=("household", "organisation"),
                        name="access_one_pending_request",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
