"""Closed lists of the follow-up (French labels, official terms; docs/glossary.md).

The DSF lists follow the national form of the arrêté du 23 août 2022 (décret n° 2021-8
du 5 janvier 2021): resources and charges by type, causes of the arrears, rights and
their status, the household's wishes.
"""

from django.db import models


class ContactChannel(models.TextChoices):
    COURRIER = "COURRIER", "Courrier"
    LRAR = "LRAR", "Lettre recommandée"
    SMS = "SMS", "SMS"
    COURRIEL = "COURRIEL", "Courriel"
    TELEPHONE = "TELEPHONE", "Appel téléphonique"
    VISITE = "VISITE", "Visite à domicile"
    RDV = "RDV", "Rendez-vous au bureau"
    COLLECTIF = "COLLECTIF", "Réunion collective"


class Direction(models.TextChoices):
    SORTANT = "SORTANT", "Vers le ménage"
    ENTRANT = "ENTRANT", "Du ménage"


class ContactPurpose(models.TextChoices):
    PRISE_CONTACT = "PRISE_CONTACT", "Première prise de contact"
    INFORMATION = "INFORMATION", "Information sur la procédure et les droits"
    DSF = "DSF", "Diagnostic social et financier"
    AIDE_FINANCIERE = "AIDE_FINANCIERE", "Aide financière (FSL, Action Logement…)"
    PLAN = "PLAN", "Plan d'apurement"
    ACCES_DROITS = "ACCES_DROITS", "Ouverture ou rétablissement de droits"
    RELOGEMENT = "RELOGEMENT", "Relogement ou hébergement"
    AUDIENCE = "AUDIENCE", "Préparation de l'audience"
    ORIENTATION = "ORIENTATION", "Orientation vers un partenaire"
    RELANCE = "RELANCE", "Relance"
    AUTRE = "AUTRE", "Autre (préciser)"


class ContactOutcome(models.TextChoices):
    NON_JOINT = "NON_JOINT", "Non joint"
    JOINT = "JOINT", "Joint"
    REPONSE = "REPONSE", "A répondu"
    RDV_PRIS = "RDV_PRIS", "Rendez-vous pris"
    RDV_HONORE = "RDV_HONORE", "Rendez-vous honoré"
    ABSENT = "ABSENT", "Absent au rendez-vous"


class DsfStatus(models.TextChoices):
    DEMANDE = "DEMANDE", "Demandé"
    RDV = "RDV", "Rendez-vous fixé"
    REALISE = "REALISE", "Réalisé"
    ABSENT = "ABSENT", "Ménage absent"
    TRANSMIS = "TRANSMIS", "Transmis au tribunal"


class ResourceType(models.TextChoices):
    SALAIRES = "SALAIRES", "Salaires et revenus d'activité"
    CHOMAGE = "CHOMAGE", "Allocations chômage"
    RSA = "RSA", "RSA"
    PRIME_ACTIVITE = "PRIME_ACTIVITE", "Prime d'activité"
    AAH = "AAH", "AAH"
    PRESTATIONS_FAMILIALES = "PRESTATIONS_FAMILIALES", "Prestations familiales"
    AIDE_LOGEMENT = "AIDE_LOGEMENT", "Aide au logement (APL, ALF, ALS)"
    RETRAITE = "RETRAITE", "Pensions de retraite ou d'invalidité"
    PENSION_ALIMENTAIRE = "PENSION_ALIMENTAIRE", "Pension alimentaire reçue"
    AUTRES = "AUTRES", "Autres ressources"


class ChargeType(models.TextChoices):
    LOYER_RESIDUEL = "LOYER_RESIDUEL", "Loyer et charges (reste à charge)"
    ENERGIE = "ENERGIE", "Énergie (électricité, gaz)"
    EAU = "EAU", "Eau"
    ASSURANCE = "ASSURANCE", "Assurance habitation"
    TELEPHONE = "TELEPHONE", "Téléphone et internet"
    TRANSPORT = "TRANSPORT", "Transport"
    CREDITS = "CREDITS", "Crédits en cours"
    PENSION_VERSEE = "PENSION_VERSEE", "Pension alimentaire versée"
    AUTRES = "AUTRES", "Autres charges"


class DebtCause(models.TextChoices):
    PERTE_EMPLOI = "PERTE_EMPLOI", "Perte d'emploi"
    BAISSE_RESSOURCES = "BAISSE_RESSOURCES", "Baisse des ressources"
    SEPARATION = "SEPARATION", "Séparation, décès, changement familial"
    SANTE = "SANTE", "Problème de santé (sans détail ici)"
    RUPTURE_DROITS = "RUPTURE_DROITS", "Suspension ou rupture de droits (aide au logement…)"
    SURENDETTEMENT = "SURENDETTEMENT", "Endettement, surendettement"
    TAUX_EFFORT = "TAUX_EFFORT", "Loyer trop élevé pour les ressources"
    GESTION = "GESTION", "Difficultés de gestion du budget"
    LITIGE = "LITIGE", "Litige avec le bailleur (travaux, décence…)"
    AUTRE = "AUTRE", "Autre cause"


