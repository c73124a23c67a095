"""Closed lists of the commissions (French labels, official terms; docs/glossary.md)."""

from django.db import models


class CommissionKind(models.TextChoices):
    CCAPEX_PLENIERE = "CCAPEX_PLENIERE", "CCAPEX plénière"
    CCAPEX_RESTREINTE = "CCAPEX_RESTREINTE", "CCAPEX restreinte"
    CCAPEX_TERRITORIALE = "CCAPEX_TERRITORIALE", "CCAPEX territoriale (arrondissement, EPCI)"
    CLIL = "CLIL", "Commission locale d'impayés locatifs (CLIL)"
    COMEX = "COMEX", "Commission d'expulsion (COMEX, sous-préfecture)"


class SessionStatus(models.TextChoices):
    PREPARATION = "PREPARATION", "Ordre du jour en préparation"
    CONVOQUEE = "CONVOQUEE", "Convocation envoyée"
    TENUE = "TENUE", "Séance tenue"
    CLOSE = "CLOSE", "Délibérations closes"
    ANNULEE = "ANNULEE", "Annulée"


class SaisineReason(models.TextChoices):
    """Why a file is proposed to a commission."""

    PARTENAIRE = "PARTENAIRE", "Saisine par un partenaire"
    # every landlord that is a legal person other than a family SCI (loi 1989 art. 24 II)
    BAILLEUR_SOCIAL = (
        "BAILLEUR_SOCIAL",
        "Saisine du bailleur (social ou personne morale) avant l'assignation",
    )
    COMED = "COMED", "Alerte de la commission de médiation DALO (COMED)"
    REVUE = "REVUE", "Revue à six mois d'un dossier examiné"
    SUGGESTION = "SUGGESTION", "Suggestion d'une règle du secrétariat"
    CFP = "CFP", "Réquisition de la force publique (COMEX)"


class SaisineStatus(models.TextChoices):
    PROPOSEE = "PROPOSEE", "Proposée"
    INSCRITE = "INSCRITE", "Inscrite à l'ordre du jour"
    EXAMINEE = "EXAMINEE", "Examinée"
    RETIREE = "RETIREE", "Retirée"
    # Written by the retention job only (prevex/commissions/retention.py), never offered.
    ANONYMISE = "ANONYMISE", "Close : dossier anonymisé"


class AddresseeKind(models.TextChoices):
    MENAGE = "MENAGE", "Le ménage"
    ORGANISATION = "ORGANISATION", "Une organisation"


class RecommendationStatus(models.TextChoices):
    A_FAIRE = "A_FAIRE", "À mettre en œuvre"
    EN_COURS = "EN_COURS", "En cours"
    MISE_EN_OEUVRE = "MISE_EN_OEUVRE", "Mise en œuvre"
    NON_MISE_EN_OEUVRE = "NON_MISE_EN_OEUVRE", "Non mise en œuvre"
    REFUSEE = "REFUSEE", "Refusée"


# Statuses that end the follow-up of a recommendation (no more reminders).
CLOSED_STATUSES = frozenset(
    {
        RecommendationStatus.MISE_EN_OEUVRE,
        RecommendationStatus.NON_MISE_EN_OEUVRE,
        RecommendationStatus.REFUSEE,
    }
)


class OutcomeKind(models.TextChoices):
    """One year after the examination (charter indicators 42–46)."""

    EXPULSE = "EXPULSE", "Expulsé"
    RELOGE = "RELOGE", "Relogé"
    DETTE_SOLDEE = "DETTE_SOLDEE", "Dette soldée"
    SURENDETTEMENT = "SURENDETTEMENT", "Surendettement en cours"
    CLASSE = "CLASSE", "Classé par le commissaire de justice"
    EN_PROCEDURE = "EN_PROCEDURE", "Toujours en procédure"


class CfpChoice(models.TextChoices):
    ACCORDE = "ACCORDE", "Concours accordé"
    REFUSE = "REFUSE", "Concours refusé"
    REPORTE = "REPORTE", "Décision reportée"
