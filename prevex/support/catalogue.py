"""The national catalogue of support measures (« dispositifs »), as plain data.

Seeded by the data migration ``0002_seed`` through ``seed_catalogue(measure_type_model=...)``
(idempotent, keyed by code for the national rows). A département overrides a row in the
admin by adding a row with the same code and its département.
"""

# (code, label, deciding body, has an amount, description)
CATALOGUE: list[tuple[str, str, str, bool, str]] = [
    ("FSL_MAINTIEN", "FSL maintien (apurement de la dette)", "Fonds de solidarité pour le logement",
     True, "Aide du FSL pour se maintenir dans le logement : prise en charge de tout ou partie "
     "de la dette locative."),
    ("FSL_ACCES", "FSL accès (avec apurement d'une dette ancienne)",
     "Fonds de solidarité pour le logement", True,
     "Aide du FSL à l'accès à un nouveau logement, pouvant régler une dette ancienne."),
    ("ASLL", "Accompagnement social lié au logement (ASLL)", "Conseil départemental (FSL)",
     False, "Mesure d'accompagnement social individuel financée par le FSL."),
    ("AVDL", "Accompagnement vers et dans le logement (AVDL)", "État (DDETS)", False,
     "Accompagnement financé par l'État, notamment pour la prévention des expulsions."),
    ("MASP", "Mesure d'accompagnement social personnalisé (MASP)", "Conseil départemental",
     False, "Accompagnement à la gestion des prestations sociales, avec contrat."),
    ("PROTOCOLE_TRIPARTITE", "Protocole tripartite CAF – État – Conseil départemental",
     "CAF, État et Conseil départemental", False,
     "Engagement conjoint pour le maintien des droits et l'apurement."),
    ("PCS", "Protocole de cohésion sociale (PCS)", "Bailleur social", False,
     "Protocole entre le bailleur social et le ménage après résiliation du bail."),
    ("PLAN_APUREMENT", "Plan d'apurement", "Bailleur", False,
     "Échéancier de remboursement de la dette convenu avec le bailleur."),
    ("ACTION_LOGEMENT", "Aide d'Action Logement", "Action Logement", True,
     "Aide ou prêt d'Action Logement pour les salariés du secteur privé."),
    ("SURENDETTEMENT", "Dossier de surendettement", "Banque de France – commission de "
     "surendettement", False, "Dépôt d'un dossier auprès de la commission de surendettement."),
    ("DALO", "Recours DALO", "Commission de médiation DALO", False,
     "Recours au titre du droit au logement opposable."),
    ("SOLIPEX", "SOLIPEX", "État (DDETS)", True,
     "Dispositif de solidarité pour la prévention des expulsions."),
    ("SIAO", "Demande d'hébergement (SIAO)", "SIAO", False,
     "Demande d'hébergement ou de logement accompagné auprès du SIAO."),
    ("MUTATION", "Mutation dans le parc social", "Bailleur social", False,
     "Échange ou mutation vers un logement social plus adapté."),
]  # fmt: skip


def seed_catalogue(*, measure_type_model) -> int:
    """Create or update the national rows; return how many were created."""
    created = 0
    for order, (code, label, body, has_amount, description) in enumerate(CATALOGUE, start=1):
        _, was_created = measure_type_model.objects.update_or_create(
            code=code,
            departement=None,
            defaults={
                "label": label,
                "deciding_body": body,
                "has_amount": has_amount,
                "description": description,
                "order": order * 10,
            },
        )
        created += was_created
    return created