class RightType(models.TextChoices):
    AIDE_LOGEMENT = "AIDE_LOGEMENT", "Aide au logement (APL, ALF, ALS)"
    RSA = "RSA", "RSA"
    AAH = "AAH", "AAH"
    PRIME_ACTIVITE = "PRIME_ACTIVITE", "Prime d'activité"
    PRESTATIONS_FAMILIALES = "PRESTATIONS_FAMILIALES", "Prestations familiales"
    CSS = "CSS", "Complémentaire santé solidaire"


class RightStatus(models.TextChoices):
    OUVERT = "OUVERT", "Ouvert"
    SUSPENDU = "SUSPENDU", "Suspendu"
    EN_COURS = "EN_COURS", "Demande en cours"
    A_OUVRIR = "A_OUVRIR", "À ouvrir"
    NON_ELIGIBLE = "NON_ELIGIBLE", "Non éligible"


class Wish(models.TextChoices):
    RESTER = "RESTER", "Se maintenir dans le logement"
    PARTIR = "PARTIR", "Quitter le logement"
    RELOGEMENT = "RELOGEMENT", "Être relogé"


class MeasureStatus(models.TextChoices):
    # « un dispositif » : masculine labels (« FSL maintien — proposé depuis le … »).
    PROPOSEE = "PROPOSEE", "Proposé"
    DEMANDEE = "DEMANDEE", "Demandé"
    ACCORDEE = "ACCORDEE", "Accordé"
    REFUSEE = "REFUSEE", "Refusé"
    EN_COURS = "EN_COURS", "En cours"
    TERMINEE = "TERMINEE", "Terminé"


class AlertKind(models.TextChoices):
    DSF_NON_TRANSMIS = "DSF_NON_TRANSMIS", "DSF non transmis avant l'audience"
    DSF_RDV_SANS_SUITE = "DSF_RDV_SANS_SUITE", "Rendez-vous DSF passé sans suite"
    PLAN_IMPAYES = "PLAN_IMPAYES", "Échéances du plan d'apurement impayées"
    ORIENTATION_SANS_REPONSE = "ORIENTATION_SANS_REPONSE", "Orientation sans réponse"
    ORIENTATION_A_TRAITER = "ORIENTATION_A_TRAITER", "Orientation reçue à traiter"
    ECHEANCE_PROCEDURE = "ECHEANCE_PROCEDURE", "Échéance de la procédure proche"
    RELANCE_DISPOSITIF = "RELANCE_DISPOSITIF", "Dispositif à relancer"
    MANUELLE = "MANUELLE", "Tâche manuelle"
    RECOMMANDATION = "RECOMMANDATION", "Recommandation de commission à mettre en œuvre"


# Generated tasks that remind of a date and mean nothing once it has passed: a deadline
# approaching, a DSF to send before the hearing. Their job closes them the night after;
# until then no page shows them (docs/decisions/2026-12-06-passed-deadlines.md). The
# others stay until done (a referral to answer, a measure to follow up: « en retard »).
EXPIRE_WHEN_DUE = (AlertKind.ECHEANCE_PROCEDURE.value, AlertKind.DSF_NON_TRANSMIS.value)


class PlanEndReason(models.TextChoices):
    # Written by the retention job only (prevex/support/retention.py).
    ANONYMISE = "ANONYMISE", "dossier anonymisé"


class PlanOrigin(models.TextChoices):
    NEGOCIE = "NEGOCIE", "Plan négocié avec le bailleur"
    JUGE = "JUGE", "Délais de paiement accordés par le juge"


class ReferralStatus(models.TextChoices):
    ENVOYEE = "ENVOYEE", "En attente de réponse"
    ACCEPTEE = "ACCEPTEE", "Acceptée"
    REFUSEE = "REFUSEE", "Déclinée"
    # Written by the retention job only (prevex/support/retention.py), never offered.
    ANONYMISE = "ANONYMISE", "Close : dossier anonymisé"


class ReferralReason(models.TextChoices):
    ACCES_DROIT = "ACCES_DROIT", "Information juridique (accès au droit)"
    ACCOMPAGNEMENT = "ACCOMPAGNEMENT", "Accompagnement social"
    DSF = "DSF", "Réalisation du DSF"
    AIDE_FINANCIERE = "AIDE_FINANCIERE", "Aide financière"
    SURENDETTEMENT = "SURENDETTEMENT", "Surendettement"
    HEBERGEMENT = "HEBERGEMENT", "Hébergement ou relogement"
    AUTRE = "AUTRE", "Autre"
