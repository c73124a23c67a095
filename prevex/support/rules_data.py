"""The follow-up's dated rules, stored with the legal rules (``procedures.LegalRule``).

Same conventions as ``prevex/procedures/rules_data.py`` (``valid_to`` exclusive, a
département's row overrides the national one, never edit a past row: close it and append
the new one); seeded by this app's data migration with ``seed_legal_rules``.
"""

import datetime

DSF_FORM = datetime.date(2022, 9, 1)  # arrêté du 23 août 2022 (new national form)

RULES: list[dict] = [
    {
        "code": "DSF_ALERTE_AUDIENCE",
        "label": "Alerte : DSF non transmis alors que l'audience est dans moins de",
        "value": 15,
        "unit": "DAYS",
        "valid_from": DSF_FORM,
        "valid_to": None,
        "legal_basis": (
            "Loi n° 89-462 du 6 juillet 1989, art. 24 III ; décret n° 2021-8 du 5 janvier 2021 "
            "(DSF transmis au juge avant l'audience) ; délai d'alerte de la plateforme"
        ),
        "short_basis": "Loi 1989 art. 24 III",
        "departement": None,
    },
    {
        "code": "PLAN_ALERTE_ECHEANCES",
        "label": "Alerte : mensualités du plan d'apurement impayées (nombre de mensualités)",
        "value": 2,
        "unit": "MONTHS",
        "valid_from": DSF_FORM,
        "valid_to": None,
        "legal_basis": (
            "Paramètre de la plateforme (charte de prévention des expulsions) : alerte au "
            "travailleur social et au bailleur après ce nombre de mensualités impayées."
        ),
        "short_basis": "Charte départementale",
        "departement": None,
    },
    {
        "code": "ORIENTATION_DELAI_REPONSE",
        "label": "Délai de réponse à une orientation, au-delà duquel le secrétariat est saisi",
        "value": 15,
        "unit": "DAYS",
        "valid_from": DSF_FORM,
        "valid_to": None,
        "legal_basis": (
            "Paramètre de la plateforme (charte de prévention des expulsions, continuité "
            "entre partenaires) : délai par défaut proposé à l'émetteur."
        ),
        "short_basis": "Charte départementale",
        "departement": None,
    },
    # Work lists (« à faire »): which tasks are generated, and how long before their due
    # date. A value of 0 means « not generated » for that period (close the row, append one).
    {
        "code": "TACHE_ECHEANCE_PROCEDURE",
        "label": "Tâche : échéance de la procédure dans moins de",
        "value": 15,
        "unit": "DAYS",
        "valid_from": DSF_FORM,
        "valid_to": None,
        "legal_basis": (
            "Paramètre de la plateforme (charte de prévention des expulsions) : les "
            "partenaires impliqués voient l'échéance approcher dans leur liste « à faire »."
        ),
        "short_basis": "Charte départementale",
        "departement": None,
    },
    {
        "code": "TACHE_RELANCE_DISPOSITIF",
        "label": "Tâche : dispositif proposé ou demandé sans suite depuis",
        "value": 30,
        "unit": "DAYS",
        "valid_from": DSF_FORM,
        "valid_to": None,
        "legal_basis": (
            "Paramètre de la plateforme (charte de prévention des expulsions, suivi des "
            "dispositifs) : relance par l'organisme qui porte le dispositif."
        ),
        "short_basis": "Charte départementale",
        "departement": None,
    },
    {
        "code": "TACHE_ORIENTATION_A_TRAITER",
        "label": "Tâche : orientation reçue à traiter, réponse attendue dans moins de",
        "value": 15,
        "unit": "DAYS",
        "valid_from": DSF_FORM,
        "valid_to": None,
        "legal_basis": (
            "Paramètre de la plateforme (charte de prévention des expulsions, continuité "
            "entre partenaires) : l'organisme destinataire voit l'orientation à traiter."
        ),
        "short_basis": "Charte départementale",
        "departement": None,
    },
]
