"""The national catalogue of recommendation types (seeded by the data migration; a
département adds or overrides rows in the admin). ``addressee_type``: the organisation
type usually asked to act (empty: the household)."""

RECOMMENDATION_TYPES: list[dict] = [
    {
        "code": "PLAN_APUREMENT",
        "label": "Mettre en place un plan d'apurement",
        "addressee_type": "BAILLEUR_SOCIAL",
    },
    {
        "code": "FSL",
        "label": "Déposer une demande d'aide au Fonds de solidarité pour le logement (FSL)",
        "addressee_type": "CD_SOCIAL",
    },
    {
        "code": "SURENDETTEMENT",
        "label": "Déposer un dossier de surendettement",
        "addressee_type": "",
    },
    {
        "code": "DELAIS_JUGE",
        "label": "Demander des délais de paiement au juge",
        "addressee_type": "",
    },
    {"code": "SIAO", "label": "Orienter vers le SIAO (hébergement)", "addressee_type": "SIAO"},
    {
        "code": "MAINTIEN_AL",
        "label": "Maintenir l'aide au logement (protocole, plan respecté)",
        "addressee_type": "CAF",
    },
    {
        "code": "ACCOMPAGNEMENT",
        "label": "Mettre en place un accompagnement social lié au logement",
        "addressee_type": "CD_SOCIAL",
    },
    {
        "code": "RELOGEMENT",
        "label": "Rechercher un relogement adapté (contingent, Action Logement)",
        "addressee_type": "ACTION_LOGEMENT",
    },
    {"code": "DALO", "label": "Déposer un recours DALO", "addressee_type": ""},
    {
        "code": "REPRISE_PAIEMENT",
        "label": "Reprendre le paiement du loyer courant",
        "addressee_type": "",
    },
    {
        "code": "CONTACT_SERVICE",
        "label": "Prendre contact avec le service social",
        "addressee_type": "",
    },
    {
        "code": "PROTOCOLE_PCS",
        "label": "Signer un protocole de cohésion sociale",
        "addressee_type": "BAILLEUR_SOCIAL",
    },
    {
        "code": "CFP_ACCORDER",
        "label": "Accorder le concours de la force publique",
        "addressee_type": "PREFECTURE",
    },
    {
        "code": "CFP_REPORTER",
        "label": "Différer le concours de la force publique",
        "addressee_type": "PREFECTURE",
    },
]


def seed_catalogue(*, recommendation_type_model) -> None:
    """Create the national rows that are missing (existing rows are kept as edited)."""
    for order, row in enumerate(RECOMMENDATION_TYPES, start=1):
        recommendation_type_model.objects.get_or_create(
            code=row["code"],
            departement=None,
            defaults={
                "label": row["label"],
                "addressee_type": row["addressee_type"],
                "order": order * 10,
            },
        )
