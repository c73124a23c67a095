"""The criteria the préfecture answers when it decides on the « concours de la force
publique »: configured per département in the admin, with a harmonised default list that
a département (and the demo) seeds with ``cfp_criteria_seed_defaults`` (re-exported by
``cfp.py``)."""

from __future__ import annotations

from django.db import transaction

from .models import CfpCriterion

# The harmonised default checklist (label, precision), seeded for a département that asks.
DEFAULT_CRITERIA: list[tuple[str, str]] = [
    ("Présence d'enfants mineurs, en particulier en bas âge",
     "Âge des enfants, naissance attendue."),
    ("Santé, handicap ou perte d'autonomie d'un occupant",
     "D'après les éléments transmis par les travailleurs sociaux."),
    ("Scolarité des enfants en cours",
     "Une exécution en cours d'année scolaire peut être différée à la fin de l'année."),
    ("Proposition de relogement ou d'hébergement faite au ménage",
     "Proposition adaptée, acceptée ou refusée par le ménage."),
    ("Recours DALO reconnu prioritaire et urgent",
     "Décision de la commission de médiation DALO."),
    ("Bonne foi du ménage : reprise du paiement du loyer courant", ""),
    ("Niveau de la dette locative et perspectives d'apurement",
     "Plan d'apurement, FSL, dossier de surendettement."),
    ("Recommandations de la CCAPEX ou de la COMEX mises en œuvre", ""),
    ("Trêve hivernale : exécution possible seulement après sa fin", "CPCE L412-6."),
    ("Solution de relogement ou d'hébergement disponible à la date d'exécution",
     "Hébergement proposé par le SIAO, relogement par le contingent préfectoral."),
    ("Situation du bailleur (personne physique, préjudice subi)", ""),
]  # fmt: skip


def active_criteria(departement_id: str) -> list[CfpCriterion]:
    return list(
        CfpCriterion.objects.filter(departement_id=departement_id, active=True).order_by(
            "order", "id"
        )
    )


def cfp_criteria_seed_defaults(*, departement_id: str) -> int:
    """Give a département without any criterion the harmonised default list; a
    département that has criteria (its own, edited or retired ones) is left as it is.
    Returns how many were added (idempotent: 0 the second time)."""
    with transaction.atomic():
        if CfpCriterion.objects.filter(departement_id=departement_id).exists():
            return 0
        CfpCriterion.objects.bulk_create(
            [
                CfpCriterion(
                    departement_id=departement_id,
                    label=label,
                    help_text=help_text,
                    order=rank * 10,
                )
                for rank, (label, help_text) in enumerate(DEFAULT_CRITERIA, start=1)
            ]
        )
    return len(DEFAULT_CRITERIA)
