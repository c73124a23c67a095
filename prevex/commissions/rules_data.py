"""The commissions' dated rules, stored with the legal rules (``procedures.LegalRule``).

Same conventions as ``prevex/procedures/rules_data.py`` (``valid_to`` exclusive, a
département's row overrides the national one, never edit a past row: close it and append
the new one); seeded by this app's data migration with ``seed_legal_rules``. Chosen by the
session's date (window, review, outcome) or the recommendation's due date (reminders).
"""

import datetime

# Décret n° 2015-1384 du 30 octobre 2015 (CCAPEX), in force 1 November 2015.
CCAPEX_DECREE = datetime.date(2015, 11, 1)
CCAPEX_BASIS = "Décret n° 2015-1384 du 30 octobre 2015 (CCAPEX) ; charte départementale"

RULES: list[dict] = [
    {
        "code": "COMMISSION_ACCES_APRES_SEANCE",
        "label": "Accès des membres aux dossiers inscrits, après la séance",
        "value": 15,
        "unit": "DAYS",
        "valid_from": CCAPEX_DECREE,
        "valid_to": None,
        "legal_basis": CCAPEX_BASIS + " : les membres voient les dossiers de la séance "
        "depuis la convocation jusqu'à ce délai après la séance.",
        "short_basis": "Décret 2015-1384",
        "departement": None,
    },
    {
        "code": "RECOMMANDATION_RAPPEL_AVANT",
        "label": "Rappel au destinataire d'une recommandation, avant l'échéance",
        "value": 7,
        "unit": "DAYS",
        "valid_from": CCAPEX_DECREE,
        "valid_to": None,
        "legal_basis": CCAPEX_BASIS + " : suivi des avis et recommandations.",
        "short_basis": "Décret 2015-1384",
        "departement": None,
    },
    {
        "code": "RECOMMANDATION_RELANCE_APRES",
        "label": "Relance du destinataire d'une recommandation, après l'échéance",
        "value": 15,
        "unit": "DAYS",
        "valid_from": CCAPEX_DECREE,
        "valid_to": None,
        "legal_basis": CCAPEX_BASIS + " : suivi des avis et recommandations.",
        "short_basis": "Décret 2015-1384",
        "departement": None,
    },
    {
        "code": "COMMISSION_REVUE",
        "label": "Revue d'un dossier examiné par la commission, après",
        "value": 6,
        "unit": "MONTHS",
        "valid_from": CCAPEX_DECREE,
        "valid_to": None,
        "legal_basis": CCAPEX_BASIS + " : réexamen des situations (fiche action 9).",
        "short_basis": "Charte départementale",
        "departement": None,
    },
    {
        "code": "COMMISSION_ISSUE",
        "label": "Constat de l'issue d'un dossier examiné, après",
        "value": 12,
        "unit": "MONTHS",
        "valid_from": CCAPEX_DECREE,
        "valid_to": None,
        "legal_basis": CCAPEX_BASIS + " : indicateurs de la charte (devenir des ménages).",
        "short_basis": "Charte départementale",
        "departement": None,
    },
]
